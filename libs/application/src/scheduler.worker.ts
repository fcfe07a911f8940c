import 'reflect-metadata';
import { workerData } from 'node:worker_threads';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventStoreModule } from '@setia/event-store';
import { PersonalDataModule } from '@setia/personal-data';
import { metricsAsJson, serveSupervisor, SetiaLogger } from '@setia/platform';
import { ReadStoreModule } from '@setia/read-store';
import { ApplicationModule } from './application.module';
import { Scheduler } from './scheduler';
import type { PassTimeChunk, SchedulerThreadConfig } from './scheduler-threads';

/**
 * A scheduler thread (see SchedulerThreads): the write side's services on the scheduler's stores,
 * deciding the chunks of customers it is handed, nothing on its own.
 */
async function start() {
  const config = workerData as SchedulerThreadConfig;
  @Module({
    imports: [
      // Appends committed on the store's own thread, while the next chunk is decided.
      EventStoreModule.forRoot(config.eventStore, { writerThread: true }),
      PersonalDataModule.forRoot(config.vault),
      ReadStoreModule.forRoot(config.readStore),
      ApplicationModule,
    ],
  })
  class SchedulerThreadModule {}
  const app = await NestFactory.createApplicationContext(SchedulerThreadModule, { logger: new SetiaLogger(config.logging, 'scheduler'), abortOnError: false });
  const scheduler = app.get(Scheduler);
  return {
    answers: {
      passTime: ({ tenant, customerIds, until }: PassTimeChunk) => scheduler.passTimeFor(tenant, customerIds, until),
      metrics: metricsAsJson,
    },
    stop: () => app.close(),
  };
}

void serveSupervisor(start);
