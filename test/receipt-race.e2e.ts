import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@setia/platform';
import { ApiModule } from '../apps/api/src/api.module';
import { createHttpApp } from '../apps/api/src/http/create-http-app';
import { FakeKurrentDbServer } from './support/fake-kurrentdb-server';
import type { FakeServerOptions } from './support/fake-kurrentdb-server';
import { PROGRAM, purchase } from './support/program';
import { startSetia, TEST_ADMIN_KEY } from './support/setia-app';
import type { TestApp } from './support/setia-app';

const T = '/v1/tenants/toko';

/**
 * Two tills post one receipt id for different purchases at the same moment (a typo, a copied
 * receipt, a till replaying another's): the receipt is recorded once, for one of them, and the
 * other is told 409 naming receiptId, whichever store keeps the ledger.
 */
async function race(post: (body: object) => Promise<{ status: number; body: any }>, bodies: object[]) {
  const answers = await Promise.all(bodies.map((body) => post(body)));
  const recorded = answers.flatMap((answer, n) => (answer.status === 201 ? [n] : []));
  return { answers, recorded };
}

function expectOneRecorded(answers: Array<{ status: number; body: any }>, receiptId: string) {
  expect(answers.map((answer) => answer.status).sort()).toEqual([201, ...Array(answers.length - 1).fill(409)]);
  for (const refused of answers.filter((answer) => answer.status === 409)) {
    expect(refused.body).toMatchObject({ error: 'IdAlreadyUsed', field: 'receiptId', message: `receiptId: ${receiptId} was already used for a different request` });
  }
}

async function ledgerPurchases(setia: TestApp, customerId: string, receiptId: string): Promise<number> {
  const ledger = await setia.store.readStream(`customer-toko-${customerId}`);
  return ledger.filter((event) => event.type === 'PurchaseRecorded' && (event.data as { receiptId: string }).receiptId === receiptId).length;
}

describe('two different requests for one receipt at once: exactly one is recorded, every other one gets 409', () => {
  describe('on SQLite, the embedded default', () => {
    let setia: TestApp;
    beforeAll(async () => {
      setia = await startSetia();
      await setia.request('PUT', `${T}/program`, PROGRAM);
      for (const customerId of ['ayu', 'budi', 'citra', 'dewi']) await setia.request('POST', `${T}/members`, { customerId, cardNumber: `9001 ${customerId}` });
    });
    afterAll(() => setia.close());

    it('four customers post the same receipt id at once: one purchase, recorded for one of them', async () => {
      const receipt = purchase('ayu', 400_000);
      const customers = ['ayu', 'budi', 'citra', 'dewi'];
      const { answers, recorded } = await race((body) => setia.request('POST', `${T}/purchases`, body), customers.map((customerId) => ({ ...receipt, customerId })));
      expectOneRecorded(answers, receipt.receiptId);
      const winner = customers[recorded[0]];
      for (const customerId of customers) expect(await ledgerPurchases(setia, customerId, receipt.receiptId)).toBe(customerId === winner ? 1 : 0);
      expect(await setia.store.readStream(`claim-toko-receipt-${receipt.receiptId}`)).toHaveLength(1);
    });

    it('one customer, one receipt id, two totals at once: the first decided is recorded', async () => {
      const receipt = purchase('budi', 200_000);
      const { answers } = await race((body) => setia.request('POST', `${T}/purchases`, body), [receipt, { ...receipt, total: 250_000, lines: [{ ...receipt.lines[0], unitPrice: 250_000 }] }]);
      expectOneRecorded(answers, receipt.receiptId);
      expect(await ledgerPurchases(setia, 'budi', receipt.receiptId)).toBe(1);
    });
  });

  describe('on SQLite, from two API processes sharing one data directory', () => {
    let first: TestApp;
    let second: NestFastifyApplication;
    beforeAll(async () => {
      first = await startSetia();
      second = await createHttpApp(ApiModule.forRoot(loadConfig({ SETIA_DATA_DIR: first.dataDir, SETIA_SQLITE_SYNCHRONOUS: 'NORMAL', SETIA_ADMIN_KEY: TEST_ADMIN_KEY })), {
        logger: false,
      });
      await second.getHttpAdapter().getInstance().ready();
      await first.request('PUT', `${T}/program`, PROGRAM);
      for (const customerId of ['ayu', 'budi']) await first.request('POST', `${T}/members`, { customerId, cardNumber: `9002 ${customerId}` });
    });
    afterAll(async () => {
      await second.close();
      await first.close();
    });

    it('each process takes one of them: one purchase, one 409', async () => {
      const key = await first.keyFor('toko', 'pos');
      const viaSecond = async (body: object) => {
        const response = await second.inject({ method: 'POST', url: `${T}/purchases`, payload: body, headers: { authorization: `Bearer ${key}` } });
        return { status: response.statusCode, body: response.json() };
      };
      for (let round = 0; round < 5; round++) {
        const receipt = purchase('ayu', 300_000);
        const answers = await Promise.all([first.request('POST', `${T}/purchases`, receipt), viaSecond({ ...receipt, customerId: 'budi' })]);
        expectOneRecorded(answers, receipt.receiptId);
        expect((await ledgerPurchases(first, 'ayu', receipt.receiptId)) + (await ledgerPurchases(first, 'budi', receipt.receiptId))).toBe(1);
      }
    });
  });

  describe.each([
    ['EventStoreDB 24.10, which writes the claim and the purchase one after another', { version: '24.10.4' }],
    ['KurrentDB 25.1, which writes them in one atomic append', { version: '25.1.0', multiStreamAppend: true }],
  ] as Array<[string, FakeServerOptions]>)('through the API on %s (a fake server keeping its rules)', (_name, options) => {
    let server: FakeKurrentDbServer;
    let setia: TestApp;
    beforeAll(async () => {
      server = await FakeKurrentDbServer.start({ ...options, maxAppendSize: 64 * 1024 });
      setia = await startSetia({ EVENTSTORE_URL: server.url() }, { apiOnly: true });
      await setia.request('PUT', `${T}/program`, PROGRAM);
      for (const customerId of ['ayu', 'budi']) await setia.request('POST', `${T}/members`, { customerId, cardNumber: `9003 ${customerId}` });
    });
    afterAll(async () => {
      await setia.close();
      await server.stop();
    });

    it('two customers post the same receipt id at once: one purchase, one 409', async () => {
      const receipt = purchase('ayu', 500_000);
      const { answers, recorded } = await race((body) => setia.request('POST', `${T}/purchases`, body), [receipt, { ...receipt, customerId: 'budi' }]);
      expectOneRecorded(answers, receipt.receiptId);
      const winner = ['ayu', 'budi'][recorded[0]];
      expect(answers[recorded[0]].body).toMatchObject({ pointsEarned: 50 });
      expect(server.events(`customer-toko-${winner}`).filter((e) => e.type === 'PurchaseRecorded')).toHaveLength(1);
      expect(server.events(`customer-toko-${winner === 'ayu' ? 'budi' : 'ayu'}`).filter((e) => e.type === 'PurchaseRecorded')).toHaveLength(0);
      expect(server.events(`claim-toko-receipt-${receipt.receiptId}`)).toHaveLength(1);
    });

    it('the same purchase through two API processes at once, each deciding it with its own clock: one purchase, two identical answers', async () => {
      const other = await createHttpApp(ApiModule.forRoot(loadConfig({ EVENTSTORE_URL: server.url(), SETIA_DATA_DIR: setia.dataDir, SETIA_ADMIN_KEY: TEST_ADMIN_KEY })), { logger: false });
      try {
        await other.getHttpAdapter().getInstance().ready();
        const key = await setia.keyFor('toko', 'pos');
        for (let round = 0; round < 3; round++) {
          const receipt = purchase('budi', 200_000);
          const [first, second] = await Promise.all([
            setia.request('POST', `${T}/purchases`, receipt),
            other.inject({ method: 'POST', url: `${T}/purchases`, payload: receipt, headers: { authorization: `Bearer ${key}` } }),
          ]);
          expect(first.status).toBe(201);
          expect({ status: second.statusCode, body: second.json() }).toEqual({ status: 201, body: first.body });
          expect(server.events('customer-toko-budi').filter((e) => e.type === 'PurchaseRecorded' && JSON.parse(e.data.toString()).receiptId === receipt.receiptId)).toHaveLength(1);
        }
      } finally {
        await other.close();
      }
    });

    it('the same purchase retried is the first answer and records nothing', async () => {
      const receipt = purchase('ayu', 100_000);
      const first = await setia.request('POST', `${T}/purchases`, receipt);
      const count = server.log.length;
      const retry = await setia.request('POST', `${T}/purchases`, receipt);
      expect({ status: retry.status, body: retry.body }).toEqual({ status: first.status, body: first.body });
      expect(server.log).toHaveLength(count);
    });

    it('a purchase whose events are larger than the server takes in one write gets 413 and records nothing', async () => {
      const count = server.log.length;
      const lines = Array.from({ length: 1000 }, (_, n) => ({ sku: `SKU-${n}-${"x".repeat(40)}`, category: 'food', quantity: 1, unitPrice: 1_000 }));
      const big = purchase('budi', 1_000_000, { lines });
      const answer = await setia.request('POST', `${T}/purchases`, big);
      expect(answer.status).toBe(413);
      expect(answer.body).toEqual({
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'what this request would record is larger than the event store takes in one write (65536 bytes); nothing was recorded',
      });
      // Stream by stream, the claim goes first and carries the purchase: it is too large too.
      expect(server.log).toHaveLength(count);
      const corrected = await setia.request('POST', `${T}/purchases`, { ...big, lines: lines.slice(0, 10), total: 10_000 });
      expect(corrected.status).toBe(201);
    });
  });

  describe('on EventStoreDB 24.10 (a fake server): a claim written without its purchase, the purchase timing out twice', () => {
    let server: FakeKurrentDbServer;
    let setia: TestApp;
    beforeAll(async () => {
      server = await FakeKurrentDbServer.start({ version: '24.10.4' });
      setia = await startSetia({ EVENTSTORE_URL: server.url() }, { apiOnly: true });
      await setia.request('PUT', `${T}/program`, PROGRAM);
      for (const customerId of ['ayu', 'budi']) await setia.request('POST', `${T}/members`, { customerId, cardNumber: `9004 ${customerId}` });
    });
    afterAll(async () => {
      await setia.close();
      await server.stop();
    });

    const interrupted = async (receipt: ReturnType<typeof purchase>) => {
      // The claim is written; the purchase's append and its one retry time out.
      server.faults.push('none', 'timeout', 'timeout');
      expect((await setia.request('POST', `${T}/purchases`, receipt)).status).toBe(500);
      expect(server.events(`claim-toko-receipt-${receipt.receiptId}`)).toHaveLength(1);
      expect(await ledgerPurchases(setia, receipt.customerId, receipt.receiptId)).toBe(0);
    };

    it('another request for the receipt finishes the first one\'s purchase and gets 409; the first till\'s retry gets its purchase', async () => {
      const receipt = purchase('ayu', 300_000);
      await interrupted(receipt);
      const other = await setia.request('POST', `${T}/purchases`, { ...receipt, customerId: 'budi' });
      expect(other.status).toBe(409);
      expect(await ledgerPurchases(setia, 'ayu', receipt.receiptId)).toBe(1);
      const retry = await setia.request('POST', `${T}/purchases`, receipt);
      expect(retry).toMatchObject({ status: 201, body: { pointsEarned: 30 } });
      expect(await ledgerPurchases(setia, 'ayu', receipt.receiptId)).toBe(1);
    });

    it('once the customer has bought again, the interrupted purchase can no longer be written: the receipt id is released to the next request', async () => {
      const receipt = purchase('ayu', 300_000);
      await interrupted(receipt);
      expect((await setia.request('POST', `${T}/purchases`, purchase('ayu', 100_000))).status).toBe(201);
      const other = await setia.request('POST', `${T}/purchases`, { ...receipt, customerId: 'budi' });
      expect(other.status).toBe(201);
      expect(server.events(`claim-toko-receipt-${receipt.receiptId}`).map((e) => e.type)).toEqual(['IdClaimed', 'IdReleased', 'IdClaimed']);
      expect(await ledgerPurchases(setia, 'ayu', receipt.receiptId)).toBe(0);
      expect(await ledgerPurchases(setia, 'budi', receipt.receiptId)).toBe(1);
      // The first till's retry now finds the receipt used for another request.
      expect((await setia.request('POST', `${T}/purchases`, receipt)).status).toBe(409);
    });
  });
});
