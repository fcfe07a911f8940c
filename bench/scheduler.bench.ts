import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Module } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccessRegistry, ApplicationModule, operatorPrincipal, Scheduler, SchedulerThreads, schedulerThreadConfig } from '@setia/application';
import { EVENT_STORE, EventStoreModule } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';
import { PersonalData, PersonalDataModule } from '@setia/personal-data';
import { loadConfig } from '@setia/platform';
import { ReadStoreModule } from '@setia/read-store';
import { generateDueLots } from './ledger-generator';
import { benchRounds, median, perRound } from './rounds';

const execFileAsync = promisify(execFile);

/**
 * The scheduler on the embedded stores of a data directory, in this process, with nothing running
 * on its own; its store commits on a thread, as in the projector's process. With `threads`, that
 * many threads decide beside it, as the projector's process starts them (SETIA_SCHEDULER_THREADS;
 * from the built JavaScript only); closing the app stops them.
 */
export async function openScheduler(dataDir: string, options: { threads?: number } = {}): Promise<{ app: INestApplicationContext; scheduler: Scheduler; store: EventStore }> {
  const config = loadConfig({ SETIA_DATA_DIR: dataDir, SETIA_SQLITE_SYNCHRONOUS: 'FULL' });
  @Module({ imports: [EventStoreModule.forRoot(config.eventStore, { writerThread: true }), PersonalDataModule.forRoot(config.vault), ReadStoreModule.forRoot(config.readStore), ApplicationModule] })
  class SchedulerModule {}
  const app = await NestFactory.createApplicationContext(SchedulerModule, { logger: false });
  const scheduler = app.get(Scheduler);
  await scheduler.prepare();
  if (options.threads) {
    const stores = schedulerThreadConfig(config);
    const threads = new SchedulerThreads(options.threads, { ...stores, logging: { ...stores.logging, level: 'error' } });
    await threads.start();
    scheduler.useThreads(threads);
    const close = app.close.bind(app);
    app.close = async () => {
      scheduler.useThreads(undefined);
      await threads.stop();
      await close();
    };
  }
  return { app, scheduler, store: app.get<EventStore>(EVENT_STORE) };
}

/**
 * A tenant (not a sandbox: the system's time) whose members' points have all expired: each
 * enrolled and earned once 62 days ago, under a program whose points last a month.
 */
export async function seedDueLots(dataDir: string, tenant: string, members: number): Promise<number> {
  const { app, store } = await openScheduler(dataDir);
  try {
    await app.get(AccessRegistry).createTenant(tenant, operatorPrincipal('seed'));
    const earnedAt = new Date(Date.now() - 62 * 86_400_000).toISOString();
    return await generateDueLots(store, app.get(PersonalData), { tenant, members, earnedAt });
  } finally {
    await app.close();
  }
}

/**
 * The scheduler's due decisions on the embedded store: members whose lots have all expired, then
 * one pass of the scheduler (its index caught up first, apart). Each decision loads the member's
 * ledger (a page of them at once), decides the expiry and appends it. In rounds (benchRounds), each
 * a pass over a copy of the one world seeded, then their median.
 */
export async function benchScheduler(members = 100_000): Promise<void> {
  const seededDir = mkdtempSync(join(tmpdir(), 'setia-bench-scheduler-'));
  // As many threads beside the scheduler's as the projector's process starts on this machine.
  const threads = loadConfig().scheduler.threads;
  const rounds = benchRounds();
  const rates: number[] = [];
  const cpus: number[] = [];
  try {
    // Seeded by a process of its own, as the API's would have written them: seeded in this one, the
    // pass ran in the seeder's heap and with code compiled for it, at about a fifth more CPU per decision.
    const { stdout } = await execFileAsync(process.execPath, [...process.execArgv, join(__dirname, 'seed-due-lots.main.js'), seededDir, 'bench', String(members)]);
    const seeded = Number(stdout.trim());
    for (let round = 1; round <= rounds; round++) {
      const dir = mkdtempSync(join(tmpdir(), 'setia-bench-scheduler-round-'));
      try {
        cpSync(seededDir, dir, { recursive: true });
        const { app, scheduler } = await openScheduler(dir, { threads });
        try {
          const indexed = Date.now();
          await scheduler.catchUp();
          const indexSeconds = (Date.now() - indexed) / 1000;
          const started = Date.now();
          const cpu = process.cpuUsage();
          const decided = await scheduler.runDue();
          const seconds = (Date.now() - started) / 1000;
          const { user, system } = process.cpuUsage(cpu);
          // CPU per decision (all the process's threads) tells the cost apart from a machine busy with other work.
          const cpuMicros = Math.round((user + system) / decided);
          rates.push(decided / seconds);
          cpus.push(cpuMicros);
          console.log(
            `scheduler${rounds > 1 ? `, round ${round} of ${rounds}` : ''} (SQLite FULL, ${threads} thread${threads === 1 ? '' : 's'} beside its own): ` +
              `${decided.toLocaleString('en')} due decisions (an expiry each) in ${seconds.toFixed(1)} s = ` +
              `${Math.round(decided / seconds).toLocaleString('en')} decisions/s, ${cpuMicros} µs of CPU each (${Math.round(1e6 / cpuMicros).toLocaleString('en')} per CPU second); ` +
              `its index of ${seeded.toLocaleString('en')} events built in ${indexSeconds.toFixed(1)} s; node ${process.execArgv.join(' ') || 'without flags'}`,
          );
        } finally {
          await app.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    if (rounds > 1) {
      console.log(
        `scheduler, the median of ${rounds} rounds: ${Math.round(median(rates)).toLocaleString('en')} due decisions/s ` +
          `(${perRound(rates, (rate) => Math.round(rate).toLocaleString('en'))}), ${Math.round(median(cpus))} µs of CPU each (${perRound(cpus, String)})`,
      );
    }
  } finally {
    rmSync(seededDir, { recursive: true, force: true });
  }
}
