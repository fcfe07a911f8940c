import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry, MetricsSources, SupervisedWorker } from '@setia/platform';
import type { BackgroundWork } from './background.worker';

const WORKER_FILE = join(__dirname, 'background.worker.js');

/**
 * The all-in-one's background work, each in a supervised worker thread (see SupervisedWorker): the
 * projector with the process managers, and the relay. Each reports on /health as `projector` and
 * `relay`, with its thread's state and restarts. Started before the API listens; stopped after it
 * has stopped answering. Their threads run at a lower priority than the API's (SETIA_BACKGROUND_NICE).
 */
@Injectable()
export class BackgroundWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly workers: SupervisedWorker[];

  constructor(registry: HealthRegistry, sources: MetricsSources) {
    this.workers = (['projector', 'relay'] as BackgroundWork[]).map((work) => {
      const logger = new Logger(`${work[0].toUpperCase()}${work.slice(1)} thread`);
      return new SupervisedWorker({
        name: work,
        file: WORKER_FILE,
        workerData: { work },
        log: (message) => logger.log(message),
        error: (message) => logger.error(message),
      });
    });
    for (const worker of this.workers) {
      registry.register(worker.name, () => worker.health());
      sources.register(worker.name, () => worker.ask('metrics'));
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    // Node's pool of threads for file and crypto work is made on its first use, with the priority of
    // the thread that uses it first: made here, by the API's thread, before the lowered threads start.
    await access(WORKER_FILE);
    try {
      await Promise.all(this.workers.map((worker) => worker.start()));
    } catch (error) {
      await this.onApplicationShutdown();
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop()));
  }
}
