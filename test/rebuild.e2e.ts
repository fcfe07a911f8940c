import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@setia/event-store';
import { COLLECTIONS, PROJECTOR_CHECKPOINT } from '@setia/projections';
import { SqliteReadStoreEngine } from '@setia/read-store';
import { generateLedger } from '../bench/ledger-generator';
import { exited, spawnEntryPoint } from './support/entry-points';

describe('npm run rebuild: every read model rebuilt into a fresh generation, then switched over', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'setia-rebuild-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('rebuilds from the events, prints its progress and events/s, and switches the active generation', async () => {
    const events = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    const written = await generateLedger(events, { tenant: 'kopi', customers: 300, events: 5000, seed: 9 });
    const [last] = await events.readAll({ direction: 'backwards', maxCount: 1 });
    await events.close();

    const rebuild = spawnEntryPoint('apps/projector/src/rebuild.js', { SETIA_DATA_DIR: dataDir });
    expect(await exited(rebuild)).toBe(0);
    // Not on a terminal: plain progress lines, then the figure.
    expect(rebuild.output()).toMatch(/rebuild: \d+\/\d+ events, \d+ events\/s/);
    expect(rebuild.output()).toMatch(new RegExp(`rebuilt ${written} events into generation g1 \\(was g0\\) in [\\d.]+ s: \\d+ events/s`));

    const readModels = new SqliteReadStoreEngine(join(dataDir, 'read-models.sqlite'));
    expect(await readModels.activeGeneration()).toBe('g1');
    const store = readModels.generation('g1');
    expect(await store.getCheckpoint(PROJECTOR_CHECKPOINT)).toBe(last.position);
    expect(await store.count(COLLECTIONS.customers, { tenant: 'kopi' })).toBeGreaterThan(250);
    await readModels.close();
  }, 120_000);
});
