import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@setia/event-store';
import { COLLECTIONS, PROJECTED_STREAM_PREFIXES, PROJECTOR_CHECKPOINT, rebuildReadModels } from '@setia/projections';
import { SqliteReadStoreEngine } from '@setia/read-store';
import { buildEntryPoints, exited, spawnEntryPoint } from './support/entry-points';
import { everyDocument } from './support/read-models';
import { generateLedger, seededRandom } from '../bench/ledger-generator';
import { eventually } from './support/setia-app';

const EVENTS = 100_000;
const KILLS = 5;


describe('projector crash (fault test): killed with SIGKILL at random moments, it loses and repeats nothing', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'setia-projector-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`after ${KILLS} SIGKILLs during ${EVENTS} events, every read model equals a clean rebuild, document for document`, async () => {
    buildEntryPoints();
    const events = new SqliteEventStore(join(dataDir, 'events.sqlite'), { synchronous: 'NORMAL' });
    await generateLedger(events, { tenant: 'kopi', customers: 3000, events: EVENTS, seed: 7 });
    const [last] = await events.readAll({ direction: 'backwards', maxCount: 1 });
    expect(PROJECTED_STREAM_PREFIXES.some((prefix) => last.streamName.startsWith(prefix))).toBe(true);

    const readModels = new SqliteReadStoreEngine(join(dataDir, 'read-models.sqlite'));
    const clean = new SqliteReadStoreEngine(join(dataDir, 'clean.sqlite'));
    const inParts = new SqliteReadStoreEngine(join(dataDir, 'in-parts.sqlite'));
    try {
      const checkpoint = async () => (await readModels.generation('g0').getCheckpoint(PROJECTOR_CHECKPOINT)) ?? '';
      const env = { SETIA_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', SETIA_SQLITE_SYNCHRONOUS: 'NORMAL' };
      const random = seededRandom(11);
      const positions = (await events.readAll({ maxCount: EVENTS })).map((event) => event.position);
      const checkpointsAtKill: string[] = [];

      for (let kill = 0; kill < KILLS; kill += 1) {
        // Each kill at a random place of its own sixth of the history, so it lands mid-way however fast
        // the projector runs (a kill timed in milliseconds came after the end on a quiet machine).
        const target = positions[Math.floor((EVENTS * (kill + 0.2 + 0.6 * random())) / (KILLS + 1))];
        const projector = spawnEntryPoint('apps/projector/src/main.js', env);
        await eventually(async () => ((await checkpoint()) >= target ? true : undefined), 60_000).catch((error: Error) => {
          throw new Error(`${error.message}; projector said: ${projector.output()}`);
        });
        projector.kill('SIGKILL');
        await exited(projector);
        checkpointsAtKill.push(await checkpoint());
      }
      // Every kill came before the end, so each restart had work left to repeat or resume.
      expect(checkpointsAtKill.every((position) => position < last.position)).toBe(true);

      const projector = spawnEntryPoint('apps/projector/src/main.js', env);
      await eventually(async () => ((await checkpoint()) === last.position ? true : undefined), 90_000);
      projector.kill('SIGTERM');
      await exited(projector);

      const rebuilt = await rebuildReadModels(events, clean);
      expect(rebuilt.events).toBe(EVENTS);

      // The rebuild holds its documents in memory between batches; written every 1,000 documents,
      // they are the same as written once at the end.
      expect((await rebuildReadModels(events, inParts, { batchSize: 1000, holdDocuments: 1000 })).events).toBe(EVENTS);
      expect(await inParts.generation('g1').getCheckpoint(PROJECTOR_CHECKPOINT)).toBe(last.position);

      const afterCrashes = await everyDocument(readModels);
      const fromClean = await everyDocument(clean);
      const fromParts = await everyDocument(inParts);
      for (const collection of Object.values(COLLECTIONS)) {
        expect(afterCrashes[collection].length).toBe(fromClean[collection].length);
        expect(afterCrashes[collection]).toEqual(fromClean[collection]);
        expect(fromParts[collection]).toEqual(fromClean[collection]);
      }
      expect(fromClean[COLLECTIONS.customers].length).toBeGreaterThan(2500);
    } finally {
      await Promise.all([readModels.close(), clean.close(), inParts.close(), events.close()]);
    }
  }, 300_000);
});
