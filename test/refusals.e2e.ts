import { startSetia, TEST_ADMIN_KEY } from './support/setia-app';
import type { TestApp } from './support/setia-app';
import { PROGRAM, purchase } from './support/program';

/**
 * Inputs that once got through, or answered 500, each refused with an answer naming the field,
 * and nothing appended.
 */
const T = '/v1/tenants/refused';

describe('refused inputs append nothing', () => {
  let setia: TestApp;

  beforeAll(async () => {
    setia = await startSetia({}, { apiOnly: true });
    await setia.request('PUT', `${T}/program`, PROGRAM);
    await setia.request('POST', `${T}/members`, { customerId: 'wati', cardNumber: '9001 0001' });
  });
  afterAll(() => setia.close());

  /** Sends a raw JSON text with the key the route needs. */
  async function sendText(method: 'POST' | 'PUT', url: string, text: string, role: 'admin' | 'pos') {
    const key = await setia.keyFor('refused', role);
    const answer = await setia.app.inject({ method, url, payload: text, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` } });
    return { status: answer.statusCode, body: answer.json() };
  }

  const deep = (levels: number) => `{"customerId":"wati","x":${'['.repeat(levels)}${']'.repeat(levels)}}`;
  it.each([
    ['POST', `${T}/members`, 'pos'],
    ['POST', `${T}/purchases`, 'pos'],
    ['POST', `${T}/returns`, 'pos'],
    ['POST', `${T}/redemptions`, 'pos'],
    ['POST', `${T}/feedback`, 'pos'],
    ['PUT', `${T}/members/wati/card`, 'pos'],
    ['PUT', `${T}/program`, 'admin'],
    ['POST', `${T}/keys`, 'admin'],
  ] as const)('a body nested 3,000 levels deep to %s %s → 400 naming the field', async (method, url, role) => {
    const before = await setia.lastPosition();
    const answer = await sendText(method, url, deep(3000), role);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      field: `x${'[0]'.repeat(31)}`,
      message: `x${'[0]'.repeat(31)} is nested more than 32 levels deep`,
    });
    expect(await setia.lastPosition()).toBe(before);
  });

  it('a purchase naming "total" twice → 400 naming total', async () => {
    const before = await setia.lastPosition();
    const text = JSON.stringify(purchase('wati', 100_000)).replace('"total":100000', '"total":100000,"total":999999');
    const answer = await sendText('POST', `${T}/purchases`, text, 'pos');
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ statusCode: 400, error: 'Bad Request', field: 'total', message: 'total is given more than once' });
    expect(await setia.lastPosition()).toBe(before);
  });

  it('a line naming "quantity" twice → 400 naming lines[0].quantity', async () => {
    const before = await setia.lastPosition();
    const text = JSON.stringify(purchase('wati', 100_000)).replace('"quantity":1', '"quantity":1,"quantity":1');
    const answer = await sendText('POST', `${T}/purchases`, text, 'pos');
    expect(answer.status).toBe(400);
    expect(answer.body.field).toBe('lines[0].quantity');
    expect(await setia.lastPosition()).toBe(before);
  });

  it('a total its lines do not add up to → 422 naming total', async () => {
    const before = await setia.lastPosition();
    const answer = await setia.request('POST', `${T}/purchases`, purchase('wati', 999_999, { lines: [{ sku: 'KOPI', quantity: 1, unitPrice: 100_000 }] }));
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      statusCode: 422,
      error: 'TotalMismatch',
      field: 'total',
      message: 'total 999999 is not what the receipt adds up to: the lines (quantity × unitPrice − discount), less the basket discounts and the member\'s offers and tier discount, plus the charges make 100000',
    });
    expect(await setia.lastPosition()).toBe(before);
  });

  it('a line discount larger than its line → 422 naming the line\'s discount', async () => {
    const before = await setia.lastPosition();
    const answer = await setia.request('POST', `${T}/purchases`, purchase('wati', 1, { lines: [{ sku: 'KOPI', quantity: 1, unitPrice: 100, discount: 101 }] }));
    expect(answer.status).toBe(422);
    expect(answer.body.field).toBe('lines[0].discount');
    expect(await setia.lastPosition()).toBe(before);
  });

  it('a receipt with line and basket discounts and charges that add up is recorded, and earns on what was paid', async () => {
    const receipt = purchase('wati', 2_178_000, {
      lines: [{ sku: 'KOPI', quantity: 10, unitPrice: 200_000, discount: 20_000 }, { sku: 'ROTI', quantity: 1, unitPrice: 20_000 }],
      discounts: [{ amount: 20_000, description: 'member price' }],
      charges: [{ kind: 'serviceCharge', amount: 198_000 }],
    });
    const answer = await setia.request('POST', `${T}/purchases`, receipt);
    expect(answer.status).toBe(201);
    // 2,178,000 paid at 1 point per 10,000 (Silver, × 1): 217 points.
    expect(answer.body.pointsEarned).toBe(217);
    const ledger = await setia.request('GET', `${T}/customers/wati/ledger`);
    const recorded = ledger.body.events.find((event: { type: string; data: { receiptId: string } }) => event.type === 'PurchaseRecorded' && event.data.receiptId === receipt.receiptId);
    expect(recorded.data).toMatchObject({ total: 2_178_000, discounts: [{ amount: 20_000, description: 'member price' }], charges: [{ kind: 'serviceCharge', amount: 198_000 }] });
    expect(recorded.data.lines[0]).toEqual({ sku: 'KOPI', quantity: 10, unitPrice: 200_000, discount: 20_000 });
  });

  it('a receipt dated 1970 → 422 naming occurredAt: no purchase, no points, no 1970 first purchase', async () => {
    const before = await setia.lastPosition();
    const answer = await setia.request('POST', `${T}/purchases`, purchase('wati', 100_000, { occurredAt: '1970-01-01T07:00:00+07:00' }));
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      statusCode: 422,
      error: 'ReceiptTooLate',
      field: 'occurredAt',
      message: 'occurredAt: 1970-01-01T00:00:00.000Z is more than 365 days ago, more than the program takes a receipt late (lateReceiptDays)',
    });
    expect(await setia.lastPosition()).toBe(before);
    expect((await setia.request('GET', `${T}/customers/wati`)).body.firstPurchaseAt).not.toBe('1970-01-01T00:00:00.000Z');
  });

  it('a receipt from before its tenant was created → 422 naming occurredAt; a tenant created with receiptsSince takes them from then', async () => {
    const platform = { authorization: `Bearer ${TEST_ADMIN_KEY}` };
    const created = await setia.request('POST', '/v1/tenants', { tenantId: 'refused_new' }, platform);
    expect(created.status).toBe(201);
    expect(Date.parse(created.body.receiptsSince)).toBeGreaterThan(Date.now() - 60_000);
    const admin = (await setia.request('POST', '/v1/tenants/refused_new/keys', { role: 'admin' }, platform)).body.key;
    const pos = (await setia.request('POST', '/v1/tenants/refused_new/keys', { role: 'pos' }, platform)).body.key;
    expect((await setia.request('PUT', '/v1/tenants/refused_new/program', PROGRAM, { authorization: `Bearer ${admin}` })).status).toBe(200);
    const before = await setia.lastPosition();
    const hourBefore = new Date(Date.parse(created.body.receiptsSince) - 3_600_000).toISOString();
    const answer = await setia.request('POST', '/v1/tenants/refused_new/purchases', purchase('wati', 100_000, { occurredAt: hourBefore }), { authorization: `Bearer ${pos}` });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      statusCode: 422,
      error: 'ReceiptBeforeTenant',
      field: 'occurredAt',
      message: `occurredAt: ${hourBefore} is before the tenant's first receipts (${created.body.receiptsSince}): a purchase from before the chain joined is not its program's`,
    });
    expect(await setia.lastPosition()).toBe(before);
    // This suite's tenant was created with receiptsSince 2026-01-01: a March receipt is its.
    expect((await setia.request('POST', `${T}/purchases`, purchase('wati', 100_000, { occurredAt: '2026-03-10T10:00:00+07:00' }))).status).toBe(201);
  });

  it('a program\'s lateReceiptDays refuses receipts later than it; a negative one is refused naming it', async () => {
    const LATE = '/v1/tenants/refused_late';
    expect((await setia.request('PUT', `${LATE}/program`, { ...PROGRAM, lateReceiptDays: 2 })).status).toBe(200);
    const before = await setia.lastPosition();
    const threeDaysAgo = new Date(Date.now() - 3 * 24 * 3_600_000).toISOString();
    const answer = await setia.request('POST', `${LATE}/purchases`, purchase('wati', 100_000, { occurredAt: threeDaysAgo }));
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ error: 'ReceiptTooLate', field: 'occurredAt' });
    expect(await setia.lastPosition()).toBe(before);
    const oneDayAgo = new Date(Date.now() - 24 * 3_600_000).toISOString();
    expect((await setia.request('POST', `${LATE}/purchases`, purchase('wati', 100_000, { occurredAt: oneDayAgo }))).status).toBe(201);
    const negative = await setia.request('PUT', `${LATE}/program`, { ...PROGRAM, lateReceiptDays: -1 });
    expect(negative.status).toBe(400);
    expect(negative.body).toMatchObject({ field: 'lateReceiptDays', message: 'lateReceiptDays must be at least 0' });
  });

  it('a query parameter given twice → 400 naming it', async () => {
    const answer = await setia.request('GET', `${T}/customers?tier=Gold&tier=Silver`);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ statusCode: 400, error: 'Bad Request', field: 'tier', message: 'tier is given more than once' });
    const ledger = await setia.request('GET', `${T}/customers/wati/ledger?limit=1&limit=2`);
    expect(ledger.body).toMatchObject({ statusCode: 400, field: 'limit' });
  });

  it('a method a path does not take → 405 with the methods it takes', async () => {
    // light-my-request's types list the common methods only; it sends any.
    const trace = await setia.app.inject({ method: 'TRACE' as 'GET', url: '/health' });
    expect(trace.statusCode).toBe(405);
    expect(trace.headers.allow).toBe('GET, HEAD');
    expect(trace.json()).toEqual({ statusCode: 405, error: 'Method Not Allowed', message: 'TRACE is not allowed here; this path takes GET, HEAD' });
    const before = await setia.lastPosition();
    const key = await setia.keyFor('refused', 'pos');
    const patch = await setia.app.inject({ method: 'PATCH', url: `${T}/purchases`, headers: { authorization: `Bearer ${key}` }, payload: purchase('wati', 100_000) });
    expect(patch.statusCode).toBe(405);
    expect(patch.headers.allow).toBe('POST');
    expect(await setia.lastPosition()).toBe(before);
    expect((await setia.app.inject({ method: 'GET', url: '/nowhere' })).statusCode).toBe(404);
  });
});
