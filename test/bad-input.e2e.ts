import { startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';
import { PROGRAM, purchase } from './support/program';

const T = '/v1/tenants/pasar';

describe('bad input gets a clear error naming the field, and nothing is recorded', () => {
  let setia: TestApp;

  beforeAll(async () => {
    setia = await startSetia();
    await setia.request('PUT', `${T}/program`, PROGRAM);
    await setia.request('POST', `${T}/members`, { customerId: 'wati', cardNumber: '9001 0001' });
    await setia.request('POST', `${T}/purchases`, purchase('wati', 5_000_000));
  });
  afterAll(() => setia.close());

  const { total: _total, ...withoutTotal } = purchase('wati', 1000);
  const cases: Array<[string, string, unknown, number, string]> = [
    ['a missing total', 'purchases', withoutTotal, 400, 'total'],
    ['a negative total', 'purchases', purchase('wati', -5), 400, 'total'],
    ['a non-integer amount of money', 'purchases', purchase('wati', 10.5), 400, 'total'],
    ['money given as text', 'purchases', { ...purchase('wati', 1), total: '1000' }, 400, 'total'],
    ['an unknown currency code', 'purchases', purchase('wati', 1000, { currency: 'ABC' }), 400, 'currency'],
    ['a currency other than the program\'s', 'purchases', purchase('wati', 1000, { currency: 'MYR' }), 422, 'currency'],
    ['an unknown store', 'purchases', purchase('wati', 1000, { storeId: 'NOWHERE' }), 422, 'storeId'],
    ['a malformed date', 'purchases', purchase('wati', 1000, { occurredAt: '20/11/2026 19:30' }), 400, 'occurredAt'],
    ['a date without a UTC offset', 'purchases', purchase('wati', 1000, { occurredAt: '2026-11-20T19:30:00' }), 400, 'occurredAt'],
    ['an impossible date', 'purchases', purchase('wati', 1000, { occurredAt: '2026-02-30T10:00:00Z' }), 400, 'occurredAt'],
    ['a date in the future', 'purchases', purchase('wati', 1000, { occurredAt: '2099-01-01T00:00:00Z' }), 422, 'occurredAt'],
    ['a line with quantity 0', 'purchases', purchase('wati', 1000, { lines: [{ sku: 'A', quantity: 0, unitPrice: 1000 }] }), 400, 'lines[0].quantity'],
    ['no lines', 'purchases', purchase('wati', 1000, { lines: [] }), 400, 'lines'],
    ['an unknown field', 'purchases', { ...purchase('wati', 1000), discount: 5 }, 400, 'discount'],
    ['an unknown reward', 'redemptions', { redemptionId: 'RD-X', customerId: 'wati', rewardId: 'YACHT', storeId: 'JKT-01' }, 422, 'rewardId'],
    ['nps 11', 'feedback', { feedbackId: 'FB-X', customerId: 'wati', storeId: 'JKT-01', nps: 11 }, 400, 'nps'],
    ['csat 0', 'feedback', { feedbackId: 'FB-Y', customerId: 'wati', storeId: 'JKT-01', nps: 5, csat: 0 }, 400, 'csat'],
    ['a return for a receipt the customer does not have', 'returns', { returnId: 'RT-X', receiptId: 'NOPE', storeId: 'JKT-01', customerId: 'wati', occurredAt: '2026-11-20T10:00:00Z', amount: 1 }, 422, 'receiptId'],
    ['a malformed birthday', 'members', { customerId: 'yuni', cardNumber: '9001 0002', birthday: '17-04-1990' }, 400, 'birthday'],
    ['a customer id with a slash', 'members', { customerId: 'a/b', cardNumber: '9001 0003' }, 400, 'customerId'],
    ['a body that is a list, not an object', 'purchases', [purchase('wati', 1000)], 400, 'receiptId'],
    ['a body that is null', 'purchases', null, 400, 'receiptId'],
    ['a line that is not an object', 'purchases', purchase('wati', 1000, { lines: ['SKU-1'] }), 400, 'lines[0]'],
  ];

  const named = cases.map(([name, url, body, status, field]) => ({ name, url, body, status, field }));
  it.each(named)('$name → $url answered $status naming $field', async ({ url, body, status, field }) => {
    const before = await setia.lastPosition();
    const answer = await setia.request('POST', `${T}/${url}`, body);
    expect(answer.status).toBe(status);
    expect(answer.body.field).toBe(field);
    expect(answer.body.message).toContain(field.replace(/\[\d+\]/, '').split('.')[0]);
    expect(await setia.lastPosition()).toBe(before);
  });

  it('a return larger than what is left of the receipt is refused with 422 naming amount', async () => {
    const receipt = purchase('wati', 300_000);
    await setia.request('POST', `${T}/purchases`, receipt);
    const before = await setia.lastPosition();
    const answer = await setia.request('POST', `${T}/returns`, {
      returnId: 'RT-BIG', receiptId: receipt.receiptId, storeId: 'JKT-01', customerId: 'wati', occurredAt: new Date().toISOString(), amount: 300_001,
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ field: 'amount' });
    expect(await setia.lastPosition()).toBe(before);
  });

  it('a program with tiers out of order is refused naming the tier', async () => {
    const answer = await setia.request('PUT', `${T}/program`, { ...PROGRAM, tiers: [PROGRAM.tiers[0], PROGRAM.tiers[2], PROGRAM.tiers[1]] });
    expect(answer.status).toBe(422);
    expect(answer.body.field).toBe('tiers[2].minQualifyingSpend');
  });

  it('a malformed JSON body, an unknown tenant and an unknown customer get clear answers', async () => {
    const malformed = await setia.app.inject({ method: 'POST', url: `${T}/purchases`, payload: '{"receiptId":', headers: { 'content-type': 'application/json' } });
    expect(malformed.statusCode).toBe(400);
    expect((await setia.request('POST', '/v1/tenants/nobody/purchases', purchase('x', 1000))).status).toBe(404);
    expect((await setia.request('POST', '/v1/tenants/Bad-Tenant/purchases', purchase('x', 1000))).body.field).toBe('tenant');
    expect((await setia.request('GET', `${T}/customers/ghost`)).status).toBe(404);
  });

  describe('time settings and the sandbox clock', () => {
    const programCases: Array<[string, Record<string, unknown>, number, string]> = [
      ['points that last 0 months', { pointsExpiry: { afterMonths: 0, noticeDays: 0 } }, 400, 'pointsExpiry.afterMonths'],
      ['months given as text', { pointsExpiry: { afterMonths: '12', noticeDays: 0 } }, 400, 'pointsExpiry.afterMonths'],
      ['a fraction of a month', { pointsExpiry: { afterMonths: 1.5, noticeDays: 0 } }, 400, 'pointsExpiry.afterMonths'],
      ['a notice days before nothing', { pointsExpiry: { afterMonths: 12, noticeDays: -1 } }, 400, 'pointsExpiry.noticeDays'],
      ['a notice longer than the points last', { pointsExpiry: { afterMonths: 3, noticeDays: 90 } }, 422, 'pointsExpiry.noticeDays'],
      ['an expiry without its notice', { pointsExpiry: { afterMonths: 12 } }, 400, 'pointsExpiry.noticeDays'],
      ['an unknown expiry setting', { pointsExpiry: { afterMonths: 12, noticeDays: 0, graceDays: 3 } }, 400, 'pointsExpiry.graceDays'],
      ['a negative hold', { tierReview: { holdMonths: -1 } }, 400, 'tierReview.holdMonths'],
      ['a hold of half a month', { tierReview: { holdMonths: 0.5 } }, 400, 'tierReview.holdMonths'],
      ['a birthday multiplier below 1', { birthday: { bonus: 50, multiplier: 0.5 } }, 400, 'birthday.multiplier'],
      ['a negative birthday bonus', { birthday: { bonus: -50 } }, 400, 'birthday.bonus'],
      ['a negative point value', { pointValue: -1 }, 400, 'pointValue'],
    ];
    const namedProgramCases = programCases.map(([name, change, status, field]) => ({ name, change, status, field }));
    it.each(namedProgramCases)('a program with $name is answered $status naming $field, and stays as it was', async ({ change, status, field }) => {
      const program = await setia.request('GET', `${T}/program`);
      const before = await setia.lastPosition();
      const answer = await setia.request('PUT', `${T}/program`, { ...PROGRAM, ...change });
      expect(answer.status).toBe(status);
      expect(answer.body.field).toBe(field);
      expect(answer.body.message).toContain(field);
      expect(await setia.lastPosition()).toBe(before);
      expect((await setia.request('GET', `${T}/program`)).body).toEqual(program.body);
    });

    it('a clock moved to no time, a time without an offset, back, or centuries on is refused naming now; nothing moves', async () => {
      expect((await setia.request('POST', '/v1/tenants', { tenantId: 'pasir', sandbox: true })).status).toBe(201);
      const C = '/v1/tenants/pasir/clock';
      const { now } = (await setia.request('GET', C)).body;
      const before = await setia.lastPosition();
      const refusals: Array<[unknown, number]> = [
        [{}, 400],
        [{ now: 'tomorrow' }, 400],
        [{ now: '2031-01-01T00:00:00' }, 400],
        [{ now: '2031-02-30T00:00:00Z' }, 400],
        [{ now: 1924905600000 }, 400],
        [{ now: '2031-01-01T00:00:00Z', speed: 2 }, 400],
        [{ now: '2001-01-01T00:00:00Z' }, 409],
        [{ now: '9999-12-31T00:00:00Z' }, 422],
      ];
      for (const [body, status] of refusals) {
        const answer = await setia.request('PUT', C, body);
        expect({ body, status: answer.status }).toEqual({ body, status });
        expect(answer.body.field).toBe(status === 400 && Object.keys(body as object).includes('speed') ? 'speed' : 'now');
      }
      expect(await setia.lastPosition()).toBe(before);
      expect((await setia.request('GET', C)).body).toEqual({ tenant: 'pasir', now });
    });
  });
});
