import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readStoreContract } from '../read-store.contract';
import { SqliteReadStoreEngine } from './sqlite-read-store';

const dir = mkdtempSync(join(tmpdir(), 'setia-sqlite-rs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

readStoreContract('sqlite', async () => new SqliteReadStoreEngine(join(dir, `contract-${++files}.sqlite`)));

describe('SQLite read store: one file, several engines', () => {
  it('a second engine on the same file sees the active generation, documents and checkpoints', async () => {
    const file = join(dir, 'shared.sqlite');
    const writer = new SqliteReadStoreEngine(file);
    const reader = new SqliteReadStoreEngine(file);
    await writer.generation('g1').putMany([{ collection: 'customers', document: { _id: 'c', _position: '1', v: 1 } }]);
    await writer.generation('g1').setCheckpoint('projector', '1');
    await writer.setActiveGeneration('g1');
    expect(await reader.activeGeneration()).toBe('g1');
    expect((await reader.generation('g1').get('customers', 'c'))?.v).toBe(1);
    expect(await reader.generation('g1').getCheckpoint('projector')).toBe('1');
    await writer.close();
    await reader.close();
  });

  it('a file from before checkpoints kept their event\'s time gains the column: its checkpoint reads with no time until the next is set', async () => {
    const file = join(dir, 'before-recorded-at.sqlite');
    const old = new Database(file);
    old.exec(`CREATE TABLE read_store_checkpoints (generation TEXT NOT NULL, name TEXT NOT NULL, position TEXT NOT NULL, PRIMARY KEY (generation, name));
      INSERT INTO read_store_checkpoints VALUES ('g0', 'projector', '7')`);
    old.close();
    const engine = new SqliteReadStoreEngine(file);
    expect(await engine.generation('g0').getCheckpointRecord('projector')).toEqual({ position: '7', recordedAt: null });
    await engine.generation('g0').setCheckpoint('projector', '8', '2026-03-01T08:00:00.000Z');
    expect(await engine.generation('g0').getCheckpointRecord('projector')).toEqual({ position: '8', recordedAt: '2026-03-01T08:00:00.000Z' });
    await engine.close();
  });

  it('a table dropped by another engine reads as empty, and can be written again', async () => {
    const file = join(dir, 'dropped.sqlite');
    const a = new SqliteReadStoreEngine(file);
    const b = new SqliteReadStoreEngine(file);
    await a.generation('g1').putMany([{ collection: 'customers', document: { _id: 'c', _position: '1' } }]);
    expect(await b.generation('g1').get('customers', 'c')).not.toBeNull();
    await a.dropGeneration('g1');
    expect(await b.generation('g1').get('customers', 'c')).toBeNull();
    await b.generation('g1').putMany([{ collection: 'customers', document: { _id: 'c', _position: '2' } }]);
    expect((await a.generation('g1').get('customers', 'c'))?._position).toBe('2');
    await a.close();
    await b.close();
  });

  it('an indexed filter and sort use the expression index', async () => {
    const engine = new SqliteReadStoreEngine(join(dir, 'plan.sqlite'));
    const store = engine.generation('g0');
    await store.ensureIndexes([{ collection: 'customers', fields: [['tier', 1], ['lastPurchase', 1]] }]);
    await store.putMany(Array.from({ length: 2000 }, (_, i) => ({
      collection: 'customers',
      document: { _id: `c${i}`, _position: '1', tier: ['gold', 'silver', 'bronze'][i % 3], lastPurchase: `2024-01-${(i % 28) + 1}` },
    })));
    const db = (engine as unknown as { db: import('better-sqlite3').Database }).db;
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT doc FROM doc_g0_customers WHERE (json_extract(doc, '$."tier"') = ? AND json_type(doc, '$."tier"') = 'text') ORDER BY json_extract(doc, '$."tier"') ASC, json_extract(doc, '$."lastPurchase"') ASC, id ASC`)
      .all('gold') as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).join('\n')).toMatch(/USING INDEX/);
    await engine.close();
  });

  it('writes 20,000 documents in one batch quickly', async () => {
    const engine = new SqliteReadStoreEngine(join(dir, 'speed.sqlite'));
    const store = engine.generation('g0');
    const writes = Array.from({ length: 20_000 }, (_, i) => ({
      collection: 'customers',
      document: { _id: `c${i}`, _position: String(i).padStart(20, '0'), points: i, tier: 'gold', home: { store: 's1' } },
    }));
    const started = process.hrtime.bigint();
    await store.putMany(writes);
    await store.putMany(writes);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`sqlite read store: 40,000 guarded writes in ${ms.toFixed(0)} ms (${Math.round(40_000 / (ms / 1000))} docs/s)`);
    expect(await store.count('customers', {})).toBe(20_000);
    await engine.close();
  });
});
