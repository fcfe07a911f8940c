import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@setia/event-store';
import { Projector, rebuildReadModels } from '@setia/projections';
import { SqliteReadStoreEngine } from '@setia/read-store';
import { generateLedger } from './ledger-generator';

const EVENTS = 1_000_000;
const CUSTOMERS = 50_000;

/** CPU seconds this process used while `work` ran, with its wall time. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; cpuSeconds: number }> {
  const started = Date.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return { result, seconds: (Date.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

const rate = (events: number, seconds: number) => Math.round(events / seconds).toLocaleString('en');

/**
 * The read models from 1,000,000 events of 50,000 customers, embedded store to embedded read
 * store: `npm run rebuild`'s work (a fresh generation, its indexes made once it is loaded), then a
 * live projector catching up from an empty read store (indexes kept up to date as it goes).
 * Events per second of wall time, and per second of CPU (the figure to compare on a shared machine).
 */
export async function benchProjector(): Promise<void> {
  // The figure the read-models issue set its target on (100,000 events of 5,000 customers), then 1,000,000.
  await rebuildAndCatchUp(100_000, 5000, false);
  // The same number of events over 100 customers (1,000 each): what a customer's long history
  // costs the projection of their next events, set beside the 20 each above.
  await rebuildAndCatchUp(100_000, 100, true);
  await rebuildAndCatchUp(EVENTS, CUSTOMERS, true);
}

async function rebuildAndCatchUp(events: number, customers: number, catchUpToo: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'setia-bench-projector-'));
  try {
    const store = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
    await generateLedger(store, { tenant: 'bench', customers, events, seed: 5 });

    if (!catchUpToo) {
      // As the HTTP benches do: the process's first rebuild compiles the projections' code as it
      // goes (one of millions of events hardly notices); printed, not the figure.
      const warmUpStore = new SqliteReadStoreEngine(join(dir, 'warm-up.sqlite'));
      const warmUp = await timed(() => rebuildReadModels(store, warmUpStore));
      await warmUpStore.close();
      console.log(`projector, rebuild warm-up, not the figure: ${warmUp.seconds.toFixed(1)} s = ${rate(warmUp.result.events, warmUp.seconds)} events/s`);
    }

    const rebuilt = new SqliteReadStoreEngine(join(dir, 'rebuilt.sqlite'));
    const rebuild = await timed(() => rebuildReadModels(store, rebuilt));
    const projected = rebuild.result.events;
    console.log(
      `projector, rebuild from ${projected.toLocaleString('en')} events of ${customers.toLocaleString('en')} customers (SQLite → SQLite): ${rebuild.seconds.toFixed(1)} s = ` +
        `${rate(projected, rebuild.seconds)} events/s (${rate(projected, rebuild.cpuSeconds)} per CPU second)`,
    );
    await rebuilt.close();
    if (!catchUpToo) {
      await store.close();
      return;
    }

    const live = new SqliteReadStoreEngine(join(dir, 'live.sqlite'));
    const projector = new Projector(store, live, { log: () => undefined, error: (message) => console.error(message) });
    const catchUp = await timed(async () => {
      await projector.start();
      while (!projector.status().live) await new Promise((resolve) => setTimeout(resolve, 10));
    });
    await projector.stop();
    console.log(
      `projector, live catch-up from an empty read store over the same events: ${catchUp.seconds.toFixed(1)} s = ` +
        `${rate(projected, catchUp.seconds)} events/s (${rate(projected, catchUp.cpuSeconds)} per CPU second)`,
    );
    await live.close();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
