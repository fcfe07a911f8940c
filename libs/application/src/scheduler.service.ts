import { Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { schedulerBacklogGauges } from '@setia/platform';
import { Scheduler } from './scheduler';

/** How often the scheduler looks for what fell due. */
const INTERVAL_MS = 1000;

/** Runs the scheduler in the background: its subscription, and a look at what fell due every second. */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<unknown> | undefined;

  constructor(readonly scheduler: Scheduler) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.scheduler.prepare();
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
  }

  /** True once the subscription has caught up with the stored events. */
  isLive(): boolean {
    return this.scheduler.subscription.isLive();
  }
}
