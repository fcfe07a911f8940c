import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteFile } from './sqlite-file';
import { SqliteWriter, decodeCommitRequest, flattenCommitReply } from './sqlite-writer';
import type { EncodedCommitRequest } from './sqlite-writer';

/** What the store gives its writer thread. */
export interface WriterThreadData {
  file: string;
  synchronous: 'FULL' | 'NORMAL';
  writerId: string;
}

/**
 * The SQLite event store's writer thread: each message is a commit (its appends encoded), answered with its reply
 * (flattened) in the order asked; 'close' closes the connection and ends the thread. It imports relative
 * modules and packages only, so it also runs from the TypeScript sources (see startModuleThread).
 */
const { file, synchronous, writerId } = workerData as WriterThreadData;
const db = openSqliteFile(file, synchronous);
const writer = new SqliteWriter(db, writerId);
const port = parentPort!;
port.on('message', (message: EncodedCommitRequest | 'close') => {
  if (message === 'close') {
    db.close();
    port.close();
    return;
  }
  port.postMessage(flattenCommitReply(writer.commit(decodeCommitRequest(message))));
});
