import { Worker } from 'node:worker_threads';
import type { HealthReport } from './health';

/** First pause before a worker that ended is started again; it doubles up to the largest. */
const RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;
/** A worker that ran this long before ending starts again after the first pause. */
const STEADY_MS = 60_000;
/** How long a question (health, metrics) waits for the worker's answer. */
const ANSWER_TIMEOUT_MS = 2000;

/** Messages a worker sends (see serveSupervisor). */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'stopped' }
  | { type: 'answer'; id: number; value?: unknown; error?: string };

/** Messages the supervisor sends. */
export type SupervisorMessage = { type: 'stop' } | { type: 'ask'; id: number; question: string; argument?: unknown };

export interface SupervisedWorkerOptions {
  name: string;
  file: string;
  workerData?: unknown;
  log(message: string): void;
  error(message: string): void;
  /** The first pause before a restart (tests shorten it). */
  restartDelayMs?: number;
  /** How long stop() waits for the worker to stop by itself before terminating it. */
  stopTimeoutMs?: number;
}

type State = 'stopped' | 'starting' | 'running' | 'restarting' | 'stopping';

/**
 * One worker thread doing background work (the projector, the relay) beside the API, off its event
 * loop: started, asked questions (health, metrics), started again after a pause that grows when it
 * ends without being asked to, and stopped cleanly (it closes its own stores, then ends; terminated
 * after a limit). The first start fails with the worker's own error, so a configuration the
 * worker cannot run with stops start-up as it would in one process.
 */
export class SupervisedWorker {
  private worker: Worker | undefined;
  private state: State = 'stopped';
  private restarts = 0;
  private failuresInARow = 0;
  private startedAt = 0;
  private lastExit: string | null = null;
  private restartTimer: NodeJS.Timeout | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void; timer: NodeJS.Timeout }>();
  private stopped: Promise<void> | undefined;

  constructor(private readonly options: SupervisedWorkerOptions) {}

  get name(): string {
    return this.options.name;
  }

  /** Whether the worker is up and answering (not starting, restarting or stopped). */
  get isRunning(): boolean {
    return this.state === 'running';
  }

  /** Resolves once the worker said it is ready; rejects with its error if it failed to start. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => this.spawn(resolve, reject));
  }

  private spawn(onReady?: () => void, onFailed?: (error: Error) => void): void {
    this.state = 'starting';
    this.startedAt = Date.now();
    const worker = new Worker(this.options.file, { workerData: this.options.workerData });
    this.worker = worker;
    let failure: string | undefined;
    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'ready':
          this.state = 'running';
          onReady?.();
          break;
        case 'failed':
          failure = message.message;
          break;
        case 'answer': {
          const waiting = this.pending.get(message.id);
          if (!waiting) break;
          this.pending.delete(message.id);
          clearTimeout(waiting.timer);
          if (message.error === undefined) waiting.resolve(message.value);
          else waiting.reject(new Error(message.error));
          break;
        }
      }
    });
    worker.on('error', (error) => {
      failure ??= error.message;
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const [id, waiting] of this.pending) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error(`the ${this.name} worker ended`));
        this.pending.delete(id);
      }
      if (this.state === 'stopping' || this.state === 'stopped') {
        this.state = 'stopped';
        return;
      }
      const why = failure ?? `exit code ${code}`;
      this.lastExit = why;
      if (this.state === 'starting' && onFailed) {
        this.state = 'stopped';
        onFailed(new Error(why));
        return;
      }
      this.failuresInARow = Date.now() - this.startedAt >= STEADY_MS ? 1 : this.failuresInARow + 1;
      const delay = Math.min(MAX_RESTART_DELAY_MS, (this.options.restartDelayMs ?? RESTART_DELAY_MS) * 2 ** (this.failuresInARow - 1));
      this.state = 'restarting';
      this.options.error(`${this.name} worker ended (${why}); starting it again in ${delay} ms`);
      this.restartTimer = setTimeout(() => {
        this.restarts += 1;
        this.spawn(() => this.options.log(`${this.name} worker running again (restart ${this.restarts})`));
      }, delay);
    });
  }

  /**
   * Asks the running worker a question (see serveSupervisor), with an argument for work handed to
   * it; rejects when it does not answer in time.
   */
  ask<T>(question: string, argument?: unknown, timeoutMs = ANSWER_TIMEOUT_MS): Promise<T> {
    const worker = this.worker;
    if (!worker || this.state !== 'running') return Promise.reject(new Error(`the ${this.name} worker is ${this.state}`));
    const id = (this.nextId += 1);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the ${this.name} worker did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      worker.postMessage({ type: 'ask', id, question, argument } satisfies SupervisorMessage);
    });
  }

  /** The worker's own report of its work (asked as `health`), with the thread's state and restarts. */
  async health(): Promise<HealthReport> {
    const thread = { worker: this.state, restarts: this.restarts, lastExit: this.lastExit };
    if (this.state !== 'running') return { up: false, ready: false, ...thread };
    try {
      const report = await this.ask<HealthReport>('health');
      return { ...report, ...thread };
    } catch (error) {
      return { up: false, ready: false, ...thread, error: (error as Error).message };
    }
  }

  /** Asks the worker to stop and waits until it has ended (terminated after the limit). */
  stop(): Promise<void> {
    this.stopped ??= this.stopNow();
    return this.stopped;
  }

  private async stopNow(): Promise<void> {
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    this.state = worker ? 'stopping' : 'stopped';
    if (!worker) return;
    const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'stop' } satisfies SupervisorMessage);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.options.stopTimeoutMs ?? 20_000)));
    if ((await Promise.race([ended, late])) === 'late') {
      this.options.error(`${this.name} worker did not stop within ${this.options.stopTimeoutMs ?? 20_000} ms; terminating it`);
      await worker.terminate();
    }
    clearTimeout(timer);
    this.state = 'stopped';
  }
}
