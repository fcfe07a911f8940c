'use strict';
/**
 * The SQLite event store's writer thread. It commits each batch of appends in one transaction,
 * checking every expected revision inside it; the fsync of a durable commit then blocks this
 * thread instead of the event loop that serves requests. Plain JavaScript so that it runs as it
 * is, from the sources under jest and from the build.
 *
 * In:  { batch: [{ stream, expected, rows: [{ id, type, data, metadata }] }] }
 * Out: { outcomes: [{ nextExpectedRevision, position } | { conflict: { stream, expected, actual } }] }
 *      or { error: message } when the transaction failed as a whole.
 */
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${workerData.synchronous}`);
db.pragma('busy_timeout = 5000');
const lastRevision = db.prepare('SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1');
const insert = db.prepare('INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
const lastPosition = db.prepare('SELECT MAX(position) AS position FROM events');

function satisfies(expected, actual) {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  if (expected === 'stream_exists') return actual >= 0;
  return actual === expected;
}

function commit(batch) {
  const outcomes = [];
  db.exec('BEGIN IMMEDIATE');
  try {
    const recordedAt = Date.now();
    for (const append of batch) {
      const actual = lastRevision.get(append.stream)?.revision ?? -1;
      if (!satisfies(append.expected, actual)) {
        outcomes.push({ conflict: { stream: append.stream, expected: append.expected, actual } });
        continue;
      }
      let revision = actual;
      let position = 0;
      for (const row of append.rows) {
        revision += 1;
        position = Number(insert.run(append.stream, revision, row.id, row.type, row.data, row.metadata, recordedAt).lastInsertRowid);
      }
      if (append.rows.length === 0) position = lastPosition.get()?.position ?? 0;
      outcomes.push({ nextExpectedRevision: revision, position });
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return outcomes;
}

parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.postMessage({ closed: true });
    return;
  }
  try {
    parentPort.postMessage({ outcomes: commit(message.batch) });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
