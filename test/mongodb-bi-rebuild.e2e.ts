import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Db, Document } from 'mongodb';
import { COLLECTIONS, READ_MODEL_INDEXES } from '@setia/projections';
import { exited, spawnEntryPoint } from './support/entry-points';
import { mongoServerRunnable, startMongoTestServer } from './support/mongodb-server';
import type { MongoTestServer } from './support/mongodb-server';
import { PROGRAM, purchase } from './support/program';
import { eventually, startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';

/**
 * A BI client on the plain `mongodb` driver that knows only the collection names of
 * docs/read-models.md reads the same documents before and after `npm run rebuild`, run while the
 * API and its projector keep going (FerretDB 1.x here; MONGODB_URL for a real MongoDB).
 */
const port = process.env.FERRETDB_REBUILD_TEST_PORT ?? '27026';
const T = '/v1/tenants/kopi';

/** The collections docs/read-models.md documents, from its headings (`## customers — …`). */
function documentedCollections(): string[] {
  const text = readFileSync(join(__dirname, '..', 'docs', 'read-models.md'), 'utf8');
  return [...text.matchAll(/^## ([a-z_]+)(?: —|$)/gm)].map((match) => match[1]);
}

type Snapshot = Record<string, Document[]>;

/**
 * What docs/read-models.md tells a BI tool that wants one consistent read: note
 * `setia_meta.active_generation`, read, and read it again; a switch under way or finished meanwhile
 * (`switching` set, or another `epoch`) means read again.
 */
async function consistentRead(db: Db, names: string[]): Promise<{ generation: string; documents: Snapshot; attempts: number }> {
  for (let attempts = 1; ; attempts++) {
    const before = await db.collection('setia_meta').findOne({ _id: 'active_generation' as never });
    const documents: Snapshot = {};
    for (const name of names) documents[name] = await db.collection(name).find({ tenant: 'kopi' }).sort({ _id: 1 }).toArray();
    const after = await db.collection('setia_meta').findOne({ _id: 'active_generation' as never });
    if (before && !before.switching && after?.epoch === before.epoch) return { generation: before.generation, documents, attempts };
  }
}

if (!mongoServerRunnable) it.todo('BI reads the same collection names before and after a rebuild (needs MONGODB_URL or Go to build FerretDB)');

if (mongoServerRunnable) describe('BI tools read the documented collection names before and after a rebuild', () => {
  let server: MongoTestServer;
  let setia: TestApp;
  let client: MongoClient;
  let db: Db;
  let env: Record<string, string>;
  const names = documentedCollections();

  beforeAll(async () => {
    server = await startMongoTestServer(port);
    env = { MONGODB_URL: server.url, MONGODB_DATABASE: server.freshDatabase() };
    setia = await startSetia(env);
    client = await MongoClient.connect(server.url);
    db = client.db(env.MONGODB_DATABASE);
  }, 20 * 60_000);

  afterAll(async () => {
    await client?.close();
    await setia?.close();
    await server?.stop();
  });

  it('documents every read model the projector writes', () => {
    expect([...names].sort()).toEqual(Object.values(COLLECTIONS).sort());
  });

  it('the same documents under the same names after npm run rebuild, the projector then writing there', async () => {
    expect((await setia.request('PUT', `${T}/program`, PROGRAM)).status).toBe(200);
    for (const customerId of ['ani', 'budi', 'citra']) {
      expect((await setia.request('POST', `${T}/members`, { customerId, cardNumber: `6001 ${customerId}`, homeStoreId: 'JKT-01' })).status).toBe(201);
    }
    const receipts = [
      purchase('ani', 600_000, { occurredAt: '2026-03-10T10:00:00+07:00' }),
      purchase('ani', 500_000, { occurredAt: '2026-03-12T10:00:00+07:00' }),
      purchase('budi', 200_000, { storeId: 'JAP-01', occurredAt: '2026-03-10T23:30:00+09:00' }),
      purchase('citra', 100_000, { occurredAt: '2026-08-01T10:00:00+07:00' }),
      purchase('dewi', 80_000, { occurredAt: '2026-08-02T10:00:00+07:00' }),
    ];
    for (const receipt of receipts) expect((await setia.request('POST', `${T}/purchases`, receipt)).status).toBe(201);
    expect((await setia.request('POST', `${T}/feedback`, { feedbackId: 'FB-1', customerId: 'ani', storeId: 'JKT-01', nps: 9 })).status).toBe(201);
    const last = await setia.lastPosition();
    await eventually(async () => {
      const answer = await setia.request('GET', `${T}/dashboards/tiers`);
      return answer.body.checkpoint !== null && answer.body.checkpoint >= last! ? true : undefined;
    }, 20_000);

    const before = await consistentRead(db, names);
    expect(before.generation).toBe('g0');
    expect(before.documents.customers.map((doc) => doc.customerId)).toEqual(['ani', 'budi', 'citra', 'dewi']);
    expect(before.documents.store_daily.length).toBeGreaterThan(0);
    expect(before.documents.feedback).toHaveLength(1);
    const customersList = (await setia.request('GET', `${T}/customers?limit=10`)).body;

    // While the rebuild runs, the BI client's consistent reads and the API's answers never change.
    const rebuild = spawnEntryPoint('apps/projector/src/rebuild.js', { SETIA_DATA_DIR: setia.dataDir, ...env });
    let rebuilding = true;
    const done = exited(rebuild).then((code) => {
      rebuilding = false;
      return code;
    });
    let reads = 0;
    const api: number[] = [];
    while (rebuilding) {
      const during = await consistentRead(db, names);
      expect(during.documents).toEqual(before.documents);
      const answer = await setia.request('GET', `${T}/customers?limit=10`);
      api.push(answer.status);
      expect(answer.body.customers).toEqual(customersList.customers);
      reads++;
    }
    // Its output in the comparison: a failed rebuild says why.
    expect([await done, rebuild.output()]).toEqual([0, expect.stringMatching(/rebuilt \d+ events into generation g1 \(was g0\)/)]);
    expect(reads).toBeGreaterThan(0);
    expect(new Set(api)).toEqual(new Set([200]));

    const after = await consistentRead(db, names);
    expect(after.generation).toBe('g1');
    expect(after.documents).toEqual(before.documents);
    const active = await db.collection('setia_meta').findOne({ _id: 'active_generation' as never });
    expect(active).toMatchObject({ generation: 'g1', epoch: 2, last: { from: 'g0', to: 'g1' } });
    expect(active).not.toHaveProperty('switching');
    // The old generation is gone, no shadow is left, and the indexes came along with the rename.
    const collections = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(collections.filter((name) => name.includes('__') && !name.endsWith('__scheduler'))).toEqual([]);
    const keys = (await db.collection('customers').indexes()).map((index) => index.key);
    const documented = READ_MODEL_INDEXES.filter((index) => index.collection === 'customers').map((index) => Object.fromEntries(index.fields));
    expect(keys).toEqual(expect.arrayContaining([{ _id: 1 }, ...documented]));

    // The projector followed: a purchase after the rebuild shows under the same name.
    expect((await setia.request('POST', `${T}/purchases`, purchase('budi', 300_000, { occurredAt: '2026-08-03T10:00:00+07:00' }))).status).toBe(201);
    const budi = await eventually(async () => {
      const doc = await db.collection('customers').findOne({ tenant: 'kopi', customerId: 'budi' });
      return doc?.purchaseCount === 2 ? doc : undefined;
    }, 20_000);
    expect(budi.totalSpend).toBe(500_000);
    expect((await setia.request('GET', `${T}/customers/budi/profile`)).body).toMatchObject({ generation: 'g1', customer: { purchaseCount: 2 } });
  }, 180_000);
});
