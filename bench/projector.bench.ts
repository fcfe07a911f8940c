import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@setia/event-store';
import { rebuildReadModels } from '@setia/projections';
import { SqliteReadStoreEngine } from '@setia/read-store';
import { generateLedger } from './ledger-generator';

/** Rebuild of every read model from 100,000 events, embedded store to embedded read store. */
export async function benchProjector(events = 100_000): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'setia-bench-projector-'));
  try {
    const store = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
    await generateLedger(store, { tenant: 'bench', customers: 5000, events, seed: 5 });
    const engine = new SqliteReadStoreEngine(join(dir, 'read-models.sqlite'));
    const result = await rebuildReadModels(store, engine);
    console.log(
      `projector (rebuild, SQLite → SQLite): ${result.events} events in ${result.seconds.toFixed(1)} s = ` +
        `${Math.round(result.events / result.seconds)} events/s`,
    );
    await engine.close();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
