import 'reflect-metadata';
import { workerData } from 'node:worker_threads';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { RelayService } from '@setia/messaging';
import { loadConfig, lowerThreadPriority, metricsAsJson, MetricsSources, serveSupervisor, SetiaLogger } from '@setia/platform';
import { ProjectorService } from '@setia/projections';
import { ProjectorAppModule } from '../../projector/src/projector-app.module';
import { RelayAppModule } from '../../relay/src/relay-app.module';

/** What one of the all-in-one's background threads runs. */
export type BackgroundWork = 'projector' | 'relay';

/**
 * A thread of the all-in-one (see BackgroundWorkers): the projector and the process managers, or
 * the relay, each in a Nest application context of its own, with its own connections to the
 * stores, so their work never waits on, or holds up, the API's event loop.
 */
async function start(work: BackgroundWork) {
  const config = loadConfig();
  // First, so the threads its stores start (a writer, a checkpointer) run at the same priority.
  const thread = lowerThreadPriority(config.background.nice);
  const module = work === 'projector' ? ProjectorAppModule.forRoot(config) : RelayAppModule.forRoot(config);
  const app: INestApplicationContext = await NestFactory.createApplicationContext(module, {
    logger: new SetiaLogger(config.logging, work),
    abortOnError: false,
  });
  await app.init();
  const health =
    work === 'projector'
      ? async () => ({ ...(await app.get(ProjectorService).health()), thread })
      : async () => {
          const status = await app.get(RelayService).health();
          return { ...status, up: status.connected && status.state !== 'stopped', thread };
        };
  // The projector's thread adds the metrics of the threads it started (the scheduler's).
  const metrics = work === 'projector' ? () => app.get(MetricsSources).json() : metricsAsJson;
  return { answers: { health, metrics }, stop: () => app.close() };
}

void serveSupervisor(() => start((workerData as { work: BackgroundWork }).work));
