import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@setia/event-store';
import type { Position, RecordedEvent } from '@setia/event-store';
import { PROJECTOR_CHECKPOINT, applyBatch, rebuildReadModels } from '@setia/projections';
import { SqliteReadStoreEngine } from '@setia/read-store';
import type { DocumentWrite, ReadDocument, ReadStore } from '@setia/read-store';
import { everyDocument } from './support/read-models';
import { generateLedger } from '../bench/ledger-generator';

/**
 * Crashes at each step of a batch, deterministically: the real SQLite read store, with a fault
 * injected between the projector's writes (dashboards, then customers and programs, then the
 * checkpoint). After each crash the projector restarts from the stored checkpoint.
 */
class Crash extends Error {}

type Step = 'dashboards' | 'entities' | 'checkpoint';

function crashingAfter(store: ReadStore, step: Step, onBatch: number): ReadStore {
  let batch = 0;
  let puts = 0;
  return {
    ...store,
    ensureIndexes: (indexes) => store.ensureIndexes(indexes),
    get: (collection, id) => store.get(collection, id),
    getMany: (collection, ids) => store.getMany(collection, ids),
    find: (collection, filter, options) => store.find(collection, filter, options),
    count: (collection, filter) => store.count(collection, filter),
    getCheckpoint: (name) => store.getCheckpoint(name),
    async putMany(writes: DocumentWrite[]) {
      await store.putMany(writes);
      puts += 1;
      if (puts % 2 === 1) batch += 1;
      if (batch === onBatch && ((step === 'dashboards' && puts % 2 === 1) || (step === 'entities' && puts % 2 === 0))) throw new Crash();
    },
    async setCheckpoint(name: string, position: Position) {
      await store.setCheckpoint(name, position);
      if (step === 'checkpoint' && batch === onBatch) throw new Crash();
    },
  };
}


describe('projector faults: a crash between any two writes of a batch changes no read model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'setia-projector-faults-'));
  const events = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
  let all: RecordedEvent[];
  let clean: Record<string, ReadDocument[]>;

  beforeAll(async () => {
    await generateLedger(events, { tenant: 'kopi', customers: 200, events: 6000, seed: 3 });
    all = await events.readAll({ maxCount: 100_000 });
    const engine = new SqliteReadStoreEngine(join(dir, 'clean.sqlite'));
    await rebuildReadModels(events, engine);
    clean = await everyDocument(engine);
    await engine.close();
  }, 60_000);
  afterAll(async () => {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each<Step>(['dashboards', 'entities', 'checkpoint'])('crashing after writing the %s of a batch, then resuming, equals a clean rebuild', async (step) => {
    const engine = new SqliteReadStoreEngine(join(dir, `after-${step}.sqlite`));
    const store = engine.generation('g0');
    const batchSize = 500;
    // Batches of the first run: crash in the 5th; resume with other batch boundaries.
    const faulty = crashingAfter(store, step, 5);
    let crashed = false;
    for (let from = 0; from < all.length; from += batchSize) {
      try {
        await applyBatch(faulty, all.slice(from, from + batchSize));
      } catch (error) {
        if (!(error instanceof Crash)) throw error;
        crashed = true;
        break;
      }
    }
    expect(crashed).toBe(true);
    const checkpoint = await store.getCheckpoint(PROJECTOR_CHECKPOINT);
    const rest = all.filter((event) => checkpoint === undefined || event.position > checkpoint);
    for (let from = 0; from < rest.length; from += 333) await applyBatch(store, rest.slice(from, from + 333));

    expect(await everyDocument(engine)).toEqual(clean);
    await engine.close();
  });
});
