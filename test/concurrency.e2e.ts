import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { foldCustomer } from '@setia/domain';
import type { CustomerEvent } from '@setia/domain';
import { loadConfig } from '@setia/platform';
import { ApiModule } from '../apps/api/src/api.module';
import { createHttpApp } from '../apps/api/src/http/create-http-app';
import { startSetia, TEST_ADMIN_KEY } from './support/setia-app';
import type { TestApp } from './support/setia-app';
import { PROGRAM, purchase } from './support/program';

const T = '/v1/tenants/warung';

describe('tills acting at the same moment', () => {
  let setia: TestApp;

  beforeAll(async () => {
    setia = await startSetia();
    expect((await setia.request('PUT', `${T}/program`, PROGRAM)).status).toBe(200);
  });
  afterAll(() => setia.close());

  it('50 redemptions of 100 points at once against 1,000 points: exactly 10 succeed and the balance never goes below 0', async () => {
    await setia.request('POST', `${T}/members`, { customerId: 'rina', cardNumber: '7001 0001' });
    const earned = await setia.request('POST', `${T}/purchases`, purchase('rina', 10_000_000));
    expect(earned.body.points).toBe(1000);

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        setia.request('POST', `${T}/redemptions`, { redemptionId: `RD-RINA-${i}`, customerId: 'rina', rewardId: 'COFFEE', storeId: 'JKT-01' }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(40);
    for (const refused of answers.filter((answer) => answer.status === 409)) expect(refused.body.error).toBe('InsufficientPoints');

    const view = await setia.request('GET', `${T}/customers/rina`);
    expect(view.body.points).toBe(0);

    // Replaying the ledger event by event: the balance is never negative at any point.
    const events = (await setia.store.readStream('customer-warung-rina')).map((e) => ({ type: e.type, data: e.data }) as CustomerEvent);
    let state = foldCustomer([]);
    for (const event of events) {
      state = foldCustomer([event], state);
      expect(state.points).toBeGreaterThanOrEqual(0);
    }
    expect(events.filter((event) => event.type === 'RewardRedeemed')).toHaveLength(10);
  });

  it('the same receipt posted 20 times at once is one purchase with 20 identical answers', async () => {
    await setia.request('POST', `${T}/members`, { customerId: 'sari', cardNumber: '7001 0002' });
    const receipt = purchase('sari', 750_000);
    const answers = await Promise.all(Array.from({ length: 20 }, () => setia.request('POST', `${T}/purchases`, receipt)));
    for (const answer of answers) {
      expect(answer.status).toBe(201);
      expect(answer.body).toEqual(answers[0].body);
    }
    expect(answers[0].body).toMatchObject({ pointsEarned: 75, points: 75 });
    const ledger = await setia.store.readStream('customer-warung-sari');
    expect(ledger.filter((event) => event.type === 'PurchaseRecorded')).toHaveLength(1);
    expect(ledger.filter((event) => event.type === 'PointsEarned')).toHaveLength(1);
  });
});

describe('two API processes on one data directory', () => {
  let first: TestApp;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    first = await startSetia();
    second = await createHttpApp(
      ApiModule.forRoot(loadConfig({ SETIA_DATA_DIR: first.dataDir, SETIA_SQLITE_SYNCHRONOUS: 'NORMAL', SETIA_ADMIN_KEY: TEST_ADMIN_KEY })),
      { logger: false },
    );
    await second.getHttpAdapter().getInstance().ready();
    expect((await first.request('PUT', `${T}/program`, PROGRAM)).status).toBe(200);
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  /** A till posting to the second process, with the same key as to the first. */
  const viaSecond = async (url: string, body: unknown, role: 'pos' | 'admin' = 'pos', method: 'POST' | 'PUT' = 'POST') => {
    const key = await first.keyFor('warung', role);
    const response = await second.inject({ method, url, payload: body as object, headers: { authorization: `Bearer ${key}` } });
    return { status: response.statusCode, body: response.json() };
  };

  it('each command decides on the customer as the ledger stands, whichever process wrote last', async () => {
    await first.request('POST', `${T}/members`, { customerId: 'sari', cardNumber: '7001 0077' });
    expect((await first.request('POST', `${T}/purchases`, purchase('sari', 1_000_000))).body.points).toBe(100);
    // The other process records a purchase the first one has not seen: Gold by now, 600 points more.
    expect((await viaSecond(`${T}/purchases`, purchase('sari', 4_000_000))).body.points).toBe(700);

    // 500 points are there, though the first process last knew of 100.
    const redeemed = await first.request('POST', `${T}/redemptions`, { redemptionId: 'RD-SARI-1', customerId: 'sari', rewardId: 'TOTE-BAG', storeId: 'JKT-01' });
    expect(redeemed).toMatchObject({ status: 201, body: { points: 200 } });

    expect((await viaSecond(`${T}/purchases`, purchase('sari', 1_000_000))).body.points).toBe(350);
    const bought = await first.request('POST', `${T}/purchases`, purchase('sari', 100_000));
    expect(bought.body).toMatchObject({ points: 365, purchaseCount: 4 });
    const types = (await first.store.readStream('customer-warung-sari')).map((e) => e.type);
    expect(types.filter((type) => type === 'PurchaseRecorded')).toHaveLength(4);
    expect(types.filter((type) => type === 'RewardRedeemed')).toHaveLength(1);
  });

  it('a refusal for a customer this process had not known reads the customer once', async () => {
    expect((await viaSecond(`${T}/members`, { customerId: 'ayu', cardNumber: '7001 0079' })).status).toBe(201);
    const reads = jest.spyOn(first.store, 'readStream');
    try {
      const refused = await first.request('POST', `${T}/redemptions`, { redemptionId: 'RD-AYU-1', customerId: 'ayu', rewardId: 'TOTE-BAG', storeId: 'JKT-01' });
      expect(refused.status).toBe(409);
      expect(reads.mock.calls.filter(([stream]) => stream === 'customer-warung-ayu')).toHaveLength(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('each command decides on the program in force, whichever process changed it last', async () => {
    await first.request('POST', `${T}/members`, { customerId: 'dewi', cardNumber: '7001 0078' });
    expect((await first.request('POST', `${T}/purchases`, purchase('dewi', 500_000))).body.points).toBe(50);
    // The other process changes the program: a point per 5,000 and a new store.
    const changed = { ...PROGRAM, earn: { spendPerPoint: 5_000 }, stores: [...PROGRAM.stores, { storeId: 'BDG-01', timeZone: 'Asia/Jakarta' }] };
    expect((await viaSecond(`${T}/program`, changed, 'admin', 'PUT')).status).toBe(200);

    const earned = await first.request('POST', `${T}/purchases`, purchase('dewi', 100_000));
    expect(earned).toMatchObject({ status: 201, body: { points: 70 } });
    const atNewStore = await first.request('POST', `${T}/purchases`, purchase('dewi', 100_000, { receiptId: 'R-DEWI-BDG', storeId: 'BDG-01' }));
    expect(atNewStore).toMatchObject({ status: 201, body: { points: 90 } });
    const programRevisions = (await first.store.readStream('customer-warung-dewi'))
      .filter((event) => event.type === 'PurchaseRecorded')
      .map((event) => (event.data as { programRevision: number }).programRevision);
    expect(new Set(programRevisions).size).toBe(2);
  });
  it('a card replaced through the second process and given back through the first, which had last written the member: a replacement, and both processes find her by it', async () => {
    const viaSecondGet = async (url: string) => {
      const response = await second.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await first.keyFor('warung', 'pos')}` } });
      return { status: response.statusCode, body: response.json() };
    };
    expect((await first.request('POST', `${T}/members`, { customerId: 'kartika', cardNumber: '7001 0101' })).status).toBe(201);
    expect(await viaSecondGet(`${T}/cards/7001%200101`)).toMatchObject({ status: 200, body: { customerId: 'kartika' } });
    expect((await viaSecond(`${T}/members/kartika/card`, { cardNumber: '7001 0102' }, 'pos', 'PUT')).status).toBe(200);
    // The first process last wrote her with her first card: giving it back is a replacement, not "nothing to do".
    expect((await first.request('PUT', `${T}/members/kartika/card`, { cardNumber: '7001 0101' })).status).toBe(200);
    expect((await first.store.readStream('customer-warung-kartika')).filter((event) => event.type === 'CardReplaced')).toHaveLength(2);
    for (const find of [viaSecondGet, (url: string) => first.request('GET', url)]) {
      expect(await find(`${T}/cards/7001%200101`)).toMatchObject({ status: 200, body: { customerId: 'kartika' } });
      expect((await find(`${T}/cards/7001%200102`)).status).toBe(404);
    }
  });

  it('one card given to two customers at once, one through each process: one enrolment is recorded, the other is 409', async () => {
    for (let round = 0; round < 5; round++) {
      const cardNumber = `7001 02${round}0`;
      const answers = await Promise.all([
        first.request('POST', `${T}/members`, { customerId: `kembar-a${round}`, cardNumber }),
        viaSecond(`${T}/members`, { customerId: `kembar-b${round}`, cardNumber }),
      ]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
      const winner = answers[0].status === 201 ? `kembar-a${round}` : `kembar-b${round}`;
      expect((await first.request('GET', `${T}/cards/${encodeURIComponent(cardNumber)}`)).body).toMatchObject({ customerId: winner });
      const loser = answers.find((answer) => answer.status === 409)!;
      expect(loser.body).toMatchObject({ error: 'CardInUse', field: 'cardNumber' });
    }
  });
});
