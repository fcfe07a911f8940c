import { ClaimRegistry } from '@setia/application';
import { startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';
import { hoursAgo, PROGRAM, purchase } from './support/program';

const T = '/v1/tenants/toko';

/** What a till reads from an answer: its status and body (headers such as Date change with the clock). */
const answer = ({ status, body }: { status: number; body: unknown }) => ({ status, body });

describe('a till retries: the same id gets the first answer, another body with that id gets 409', () => {
  let setia: TestApp;

  beforeAll(async () => {
    setia = await startSetia();
    await setia.request('PUT', `${T}/program`, PROGRAM);
    await setia.request('POST', `${T}/members`, { customerId: 'tari', cardNumber: '8001 0001' });
  });
  afterAll(() => setia.close());

  it('a purchase retried later, after other activity, gets the first answer and records nothing', async () => {
    const receipt = purchase('tari', 400_000);
    const first = await setia.request('POST', `${T}/purchases`, receipt);
    await setia.request('POST', `${T}/purchases`, purchase('tari', 300_000));
    const before = await setia.lastPosition();
    const retry = await setia.request('POST', `${T}/purchases`, receipt);
    expect(answer(retry)).toEqual(answer(first));
    expect(await setia.lastPosition()).toBe(before);
  });

  it('the same instant sent with another UTC offset is the same purchase', async () => {
    const receipt = purchase('tari', 100_000, { occurredAt: '2026-01-10T10:00:00+07:00' });
    const first = await setia.request('POST', `${T}/purchases`, receipt);
    const retry = await setia.request('POST', `${T}/purchases`, { ...receipt, occurredAt: '2026-01-10T03:00:00Z' });
    expect(answer(retry)).toEqual(answer(first));
  });

  it.each([
    ['receiptId used for a different total', (r: ReturnType<typeof purchase>) => ({ ...r, total: r.total + 1 })],
    ['receiptId used for another customer', (r: ReturnType<typeof purchase>) => ({ ...r, customerId: 'someone-else' })],
  ])('%s is refused with 409 and records nothing', async (_name, change) => {
    const receipt = purchase('tari', 200_000);
    await setia.request('POST', `${T}/purchases`, receipt);
    const before = await setia.lastPosition();
    const conflict = await setia.request('POST', `${T}/purchases`, change(receipt));
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ field: 'receiptId' });
    expect(conflict.body.message).toContain(receipt.receiptId);
    expect(await setia.lastPosition()).toBe(before);
  });

  it('returns, redemptions and feedback are idempotent by their ids too', async () => {
    const receipt = purchase('tari', 1_000_000);
    await setia.request('POST', `${T}/purchases`, receipt);
    const goodsBack = { returnId: 'RT-T1', receiptId: receipt.receiptId, storeId: 'JKT-01', customerId: 'tari', occurredAt: hoursAgo(1), amount: 100_000 };
    const redemption = { redemptionId: 'RD-T1', customerId: 'tari', rewardId: 'COFFEE', storeId: 'JKT-01' };
    const feedback = { feedbackId: 'FB-T1', customerId: 'tari', storeId: 'JKT-01', receiptId: receipt.receiptId, nps: 7 };
    for (const [url, body, changed] of [
      ['returns', goodsBack, { ...goodsBack, amount: 50_000 }],
      ['redemptions', redemption, { ...redemption, rewardId: 'TOTE-BAG' }],
      ['feedback', feedback, { ...feedback, nps: 3 }],
    ] as const) {
      const first = await setia.request('POST', `${T}/${url}`, body);
      expect(first.status).toBe(201);
      const before = await setia.lastPosition();
      expect(answer(await setia.request('POST', `${T}/${url}`, body))).toEqual(answer(first));
      expect((await setia.request('POST', `${T}/${url}`, changed)).status).toBe(409);
      expect(await setia.lastPosition()).toBe(before);
    }
  });

  it('a receipt claimed without its purchase (a crash between two writes, or EventStoreDB writing stream by stream) is recorded once by the retry', async () => {
    const receipt = purchase('tari', 300_000, { occurredAt: new Date(Date.now() - 3_600_000).toISOString() });
    await setia.app.get(ClaimRegistry).claim('toko', { kind: 'receipt', id: receipt.receiptId, field: 'receiptId', customerId: 'tari', request: receipt });
    const first = await setia.request('POST', `${T}/purchases`, receipt);
    expect(first.status).toBe(201);
    expect(first.body.pointsEarned).toBeGreaterThan(0);
    expect(answer(await setia.request('POST', `${T}/purchases`, receipt))).toEqual(answer(first));
    const ledger = await setia.store.readStream('customer-toko-tari');
    expect(ledger.filter((e) => e.type === 'PurchaseRecorded' && (e.data as { receiptId: string }).receiptId === receipt.receiptId)).toHaveLength(1);
    expect(await setia.store.readStream(`claim-toko-receipt-${receipt.receiptId}`)).toHaveLength(1);
  });

  it('enrolling again with the same details is the same answer; other details are refused', async () => {
    const first = await setia.request('POST', `${T}/members`, { customerId: 'umar', cardNumber: '8001 0002' });
    expect(answer(await setia.request('POST', `${T}/members`, { customerId: 'umar', cardNumber: '8001 0002' }))).toEqual(answer(first));
    const other = await setia.request('POST', `${T}/members`, { customerId: 'umar', cardNumber: '8001 9999' });
    expect(other.status).toBe(409);
  });

  it('setting the same program again records nothing and keeps the revision', async () => {
    const before = await setia.lastPosition();
    const again = await setia.request('PUT', `${T}/program`, PROGRAM);
    expect(again.body.revision).toBe(0);
    expect(await setia.lastPosition()).toBe(before);
    const changed = await setia.request('PUT', `${T}/program`, { ...PROGRAM, earn: { spendPerPoint: 5_000 } });
    expect(changed.body.revision).toBe(1);
  });
});
