import { hoursAgo, PROGRAM } from './support/program';
import { startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';

const TENANT = 'kedai_kopi';
const T = `/v1/tenants/${TENANT}`;

const KOPI_CARD = {
  cardId: 'KOPI-10',
  name: 'Buy 10 coffees, get 1 free',
  counts: { sku: 'KOPI-SUSU', per: 'item' },
  stampsNeeded: 10,
  reward: { voucher: { kind: 'freeItem', sku: 'KOPI-SUSU' }, validDays: 30 },
};
const year = new Date().getUTCFullYear();
/** Coffee at double points all year round, so purchases made hours ago are in its window. */
const KOPI_DOUBLE = { campaignId: 'kopi-double', name: 'Coffee double points', from: `${year - 1}-01-01`, to: `${year + 1}-12-31`, effect: { sku: 'KOPI-SUSU', multiplier: 2 } };

const kopi = (quantity: number) => ({ sku: 'KOPI-SUSU', category: 'drinks', quantity, unitPrice: 25_000 });
const ROTI = { sku: 'ROTI', category: 'bakery', quantity: 1, unitPrice: 60_000 };
const receipt = (receiptId: string, lines: Array<{ quantity: number; unitPrice: number }>) => ({
  receiptId,
  storeId: 'JKT-01',
  customerId: 'sari',
  occurredAt: hoursAgo(3),
  currency: 'IDR',
  total: lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0),
  lines,
});
const giveBack = (returnId: string, change: Record<string, unknown>) => ({ returnId, receiptId: 'K-2', storeId: 'JKT-01', customerId: 'sari', occurredAt: hoursAgo(1), ...change });

describe('a return by lines over HTTP: it refunds what the goods were paid and undoes what those items caused', () => {
  let setia: TestApp;

  const stampCards = async () => (await setia.request('GET', `${T}/customers/sari/stamp-cards`)).body.cards;
  const points = async () => (await setia.request('GET', `${T}/customers/sari`)).body.points;

  /** The return, refused with 422 naming `field`, with nothing appended. */
  async function refused(body: unknown, status: number, field: string) {
    const before = await setia.lastPosition();
    const answer = await setia.request('POST', `${T}/returns`, body);
    expect({ status: answer.status, field: answer.body.field }).toEqual({ status, field });
    expect(await setia.lastPosition()).toBe(before);
    return answer.body;
  }

  beforeAll(async () => {
    setia = await startSetia();
    expect((await setia.request('PUT', `${T}/program`, { ...PROGRAM, stampCards: [KOPI_CARD] })).status).toBe(200);
    expect((await setia.request('POST', `${T}/campaigns`, KOPI_DOUBLE)).status).toBe(201);
    expect((await setia.request('POST', `${T}/members`, { customerId: 'sari', cardNumber: '7200 0001' })).status).toBe(201);
    // Eight coffees: 20 points and 20 more at double points, 8 stamps.
    expect((await setia.request('POST', `${T}/purchases`, receipt('K-1', [kopi(8)]))).status).toBe(201);
    // Two coffees and a pastry: 11 points and 5 for the coffees; the card fills and its voucher is issued.
    const filled = await setia.request('POST', `${T}/purchases`, receipt('K-2', [kopi(2), ROTI]));
    expect(filled.body).toMatchObject({ pointsEarned: 11, campaigns: [{ campaignId: 'kopi-double', points: 5 }], points: 56, vouchersIssued: [expect.objectContaining({ voucherId: 'card:KOPI-10:1' })] });
  });
  afterAll(() => setia.close());

  it('lines the receipt cannot take back are refused naming the line, and nothing is recorded', async () => {
    await refused(giveBack('RT-0', { lines: [{ sku: 'KOPI-SUSU', quantity: 1 }, { sku: 'TEH', quantity: 1 }] }), 422, 'lines[1]');
    const over = await refused(giveBack('RT-0', { lines: [{ sku: 'KOPI-SUSU', quantity: 3 }] }), 422, 'lines[0]');
    expect(over.message).toBe('lines[0]: 3 of sku KOPI-SUSU asked back, 2 left to return on receipt K-2 (2 sold, 0 returned before)');
    await refused(giveBack('RT-0', { lines: [{ sku: 'KOPI-SUSU', quantity: 2 }], amount: 50_001 }), 422, 'amount');
    await refused(giveBack('RT-0', {}), 422, 'amount');
    await refused(giveBack('RT-0', { lines: [] }), 400, 'lines');
    expect(await points()).toBe(56);
  });

  it('two coffees back of the three-item receipt: 50,000 refunded, their points and campaign points taken back, the unused voucher voided', async () => {
    // One body for the return and the till's retry below: its time is read once (to the second).
    const twoCoffees = giveBack('RT-1', { lines: [{ sku: 'KOPI-SUSU', quantity: 2 }] });
    const answer = await setia.request('POST', `${T}/returns`, twoCoffees);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      returnId: 'RT-1',
      receiptId: 'K-2',
      amount: 50_000,
      // 5 of the receipt's 11 (50,000 of 110,000) and all 5 the coffees got at double points.
      pointsReversed: 10,
      campaigns: [{ campaignId: 'kopi-double', points: 5 }],
      amountLeftOnReceipt: 60_000,
      points: 46,
    });
    expect(await points()).toBe(46);
    expect(await stampCards()).toEqual([{ cardId: 'KOPI-10', name: 'Buy 10 coffees, get 1 free', stamps: 8, stampsNeeded: 10, owed: 0, completed: 1, vouchers: [] }]);
    const wallet = (await setia.request('GET', `${T}/customers/sari/vouchers`)).body.vouchers;
    expect(wallet.map((voucher: { voucherId: string; status: string }) => [voucher.voucherId, voucher.status])).toEqual([['card:KOPI-10:1', 'voided']]);
    const ledger = (await setia.request('GET', `${T}/customers/sari/ledger`)).body.events as Array<{ type: string; data: Record<string, unknown> }>;
    expect(ledger.find((event) => event.type === 'ReturnRecorded')?.data).toMatchObject({ amount: 50_000, lines: [{ line: 0, sku: 'KOPI-SUSU', quantity: 2 }] });
    // The till's retry gets the same answer, and records nothing.
    const before = await setia.lastPosition();
    expect(await setia.request('POST', `${T}/returns`, twoCoffees)).toMatchObject({ status: 201, body: answer.body });
    expect(await setia.lastPosition()).toBe(before);
  });

  it('the coffees returned count: no coffee is left to return on the receipt; the pastry is, for its price', async () => {
    await refused(giveBack('RT-2', { lines: [{ sku: 'KOPI-SUSU', quantity: 1 }] }), 422, 'lines[0]');
    const pastry = await setia.request('POST', `${T}/returns`, giveBack('RT-2', { lines: [{ sku: 'ROTI', quantity: 1 }], amount: 60_000 }));
    expect(pastry.body).toMatchObject({ amount: 60_000, pointsReversed: 6, campaigns: [], amountLeftOnReceipt: 0, points: 40 });
    expect((await stampCards())[0]).toMatchObject({ stamps: 8, owed: 0 });
  });
});
