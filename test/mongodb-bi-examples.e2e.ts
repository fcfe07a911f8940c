import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import { mongoServerRunnable, startMongoTestServer } from './support/mongodb-server';
import type { MongoTestServer } from './support/mongodb-server';
import { eventually, startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';
import { PROGRAM, purchase } from './support/program';

/**
 * The example queries of docs/read-models.md, as a BI user runs them on the MongoDB protocol, over
 * the read models the projector writes for a small chain: FerretDB 1.x here (scripts/ferretdb.sh),
 * or a real MongoDB with MONGODB_URL, where those marked `needs MongoDB` run too. Each result is
 * checked, and against what the API's dashboards answer.
 */
const port = process.env.FERRETDB_BI_TEST_PORT ?? '27021';
const T = '/v1/tenants/kopi';

interface Example {
  title: string;
  needsMongoDb: boolean;
  code: string;
}

/** The block under "Example queries": each query with the comment lines above it. */
function examples(): Example[] {
  const text = readFileSync(join(__dirname, '..', 'docs', 'read-models.md'), 'utf8');
  const block = /## Example queries \(mongosh\)[\s\S]*?```js\n([\s\S]*?)\n```/.exec(text)![1];
  return block.split(/\n\s*\n/).map((chunk) => {
    const lines = chunk.split('\n');
    const comments = lines.filter((line) => line.startsWith('//')).map((line) => line.slice(2).trim());
    return {
      title: comments[0],
      needsMongoDb: comments.some((comment) => comment.startsWith('needs MongoDB')),
      code: lines.filter((line) => !line.startsWith('//')).join('\n'),
    };
  });
}

/** `db.<collection>.find(…).sort(…)` and `db.<collection>.aggregate([…])` as mongosh reads them, on the Node driver. */
async function run(database: Db, code: string): Promise<unknown[]> {
  const db = new Proxy(
    {},
    {
      get: (_target, name: string) => ({
        find: (filter: object, projection?: object) => database.collection(name).find(filter, { projection }),
        aggregate: (pipeline: object[]) => database.collection(name).aggregate(pipeline),
      }),
    },
  );
  const query = new Function('db', `return (${code});`)(db) as { toArray(): Promise<unknown[]> };
  return query.toArray();
}

if (!mongoServerRunnable) it.todo('docs/read-models.md example queries (needs MONGODB_URL or Go to build FerretDB)');

if (mongoServerRunnable) describe('the example queries of docs/read-models.md', () => {
  let server: MongoTestServer;
  let setia: TestApp;
  let database: Db;
  let client: MongoClient;

  beforeAll(async () => {
    server = await startMongoTestServer(port);
    const name = server.freshDatabase();
    setia = await startSetia({ MONGODB_URL: server.url, MONGODB_DATABASE: name });
    client = await MongoClient.connect(server.url);
    database = client.db(name);
    expect((await setia.request('PUT', `${T}/program`, PROGRAM)).status).toBe(200);
    for (const member of [
      { customerId: 'ani', cardNumber: '6001 0001', homeStoreId: 'JKT-01' },
      { customerId: 'budi', cardNumber: '6001 0002', homeStoreId: 'JAP-01' },
    ]) expect((await setia.request('POST', `${T}/members`, member)).status).toBe(201);
    const bought = [
      purchase('ani', 600_000, { occurredAt: '2026-03-10T10:00:00+07:00' }),
      purchase('ani', 500_000, { occurredAt: '2026-03-12T10:00:00+07:00' }),
      // 23:30 in Jayapura: 10 March at that store.
      purchase('budi', 200_000, { storeId: 'JAP-01', occurredAt: '2026-03-10T23:30:00+09:00' }),
      purchase('citra', 100_000, { occurredAt: '2026-08-01T10:00:00+07:00' }),
    ];
    for (const receipt of bought) expect((await setia.request('POST', `${T}/purchases`, receipt)).status).toBe(201);
    expect((await setia.request('POST', `${T}/redemptions`, { redemptionId: 'RD-1', customerId: 'ani', rewardId: 'COFFEE', storeId: 'JKT-01' })).status).toBe(201);
    for (const [feedbackId, customerId, storeId, nps] of [['FB-1', 'ani', 'JKT-01', 9], ['FB-2', 'ani', 'JKT-01', 3], ['FB-3', 'budi', 'JAP-01', 10]] as const) {
      expect((await setia.request('POST', `${T}/feedback`, { feedbackId, customerId, storeId, nps })).status).toBe(201);
    }
    const last = await setia.lastPosition();
    await eventually(async () => {
      const answer = await setia.request('GET', `${T}/dashboards/tiers`);
      return answer.body.checkpoint !== null && answer.body.checkpoint >= last! ? true : undefined;
    }, 20_000);
  }, 20 * 60_000);

  afterAll(async () => {
    await client?.close();
    await setia?.close();
    await server?.stop();
  });

  const runnable = () => examples().filter((example) => !example.needsMongoDb || !server.ferretdb);
  const byTitle = (start: string) => {
    const found = runnable().find((example) => example.title.startsWith(start));
    if (!found) throw new Error(`no runnable example titled "${start}…" in docs/read-models.md`);
    return found;
  };
  const sortedById = (rows: unknown[]) => [...(rows as Array<{ _id: string | null }>)].sort((a, b) => String(a._id).localeCompare(String(b._id)));

  it('every example is one this suite checks, and each marked "needs MongoDB" has one for FerretDB after it', () => {
    const all = examples();
    expect(all.map((example) => [example.title, example.needsMongoDb])).toEqual([
      ['At-risk members: no purchase since 1 September, longest gone first', false],
      ['Revenue and purchases per store in March 2026', true],
      ['The same on FerretDB: revenue per store in March 2026 (and purchases alike)', false],
      ['NPS per store for 2026', true],
      ['The same on FerretDB: promoters per store for 2026 (detractors and answers alike); NPS = (p − d) / n × 100', false],
      ['Points the chain owes, and the redemption rate', true],
      ['The same on FerretDB: points the chain owes (earned and redeemed alike); redemption rate = redeemed / earned', false],
    ]);
  });

  it('every field of a customer document is in docs/read-models.md (its conventions and the customers table)', async () => {
    const text = readFileSync(join(__dirname, '..', 'docs', 'read-models.md'), 'utf8');
    const table = text.slice(text.indexOf('## Conventions'), text.indexOf('## tiers'));
    const documented = new Set([...table.matchAll(/`([A-Za-z_]+)`/g)].map((match) => match[1]));
    const fields = Object.keys((await database.collection('customers').findOne({ tenant: 'kopi', customerId: 'ani' }))!);
    expect(fields.filter((field) => !documented.has(field))).toEqual([]);
    expect(fields).toContain('cohortStoreId');
  });

  it('at-risk members: the members whose last purchase was before September, longest gone first', async () => {
    const rows = (await run(database, byTitle('At-risk members').code)) as Array<{ customerId: string; lastPurchaseAt: string }>;
    expect(rows.map((row) => [row.customerId, row.lastPurchaseAt])).toEqual([
      ['budi', '2026-03-10T14:30:00.000Z'],
      ['ani', '2026-03-12T03:00:00.000Z'],
    ]);
  });

  it('revenue per store in March 2026, as the store-daily dashboard sums it', async () => {
    const rows = await run(database, byTitle(server.ferretdb ? 'The same on FerretDB: revenue' : 'Revenue and purchases').code);
    const expected = server.ferretdb
      ? [{ _id: 'JAP-01', revenue: 200_000 }, { _id: 'JKT-01', revenue: 1_100_000 }]
      : [{ _id: 'JAP-01', revenue: 200_000, purchases: 1 }, { _id: 'JKT-01', revenue: 1_100_000, purchases: 2 }];
    expect(sortedById(rows)).toEqual(expected);
    const api = await setia.request('GET', `${T}/dashboards/store-daily?from=2026-03-01&to=2026-03-31&storeId=JKT-01`);
    expect(api.body.days.reduce((sum: number, day: { revenue: number }) => sum + day.revenue, 0)).toBe(1_100_000);
  });

  it('NPS per store: promoters and detractors per store, and the NPS the feedback dashboard answers', async () => {
    if (server.ferretdb) {
      const rows = await run(database, byTitle('The same on FerretDB: promoters').code);
      expect(sortedById(rows)).toEqual([{ _id: 'JAP-01', p: 1 }, { _id: 'JKT-01', p: 1 }]);
    } else {
      const rows = await run(database, byTitle('NPS per store').code);
      expect(sortedById(rows)).toEqual([{ _id: 'JAP-01', nps: 100 }, { _id: 'JKT-01', nps: 0 }]);
    }
    const jakarta = await setia.request('GET', `${T}/dashboards/feedback?storeId=JKT-01`);
    expect(jakarta.body.totals).toMatchObject({ answers: 2, nps: 0 });
    const jayapura = await setia.request('GET', `${T}/dashboards/feedback?storeId=JAP-01`);
    expect(jayapura.body.totals).toMatchObject({ answers: 1, nps: 100 });
  });

  it('points the chain owes, as the points-liability dashboard answers', async () => {
    const rows = await run(database, byTitle(server.ferretdb ? 'The same on FerretDB: points' : 'Points the chain owes').code);
    const api = await setia.request('GET', `${T}/dashboards/points-liability`);
    // Ani: 60 + 50 earned, 100 redeemed; Budi: 20 (feedback without a receipt earns no bonus); Citra is no member.
    expect(api.body).toMatchObject({ outstanding: 30, earned: 130, redeemed: 100 });
    expect(rows).toEqual(server.ferretdb ? [{ _id: null, outstanding: 30 }] : [{ _id: null, outstanding: 30, earned: 130, redeemed: 100 }]);
  });
});
