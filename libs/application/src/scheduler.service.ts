import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MetricsSources, schedulerBacklogGauges } from '@setia/platform';
import { Scheduler } from './scheduler';
import { SchedulerThreads } from './scheduler-threads';
import type { SchedulerThreadConfig } from './scheduler-threads';

/** How often the scheduler looks for what fell due. */
const INTERVAL_MS = 1000;

export const SCHEDULER_SETTINGS = Symbol('SCHEDULER_SETTINGS');

/** How many threads decide beside the scheduler's own (SETIA_SCHEDULER_THREADS), and the stores they open. */
export interface SchedulerSettings {
  threads: number;
  stores: SchedulerThreadConfig;
}

/**
 * Runs the scheduler in the background: its subscription, a look at what fell due every second,
 * and the threads that decide beside it (from the built JavaScript; the sources' tests decide on
 * the one thread).
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<unknown> | undefined;
  private threads: SchedulerThreads | undefined;

  constructor(
    readonly scheduler: Scheduler,
    @Inject(SCHEDULER_SETTINGS) private readonly settings: SchedulerSettings,
    @Optional() private readonly metrics?: MetricsSources,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.scheduler.prepare();
    if (this.settings.threads > 0 && SchedulerThreads.runnable()) {
      this.threads = new SchedulerThreads(this.settings.threads, this.settings.stores);
      await this.threads.start(this.metrics);
      this.scheduler.useThreads(this.threads);
      const threads = this.settings.threads;
      this.logger.log(`${threads} thread${threads === 1 ? ' decides' : 's decide'} beside the scheduler's own (SETIA_SCHEDULER_THREADS)`);
    }
    await this.scheduler.subscription.start();
    schedulerBacklogGauges(() => this.scheduler.backlog());
    this.timer = setInterval(() => {
      if (this.pass) return;
      this.pass = this.scheduler
        .runDue()
        .catch((error: Error) => this.logger.error(`what fell due was not decided: ${error.message}; trying again`))
        .finally(() => (this.pass = undefined));
    }, INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.scheduler.subscription.stop();
    await this.pass;
    this.scheduler.useThreads(undefined);
    await this.threads?.stop();
  }

  /** True once the subscription has caught up with the stored events. */
  isLive(): boolean {
    return this.scheduler.subscription.isLive();
  }
}
