import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStoreEngine } from '@setia/read-store';
import type { ReadStore } from '@setia/read-store';
import { RememberedDocuments } from './remembered-documents';

const dir = mkdtempSync(join(tmpdir(), 'setia-remembered-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A generation of a real embedded read store, and a second engine on its file: another writer the projector would not know of. */
async function stores(): Promise<{ store: ReadStore; other: ReadStore; close(): Promise<void> }> {
  const file = join(dir, `${++files}.sqlite`);
  const engine = new SqliteReadStoreEngine(file);
  const otherEngine = new SqliteReadStoreEngine(file);
  return { store: engine.generation('g0'), other: otherEngine.generation('g0'), close: async () => (await engine.close(), await otherEngine.close()) };
}

const customer = (id: string, position: string, points: number) => ({ collection: 'customers', document: { _id: id, _position: position, points } });

describe('the documents the live projector remembers as it wrote them', () => {
  it('a document it wrote is read back as it wrote it, without the store; one it did not write comes from the store', async () => {
    const { store, other, close } = await stores();
    const remembered = new RememberedDocuments(store, 10);
    await remembered.putMany([customer('c1', '5', 100)]);
    await other.putMany([customer('c1', '6', 999), customer('c2', '6', 20)]);
    const found = await remembered.getMany('customers', ['c1', 'c2', 'c3']);
    expect(Object.fromEntries([...found].map(([id, doc]) => [id, doc.points]))).toEqual({ c1: 100, c2: 20 });
    // The store holds what was written through it.
    expect(await store.get('customers', 'c2')).toEqual({ _id: 'c2', _position: '6', points: 20 });
    await close();
  });

  it('keeps the most recently used up to its limit: the least recently used is read from the store again', async () => {
    const { store, other, close } = await stores();
    const remembered = new RememberedDocuments(store, 2);
    await remembered.putMany([customer('c1', '1', 1), customer('c2', '1', 2)]);
    await remembered.getMany('customers', ['c1']);
    await remembered.putMany([customer('c3', '2', 3)]);
    await other.putMany([customer('c1', '3', 10), customer('c2', '3', 20), customer('c3', '3', 30)]);
    const found = await remembered.getMany('customers', ['c1', 'c2', 'c3']);
    expect(Object.fromEntries([...found].map(([id, doc]) => [id, doc.points]))).toEqual({ c1: 1, c2: 20, c3: 3 });
    await close();
  });

  it('a write the store refused is not remembered, and the same id in another collection is another document', async () => {
    const { store, close } = await stores();
    const remembered = new RememberedDocuments(store, 10);
    await remembered.putMany([customer('c1', '1', 1), { collection: 'store_daily', document: { _id: 'c1', _position: '1', receipts: 4 } }]);
    await expect(remembered.putMany([customer('c1', '2', 2), { collection: 'customers', document: { _id: 'c9', points: 9 } as never }])).rejects.toThrow(
      'a document of customers needs a string _id and a string _position',
    );
    expect((await remembered.getMany('customers', ['c1', 'c9'])).get('c1')).toEqual({ _id: 'c1', _position: '1', points: 1 });
    expect((await remembered.getMany('customers', ['c9'])).size).toBe(0);
    expect((await remembered.getMany('store_daily', ['c1'])).get('c1')).toEqual({ _id: 'c1', _position: '1', receipts: 4 });
    await close();
  });
});
