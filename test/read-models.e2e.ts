import { eventually, startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';
import { PROGRAM, purchase } from './support/program';

const T = '/v1/tenants/kopi_nusantara';
const OTHER = '/v1/tenants/toko_lain';

describe('read models over HTTP: the projector keeps dashboards and customer lists up to date', () => {
  let setia: TestApp;

  /** Waits until the read models reflect the newest event in the store. */
  async function caughtUp(): Promise<void> {
    const last = await setia.lastPosition();
    await eventually(async () => {
      const answer = await setia.request('GET', `${T}/dashboards/tiers`);
      return answer.body.checkpoint !== null && answer.body.checkpoint >= last! ? true : undefined;
    });
  }

  beforeAll(async () => {
    setia = await startSetia();
    expect((await setia.request('PUT', `${T}/program`, PROGRAM)).status).toBe(200);
    expect((await setia.request('PUT', `${OTHER}/program`, PROGRAM)).status).toBe(200);
    for (const member of [
      { customerId: 'ani', cardNumber: '6001 0001', homeStoreId: 'JKT-01' },
      { customerId: 'budi', cardNumber: '6001 0002', homeStoreId: 'JAP-01' },
    ]) {
      expect((await setia.request('POST', `${T}/members`, member)).status).toBe(201);
    }
    // Ani reaches Gold with her second purchase; Budi stays Silver; Citra only buys, twice.
    await setia.request('POST', `${T}/purchases`, purchase('ani', 600_000, { occurredAt: '2026-03-10T10:00:00+07:00' }));
    await setia.request('POST', `${T}/purchases`, purchase('ani', 500_000, { occurredAt: '2026-03-10T12:00:00+07:00' }));
    // 23:30 in Jayapura: still 10 March at that store.
    await setia.request('POST', `${T}/purchases`, purchase('budi', 200_000, { storeId: 'JAP-01', occurredAt: '2026-03-10T23:30:00+09:00' }));
    await setia.request('POST', `${T}/purchases`, purchase('citra', 100_000, { occurredAt: '2026-02-01T10:00:00+07:00' }));
    await setia.request('POST', `${T}/purchases`, purchase('citra', 100_000, { occurredAt: '2026-03-01T10:00:00+07:00' }));
    await setia.request('POST', `${T}/redemptions`, { redemptionId: 'RD-1', customerId: 'ani', rewardId: 'COFFEE', storeId: 'JKT-01' });
    await setia.request('POST', `${T}/feedback`, { feedbackId: 'FB-1', customerId: 'budi', storeId: 'JAP-01', nps: 10, csat: 5 });
    await setia.request('POST', `${OTHER}/purchases`, purchase('dewi', 100_000));
    await caughtUp();
  });
  afterAll(() => setia.close());

  it('shows a customer profile with the checkpoint it reflects', async () => {
    const answer = await setia.request('GET', `${T}/customers/ani/profile`);
    expect(answer.status).toBe(200);
    expect(answer.body.checkpoint).toEqual(expect.any(String));
    // The checkpoint's time is when the event at it was recorded (not when it was read).
    const [atCheckpoint] = await setia.store.readAll({ direction: 'backwards', maxCount: 1, after: String(BigInt(answer.body.checkpoint) + 1n) });
    expect(atCheckpoint.position).toBe(answer.body.checkpoint);
    expect(answer.body.checkpointRecordedAt).toBe(atCheckpoint.recordedAt.toISOString());
    expect(answer.body.customer).toMatchObject({
      customerId: 'ani',
      stage: 'member',
      tier: 'Gold',
      points: 10,
      lifetimeEarned: 110,
      lifetimeRedeemed: 100,
      purchaseCount: 2,
      totalSpend: 1_100_000,
      homeStoreId: 'JKT-01',
    });
    expect((await setia.request('GET', `${T}/customers/nobody/profile`)).status).toBe(404);
  });

  it('lists customers by tier and stage, and the at-risk list by last purchase, page by page', async () => {
    const gold = await setia.request('GET', `${T}/customers?tier=Gold`);
    expect(gold.body.customers.map((c: { customerId: string }) => c.customerId)).toEqual(['ani']);
    const repeat = await setia.request('GET', `${T}/customers?stage=customer`);
    expect(repeat.body.customers.map((c: { customerId: string }) => c.customerId)).toEqual(['citra']);

    const first = await setia.request('GET', `${T}/customers?lastPurchaseBefore=2026-03-11T00:00:00Z&limit=2`);
    expect(first.body.customers.map((c: { customerId: string }) => c.customerId)).toEqual(['citra', 'ani']);
    const second = await setia.request('GET', `${T}/customers?lastPurchaseBefore=2026-03-11T00:00:00Z&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.customers.map((c: { customerId: string }) => c.customerId)).toEqual(['budi']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers each dashboard for its own tenant only', async () => {
    const tiers = await setia.request('GET', `${T}/dashboards/tiers`);
    expect(tiers.body).toMatchObject({ members: 2, tiers: expect.arrayContaining([{ tier: 'Gold', members: 1 }, { tier: 'Silver', members: 1 }]) });

    const daily = await setia.request('GET', `${T}/dashboards/store-daily?from=2026-03-10&to=2026-03-10&storeId=JAP-01`);
    expect(daily.body.days).toEqual([expect.objectContaining({ storeId: 'JAP-01', date: '2026-03-10', purchases: 1, revenue: 200_000, uniqueCustomers: 1 })]);

    const cohorts = await setia.request('GET', `${T}/dashboards/cohorts?from=2026-02&to=2026-02`);
    expect(cohorts.body.cohorts).toEqual([{ cohortMonth: '2026-02', customers: 1, active: [1, 1], retention: [1, 1] }]);

    // Budi's first purchase was in Jayapura: his store's cohort holds him alone.
    const jayapura = await setia.request('GET', `${T}/dashboards/cohorts?storeId=JAP-01`);
    expect(jayapura.body.cohorts).toEqual([{ cohortMonth: '2026-03', customers: 1, active: [1], retention: [1] }]);
    const funnel = await setia.request('GET', `${T}/dashboards/funnel?from=2026-03&to=2026-03`);
    expect(funnel.body.months).toEqual([expect.objectContaining({ month: '2026-03', newBuyers: 2, newRepeatCustomers: 2 })]);
    const funnelJayapura = await setia.request('GET', `${T}/dashboards/funnel?from=2026-03&to=2026-03&storeId=JAP-01`);
    expect(funnelJayapura.body.months).toEqual([expect.objectContaining({ month: '2026-03', newBuyers: 1, newRepeatCustomers: 0 })]);

    const feedback = await setia.request('GET', `${T}/dashboards/feedback`);
    expect(feedback.body.totals).toMatchObject({ answers: 1, nps: 100, csatAverage: 5 });

    const liability = await setia.request('GET', `${T}/dashboards/points-liability`);
    // Ani: 60 + 50 earned, 100 redeemed; Budi: 20 earned (feedback without a receipt earns no bonus).
    expect(liability.body).toMatchObject({ outstanding: 10 + 20, earned: 130, redeemed: 100, redemptionRate: 0.7692 });

    const other = await setia.request('GET', `${OTHER}/dashboards/store-daily`);
    expect(other.body.days).toHaveLength(1);
    expect(other.body.days[0]).toMatchObject({ purchases: 1, revenue: 100_000 });
  });

  it('store-daily takes storeId=- for the rows of no store (new members without a home store)', async () => {
    const NEW = '/v1/tenants/toko_baru';
    expect((await setia.request('PUT', `${NEW}/program`, PROGRAM)).status).toBe(200);
    expect((await setia.request('POST', `${NEW}/members`, { customerId: 'eka', cardNumber: '6001 0009' })).status).toBe(201);
    expect((await setia.request('POST', `${NEW}/members`, { customerId: 'fajar', cardNumber: '6001 0010', homeStoreId: 'JKT-01' })).status).toBe(201);
    await caughtUp();
    const none = await setia.request('GET', `${NEW}/dashboards/store-daily?storeId=-`);
    expect(none.status).toBe(200);
    expect(none.body.days).toEqual([expect.objectContaining({ storeId: '-', newMembers: 1, purchases: 0 })]);
    const bad = await setia.request('GET', `${NEW}/dashboards/store-daily?storeId=--`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'storeId', message: 'storeId must be a store id or - (no store)' });
  });

  it('is ready once the projector has caught up, and says so on /health/ready', async () => {
    const ready = await setia.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ready',
      checks: { eventStore: { up: true }, readStore: { up: true }, projector: { up: true, ready: true, live: true }, relay: { up: true } },
    });
  });

  it('refuses malformed filters, naming the parameter', async () => {
    const bad = await setia.request('GET', `${T}/dashboards/store-daily?from=10-03-2026`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('from');
    expect((await setia.request('GET', `${T}/customers?stage=vip`)).status).toBe(400);
    // Well formed as the document says a cursor is, but not one this API gave out: 422.
    const cursor = await setia.request('GET', `${T}/customers?cursor=not-a-cursor`);
    expect(cursor.status).toBe(422);
    expect(cursor.body).toMatchObject({ field: 'cursor', message: 'cursor is not a cursor this API gave out' });
  });
});
