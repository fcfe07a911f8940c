import { join } from 'node:path';
import { COLLECTIONS, rebuildReadModels, vouchersDashboard } from '@setia/projections';
import { MongoReadStoreEngine, SqliteReadStoreEngine } from '@setia/read-store';
import { mongoServerRunnable, startMongoTestServer } from './support/mongodb-server';
import type { MongoTestServer } from './support/mongodb-server';
import { hoursAgo, PROGRAM } from './support/program';
import { everyDocument } from './support/read-models';
import { eventually, startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';

const T = '/v1/tenants/toko_mongo';
const port = process.env.FERRETDB_TEST_PORT ?? '27024';

const coffees = (receiptId: string, customerId: string, quantity: number, occurredAt: string) => ({
  receiptId,
  storeId: 'JKT-01',
  customerId,
  occurredAt,
  currency: 'IDR',
  total: quantity * 25_000,
  lines: [{ sku: 'KOPI-SUSU', category: 'drinks', quantity, unitPrice: 25_000 }],
});

/** Stamp cards, daily gifts and vouchers projected by the embedded projector, and rebuilt on MongoDB (FerretDB here): the same documents. */
if (mongoServerRunnable) describe('the voucher read models on MongoDB agree with the embedded ones', () => {
  let setia: TestApp;
  let server: MongoTestServer;

  beforeAll(async () => {
    server = await startMongoTestServer(port);
    setia = await startSetia();
  }, 20 * 60_000);
  afterAll(async () => {
    await setia?.close();
    await server?.stop();
  });

  it('projects purchases, stamps, gifts, uses and returns to the same documents in both stores', async () => {
    const program = {
      ...PROGRAM,
      stampCards: [{ cardId: 'KOPI-5', name: 'Fifth coffee free', counts: { sku: 'KOPI-SUSU', per: 'item' }, stampsNeeded: 5, reward: { voucher: { kind: 'freeItem', sku: 'KOPI-SUSU' }, validDays: 30 } }],
      gifts: [{ giftId: 'TAS', minSpend: 300_000, per: 'day', reward: { voucher: { kind: 'amountOff', amount: 20_000 }, validDays: 3 } }],
    };
    expect((await setia.request('PUT', `${T}/program`, program)).status).toBe(200);
    const at = hoursAgo(1);
    for (const customerId of ['ayu', 'bayu', 'cici']) {
      expect((await setia.request('POST', `${T}/members`, { customerId, cardNumber: `8000 ${customerId}` })).status).toBe(201);
      expect((await setia.request('POST', `${T}/purchases`, coffees(`${customerId}-1`, customerId, 7, at))).status).toBe(201);
      expect((await setia.request('POST', `${T}/purchases`, coffees(`${customerId}-2`, customerId, 6, at))).status).toBe(201);
    }
    const [first] = (await setia.request('GET', `${T}/customers/ayu/vouchers`)).body.vouchers;
    expect((await setia.request('POST', `${T}/vouchers/${first.code}/use`, { storeId: 'JKT-01', receiptId: 'ayu-3' })).status).toBe(200);
    const back = { returnId: 'bayu-r', receiptId: 'bayu-1', storeId: 'JKT-01', customerId: 'bayu', occurredAt: hoursAgo(0.5), amount: 175_000 };
    expect((await setia.request('POST', `${T}/returns`, back)).status).toBe(201);

    const totals = await eventually(async () => {
      const answer = (await setia.request('GET', `${T}/dashboards/vouchers`)).body;
      return answer.totals?.voided === 2 ? answer.totals : undefined;
    });
    // Each: 13 coffees, two full cards and the gift; Bayu's return takes his first receipt's 7 stamps, withdrawing a card and the gift.
    expect(totals).toMatchObject({ issuedByStampCards: 6, issuedByGifts: 3, used: 1, voided: 2, stampsCollected: 39, stampsTakenBack: 7 });

    const embedded = new SqliteReadStoreEngine(join(setia.dataDir, 'read-models.sqlite'));
    const mongo = await MongoReadStoreEngine.connect(server.url, server.freshDatabase());
    try {
      await rebuildReadModels(setia.store, mongo);
      const [fromSqlite, fromMongo] = [await everyDocument(embedded), await everyDocument(mongo)];
      expect(fromMongo[vouchersDashboard.collection]).toHaveLength(1);
      expect(fromMongo[vouchersDashboard.collection]).toEqual(fromSqlite[vouchersDashboard.collection]);
      expect(fromMongo[COLLECTIONS.customers]).toEqual(fromSqlite[COLLECTIONS.customers]);
      expect(fromMongo).toEqual(fromSqlite);
    } finally {
      await mongo.close();
      await embedded.close();
    }
  }, 120_000);
});
