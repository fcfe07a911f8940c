import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { closeThread } from '@setia/platform';

/** Least time between two checkpoints asked of the thread. */
const CHECKPOINT_INTERVAL_MS = 100;

/**
 * Checkpoints a SQLite file's WAL on a thread of its own, asked after commits at most every
 * 100 ms. Left to SQLite, the connection whose commit brings the WAL past its autocheckpoint size
 * copies the WAL back into the database file and fsyncs it there and then: under load that
 * stalled the event loop, and every request waiting on the commit, every few dozen commits. With
 * this thread the writer's autocheckpoint only has the frames since the last pass left, and the
 * slowest commits are no longer the checkpoint's.
 */
export class SqliteCheckpointer {
  private worker: Worker | undefined;
  private lastAsked = 0;
  private stopped = false;

  constructor(private readonly file: string) {}

  /** Called after each commit. */
  committed(): void {
    if (this.stopped) return;
    const now = Date.now();
    if (now - this.lastAsked < CHECKPOINT_INTERVAL_MS) return;
    this.lastAsked = now;
    this.worker ??= this.start();
    this.worker?.postMessage('checkpoint');
  }

  /** The thread, or none when it cannot start: the writer's own autocheckpoint then does the work, as without it. */
  private start(): Worker | undefined {
    let worker: Worker;
    try {
      worker = new Worker(join(__dirname, 'sqlite-checkpointer.worker.js'), { workerData: { file: this.file } });
    } catch (error) {
      this.giveUp(`could not start: ${(error as Error).message}`);
      return undefined;
    }
    // Never what keeps a process running.
    worker.unref();
    let warned = false;
    worker.on('message', (message: { failed: string }) => {
      if (!warned) process.emitWarning(`SQLite checkpoint of ${this.file} failed (later failures are not reported): ${message.failed}`);
      warned = true;
    });
    worker.on('error', (error) => this.giveUp(`stopped: ${error.message}`));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.stopped = true;
    });
    return worker;
  }

  private giveUp(reason: string): void {
    this.stopped = true;
    this.worker = undefined;
    process.emitWarning(`SQLite checkpointer of ${this.file} ${reason}; the writer checkpoints alone`);
  }

  /** Waits for a checkpoint under way to finish, then ends the thread. */
  async stop(): Promise<void> {
    this.stopped = true;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await closeThread(worker);
  }
}
