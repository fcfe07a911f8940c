'use strict';
/**
 * The SQLite event store's checkpointer thread: on each 'checkpoint' message it copies the WAL's
 * committed frames back into the database file with a PASSIVE checkpoint, which never blocks the
 * writer or readers. Plain JavaScript, so that it runs as it is from the sources under jest and
 * from the build.
 *
 * In:  'checkpoint' | 'close'
 * Out: { failed: message } when a checkpoint failed (the writer's own autocheckpoint still runs).
 */
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');

const db = new Database(workerData.file, { fileMustExist: true });
// Another checkpoint running (the writer's own, another process's) is no reason to wait: skip.
db.pragma('busy_timeout = 0');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    checkpoint.run();
  } catch (error) {
    if (error.code !== 'SQLITE_BUSY') parentPort.postMessage({ failed: error.message });
  }
});
