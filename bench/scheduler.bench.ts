import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccessRegistry, ApplicationModule, operatorPrincipal, Scheduler } from '@setia/application';
import { EVENT_STORE, EventStoreModule } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';
import { PersonalData, PersonalDataModule } from '@setia/personal-data';
import { loadConfig } from '@setia/platform';
import { ReadStoreModule } from '@setia/read-store';
import { generateDueLots } from './ledger-generator';

/**
 * The scheduler's due decisions on the embedded store: members whose lots have all expired, then
 * one pass of the scheduler (its index caught up first, apart). Each decision loads the member's
 * ledger (most not cached), decides the expiry and appends it.
 */
export async function benchScheduler(members = 100_000): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'setia-bench-scheduler-'));
  const config = loadConfig({ SETIA_DATA_DIR: dir, SETIA_SQLITE_SYNCHRONOUS: 'FULL' });
  @Module({ imports: [EventStoreModule.forRoot(config.eventStore), PersonalDataModule.forRoot(config.vault), ReadStoreModule.forRoot(config.readStore), ApplicationModule] })
  class SchedulerBenchModule {}
  const app = await NestFactory.createApplicationContext(SchedulerBenchModule, { logger: false });
  try {
    const store = app.get<EventStore>(EVENT_STORE);
    await app.get(AccessRegistry).createTenant('bench', operatorPrincipal('bench'));
    const earnedAt = new Date(Date.now() - 62 * 86_400_000).toISOString();
    await generateDueLots(store, app.get(PersonalData), { tenant: 'bench', members, earnedAt });
    const scheduler = app.get(Scheduler);
    await scheduler.prepare();
    const indexed = Date.now();
    await scheduler.catchUp();
    const indexSeconds = (Date.now() - indexed) / 1000;
    const started = Date.now();
    const decided = await scheduler.runDue();
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `scheduler (SQLite FULL): ${decided.toLocaleString('en')} due decisions (an expiry each) in ${seconds.toFixed(1)} s = ` +
        `${Math.round(decided / seconds).toLocaleString('en')} decisions/s; its index of ${(members * 3).toLocaleString('en')} events built in ${indexSeconds.toFixed(1)} s`,
    );
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
