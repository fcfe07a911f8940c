import { parentPort } from 'node:worker_threads';
import { decideHistories } from './histories';
import type { HistoryTask } from './histories';

/** A worker thread of the scale world: decides the histories of the blocks of members it is sent. */
parentPort!.on('message', (task: HistoryTask) => {
  decideHistories(task).then(
    (result) => parentPort!.postMessage({ ok: result }),
    (error: unknown) => parentPort!.postMessage({ error: String((error as Error).stack ?? error) }),
  );
});
