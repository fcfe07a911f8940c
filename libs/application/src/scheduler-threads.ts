import { extname, join } from 'node:path';
import { Logger } from '@nestjs/common';
import { SupervisedWorker } from '@setia/platform';
import type { MetricsSources, SetiaConfig } from '@setia/platform';
import type { PassDeciders, PassOutcome } from './scheduler';

/** What a scheduler thread opens: the same stores as the scheduler's own process. */
export type SchedulerThreadConfig = Pick<SetiaConfig, 'eventStore' | 'vault' | 'readStore' | 'logging'>;

/** The stores and logging a scheduler thread opens, from the process's configuration. */
export function schedulerThreadConfig({ eventStore, vault, readStore, logging }: SetiaConfig): SchedulerThreadConfig {
  return { eventStore, vault, readStore, logging };
}

/** What one chunk of customers asks of a thread. */
export interface PassTimeChunk {
  tenant: string;
  customerIds: string[];
  until: string;
}

/** A chunk decided on a loaded machine takes milliseconds; a thread silent this long is taken for failed. */
const CHUNK_TIMEOUT_MS = 120_000;

const WORKER_FILE = join(__dirname, `scheduler.worker${extname(__filename)}`);

/**
 * Threads that decide a scheduler pass's customers beside the scheduler's own (Scheduler.decide
 * hands them chunks), each a Nest application context of its own with its own connections to the
 * stores and a ledger of its own: a pass keeps a core busy reading, deciding and appending, and
 * the store's commits need only a part of another. Every decision is the customer ledger's as
 * anywhere else; a customer decided by two deciders at once is caught by the append's expected
 * revision. Supervised: a thread that ends is started again, and its chunk is decided by the
 * scheduler's own thread meanwhile.
 *
 * Run from the built JavaScript only: a thread cannot load the TypeScript sources' path aliases.
 */
export class SchedulerThreads implements PassDeciders {
  private readonly logger = new Logger('Scheduler threads');
  private readonly workers: SupervisedWorker[];

  constructor(count: number, config: SchedulerThreadConfig) {
    this.workers = Array.from(
      { length: count },
      (_, n) =>
        new SupervisedWorker({
          name: `scheduler-${n + 1}`,
          file: WORKER_FILE,
          workerData: config,
          log: (message) => this.logger.log(message),
          error: (message) => this.logger.error(message),
        }),
    );
  }

  /** Whether threads can run here: from the built JavaScript, not from the TypeScript sources (tests). */
  static runnable(): boolean {
    return extname(__filename) === '.js';
  }

  async start(metrics?: MetricsSources): Promise<void> {
    try {
      await Promise.all(this.workers.map((worker) => worker.start()));
    } catch (error) {
      await this.stop();
      throw error;
    }
    // Their commands and appends count in this process's /metrics.
    for (const worker of this.workers) metrics?.register(worker.name, () => worker.ask('metrics'));
  }

  stop(): Promise<unknown> {
    return Promise.all(this.workers.map((worker) => worker.stop()));
  }

  /** The threads that run now (not one being started again), each deciding a chunk of customers when asked. */
  running(): ReturnType<PassDeciders['running']> {
    return this.workers.filter((worker) => worker.isRunning).map((worker) => ({
      passTimeFor: (tenant, customerIds, until) => worker.ask<PassOutcome[]>('passTime', { tenant, customerIds, until } satisfies PassTimeChunk, CHUNK_TIMEOUT_MS),
    }));
  }
}
