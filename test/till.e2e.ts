import { PROGRAM, purchase } from './support/program';
import { startSetia, TEST_ADMIN_KEY } from './support/setia-app';
import type { TestApp } from './support/setia-app';

const TENANT = 'kasir';
const OTHER = 'kasir_lain';
const T = `/v1/tenants/${TENANT}`;
const CARD = '6001 4242 0001';
const NEW_CARD = '6001 4242 0099';

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const card = (number: string) => `${T}/cards/${encodeURIComponent(number)}`;

describe('the till\'s view: a member found by the card they show, and what they have', () => {
  let setia: TestApp;
  let pos: Record<string, string>;
  let otherPos: Record<string, string>;

  beforeAll(async () => {
    setia = await startSetia();
    pos = bearer(await setia.keyFor(TENANT, 'pos'));
    otherPos = bearer(await setia.keyFor(OTHER, 'pos'));
    for (const tenant of [TENANT, OTHER]) expect((await setia.request('PUT', `/v1/tenants/${tenant}/program`, PROGRAM)).status).toBe(200);
    expect((await setia.request('POST', `${T}/members`, { customerId: 'wulan', cardNumber: CARD, homeStoreId: 'JKT-01' })).status).toBe(201);
    // Rp 1,200,000 at Silver (×1): 120 points, and Gold from then on.
    expect((await setia.request('POST', `${T}/purchases`, purchase('wulan', 1_200_000))).status).toBe(201);
  });
  afterAll(() => setia.close());

  /** The request with `headers`, and that it appended nothing when it was refused. */
  async function refused(method: 'GET' | 'PUT' | 'POST', url: string, body: unknown, headers: Record<string, string>, status: number) {
    const before = await setia.lastPosition();
    const answer = await setia.request(method, url, body, headers);
    expect({ status: answer.status }).toEqual({ status });
    expect(await setia.lastPosition()).toBe(before);
    return answer.body;
  }

  it('a pos key finds the member by their card: who it is, stage, tier, spendable points and what those pay for, as the customer answer says', async () => {
    const found = await setia.request('GET', card(CARD), undefined, pos);
    expect(found).toMatchObject({ status: 200 });
    expect(found.body).toEqual({ customerId: 'wulan', stage: 'member', tier: 'Gold', points: 120, redeemable: [{ rewardId: 'COFFEE', points: 100 }], expiring: [], vouchers: [], offers: [] });
    const customer = await setia.request('GET', `${T}/customers/wulan`);
    expect(customer.body).toMatchObject({ customerId: 'wulan', points: found.body.points, tier: found.body.tier, stage: found.body.stage });
    // Nothing personal goes back to the till: it knows the card it read.
    expect(JSON.stringify(found.body)).not.toContain('4242');
  });

  it('the card is found however the till groups its number', async () => {
    for (const spelling of ['600142420001', '6001-4242-0001', '6001 4242 0001']) {
      expect({ spelling, ...(await setia.request('GET', card(spelling), undefined, pos)).body }).toMatchObject({ spelling, customerId: 'wulan' });
    }
  });

  it('the same summary by the customer id, for pos, admin and auditor keys alike', async () => {
    const byCard = (await setia.request('GET', card(CARD), undefined, pos)).body;
    const auditor = (await setia.request('POST', `${T}/keys`, { role: 'auditor' })).body.key;
    for (const headers of [pos, bearer(await setia.keyFor(TENANT, 'admin')), bearer(auditor)]) {
      expect(await setia.request('GET', `${T}/customers/wulan/summary`, undefined, headers)).toMatchObject({ status: 200, body: byCard });
    }
  });

  it('the points a member redeems leave the summary at once, and so do the rewards they no longer pay for', async () => {
    expect((await setia.request('POST', `${T}/members`, { customerId: 'yusuf', cardNumber: '6001 4242 0002' })).status).toBe(201);
    expect((await setia.request('POST', `${T}/purchases`, purchase('yusuf', 6_000_000))).status).toBe(201);
    expect((await setia.request('GET', card('6001 4242 0002'), undefined, pos)).body).toEqual({
      customerId: 'yusuf',
      stage: 'member',
      tier: 'Gold',
      points: 600,
      redeemable: [{ rewardId: 'COFFEE', points: 100 }, { rewardId: 'TOTE-BAG', points: 500 }],
      expiring: [],
      vouchers: [],
      offers: [],
    });
    expect((await setia.request('POST', `${T}/redemptions`, { redemptionId: 'RD-KASIR-1', customerId: 'yusuf', rewardId: 'TOTE-BAG', storeId: 'JKT-01' })).status).toBe(201);
    expect((await setia.request('GET', card('6001 4242 0002'), undefined, pos)).body).toMatchObject({ points: 100, redeemable: [{ rewardId: 'COFFEE', points: 100 }] });
  });

  it('where the program\'s points expire, the till sees how many on which date, as the customer answer says', async () => {
    const tenant = 'kasir_kedaluwarsa';
    const till = bearer(await setia.keyFor(tenant, 'pos'));
    expect((await setia.request('PUT', `/v1/tenants/${tenant}/program`, { ...PROGRAM, pointsExpiry: { afterMonths: 12, noticeDays: 7 } })).status).toBe(200);
    expect((await setia.request('POST', `/v1/tenants/${tenant}/members`, { customerId: 'intan', cardNumber: '6001 4242 0020' })).status).toBe(201);
    expect((await setia.request('POST', `/v1/tenants/${tenant}/purchases`, purchase('intan', 800_000))).status).toBe(201);
    const customer = (await setia.request('GET', `/v1/tenants/${tenant}/customers/intan`)).body;
    expect(customer.expiring).toEqual([{ points: 80, expiresAt: expect.any(String) }]);
    const found = await setia.request('GET', `/v1/tenants/${tenant}/cards/${encodeURIComponent('6001 4242 0020')}`, undefined, till);
    expect(found.body).toEqual({ customerId: 'intan', stage: 'member', tier: 'Silver', points: 80, redeemable: [], expiring: customer.expiring, vouchers: [], offers: [] });
  });

  it('a buyer who never enrolled has a summary by id, with nothing to redeem; a customer no one knows is 404', async () => {
    expect((await setia.request('POST', `${T}/purchases`, purchase('zahra', 300_000))).status).toBe(201);
    expect((await setia.request('GET', `${T}/customers/zahra/summary`, undefined, pos)).body).toEqual({ customerId: 'zahra', stage: 'buyer', tier: null, points: 0, redeemable: [], expiring: [], vouchers: [], offers: [] });
    expect(await setia.request('GET', `${T}/customers/nobody/summary`, undefined, pos)).toMatchObject({ status: 404, body: { field: 'customerId' } });
  });

  it('a card no member has is 404, and the answer does not repeat the number', async () => {
    const answer = await setia.request('GET', card('6001 0000 0000'), undefined, pos);
    expect(answer).toMatchObject({ status: 404, body: { statusCode: 404, error: 'CardNotFound', message: 'no member has this card number', field: 'cardNumber' } });
  });

  it('another tenant\'s pos key finds nothing: 404 on this tenant\'s route, and no one with the card in its own', async () => {
    expect((await setia.request('GET', card(CARD), undefined, otherPos)).status).toBe(404);
    expect((await setia.request('GET', `${T}/customers/wulan/summary`, undefined, otherPos)).status).toBe(404);
    expect((await setia.request('GET', `/v1/tenants/${OTHER}/cards/${encodeURIComponent(CARD)}`, undefined, otherPos)).body).toMatchObject({ statusCode: 404, field: 'cardNumber' });
  });

  it('the same card number in another tenant is that tenant\'s member, each found in their own tenant only', async () => {
    expect((await setia.request('POST', `/v1/tenants/${OTHER}/members`, { customerId: 'lain', cardNumber: '6001 4242 0003' })).status).toBe(201);
    expect((await setia.request('POST', `${T}/members`, { customerId: 'sama', cardNumber: '6001 4242 0003' })).status).toBe(201);
    expect((await setia.request('GET', `/v1/tenants/${OTHER}/cards/${encodeURIComponent('6001 4242 0003')}`, undefined, otherPos)).body).toMatchObject({ customerId: 'lain' });
    expect((await setia.request('GET', card('6001 4242 0003'), undefined, pos)).body).toMatchObject({ customerId: 'sama' });
  });

  it('a pos key limited to one store reads members of every store (a member shops anywhere)', async () => {
    const jayapura = (await setia.request('POST', `${T}/keys`, { role: 'pos', stores: ['JAP-01'] })).body.key;
    expect(await setia.request('GET', card(CARD), undefined, bearer(jayapura))).toMatchObject({ status: 200, body: { customerId: 'wulan' } });
    expect(await setia.request('GET', `${T}/customers/wulan/summary`, undefined, bearer(jayapura))).toMatchObject({ status: 200, body: { customerId: 'wulan' } });
  });

  it('a pos key still reads nothing else of the member: not the customer, the ledger, the balance, the profile or the lists', async () => {
    for (const path of ['/customers/wulan', '/customers/wulan/ledger', '/customers/wulan/balance?asOf=2026-01-01T00:00:00Z', '/customers/wulan/profile', '/customers', '/dashboards/tiers']) {
      expect({ path, status: (await setia.request('GET', `${T}${path}`, undefined, pos)).status }).toEqual({ path, status: 403 });
    }
  });

  it('a card number that cannot be one is 400 naming the field, not echoing it', async () => {
    for (const bad of ['60', '6001_4242', '6001.4242', 'x'.repeat(65)]) {
      const answer = await setia.request('GET', card(bad), undefined, pos);
      expect({ bad, status: answer.status, field: answer.body.field }).toEqual({ bad, status: 400, field: 'cardNumber' });
      expect(answer.body.message).toBe('cardNumber must be 4 to 64 letters, digits, spaces or dashes');
    }
  });

  describe('a card number belongs to one member', () => {
    it('enrolling another customer with a member\'s card is 409 naming cardNumber, however the number is grouped; nothing is recorded', async () => {
      const body = await refused('POST', `${T}/members`, { customerId: 'tiruan', cardNumber: '6001-4242-0001' }, pos, 409);
      expect(body).toEqual({ statusCode: 409, error: 'CardInUse', message: 'cardNumber: this card number is another member\'s', field: 'cardNumber' });
      expect((await setia.request('GET', `${T}/customers/tiruan`)).status).toBe(404);
      expect((await setia.request('GET', card(CARD), undefined, pos)).body).toMatchObject({ customerId: 'wulan' });
    });

    it('the same enrolment retried is still the first answer (the card is the member\'s own)', async () => {
      const first = await setia.request('POST', `${T}/members`, { customerId: 'ulang', cardNumber: '6001 4242 0004' });
      const again = await setia.request('POST', `${T}/members`, { customerId: 'ulang', cardNumber: '6001 4242 0004' });
      expect(first.status).toBe(201);
      expect(again).toMatchObject({ status: 201, body: first.body });
    });
  });

  describe('a lost card replaced', () => {
    beforeAll(async () => {
      expect((await setia.request('POST', `${T}/members`, { customerId: 'hilang', cardNumber: '6001 4242 0005' })).status).toBe(201);
      expect((await setia.request('POST', `${T}/purchases`, purchase('hilang', 500_000))).status).toBe(201);
    });

    it('the new number finds the member with the same points, the old one no one; the ledger records the replacement', async () => {
      const before = (await setia.request('GET', card('6001 4242 0005'), undefined, pos)).body;
      const replaced = await setia.request('PUT', `${T}/members/hilang/card`, { cardNumber: '6001 4242 0006' }, pos);
      expect(replaced).toMatchObject({ status: 200, body: { customerId: 'hilang', stage: 'member', points: before.points, tier: before.tier } });
      expect((await setia.request('GET', card('6001 4242 0005'), undefined, pos)).status).toBe(404);
      expect(await setia.request('GET', card('6001 4242 0006'), undefined, pos)).toMatchObject({ status: 200, body: before });
      const ledger = (await setia.request('GET', `${T}/customers/hilang/ledger`)).body.events;
      expect(ledger[ledger.length - 1]).toMatchObject({ type: 'CardReplaced', data: { cardNumber: '6001 4242 0006' } });
      expect((await setia.request('GET', `${T}/customers/hilang`)).body).toMatchObject({ cardNumber: '6001 4242 0006' });
    });

    it('the same replacement sent again answers the same and records nothing', async () => {
      const first = await setia.request('PUT', `${T}/members/hilang/card`, { cardNumber: '6001 4242 0006' }, pos);
      const before = await setia.lastPosition();
      const again = await setia.request('PUT', `${T}/members/hilang/card`, { cardNumber: '6001-4242-0006' }, pos);
      expect(again).toMatchObject({ status: 200, body: first.body });
      expect(await setia.lastPosition()).toBe(before);
    });

    it('the old number is free: another member may be given it', async () => {
      expect((await setia.request('POST', `${T}/members`, { customerId: 'baru', cardNumber: '6001 4242 0005' })).status).toBe(201);
      expect((await setia.request('GET', card('6001 4242 0005'), undefined, pos)).body).toMatchObject({ customerId: 'baru' });
      expect((await setia.request('GET', card('6001 4242 0006'), undefined, pos)).body).toMatchObject({ customerId: 'hilang' });
    });

    it('another member\'s number is 409 naming cardNumber; nothing is recorded and both cards stay their members\'', async () => {
      const body = await refused('PUT', `${T}/members/hilang/card`, { cardNumber: CARD }, pos, 409);
      expect(body).toMatchObject({ error: 'CardInUse', field: 'cardNumber' });
      expect((await setia.request('GET', card(CARD), undefined, pos)).body).toMatchObject({ customerId: 'wulan' });
      expect((await setia.request('GET', card('6001 4242 0006'), undefined, pos)).body).toMatchObject({ customerId: 'hilang' });
    });

    it.each([
      ['no card number', {}, 400, 'cardNumber'],
      ['a card number with a slash', { cardNumber: '6001/4242' }, 400, 'cardNumber'],
      ['a number too short', { cardNumber: '60' }, 400, 'cardNumber'],
      ['an unknown field', { cardNumber: '6001 4242 0007', extra: 1 }, 400, 'extra'],
    ])('%s is 400 naming the field; nothing is recorded', async (_what, body, status, field) => {
      expect(await refused('PUT', `${T}/members/hilang/card`, body, pos, status)).toMatchObject({ statusCode: status, field });
    });

    it('a customer no one knows is 404, a buyer who never enrolled 409: no card to replace', async () => {
      expect(await refused('PUT', `${T}/members/nobody/card`, { cardNumber: '6001 4242 0008' }, pos, 404)).toMatchObject({ field: 'customerId' });
      expect(await refused('PUT', `${T}/members/zahra/card`, { cardNumber: '6001 4242 0008' }, pos, 409)).toMatchObject({ error: 'NotAMember' });
    });

    it('only a till replaces a card: admin, auditor and analyst keys get 403', async () => {
      for (const role of ['admin', 'auditor', 'analyst']) {
        const key = (await setia.request('POST', `${T}/keys`, { role }, bearer(TEST_ADMIN_KEY))).body.key;
        await refused('PUT', `${T}/members/hilang/card`, { cardNumber: '6001 4242 0009' }, bearer(key), 403);
      }
    });
  });

  describe('a member forgotten', () => {
    beforeAll(async () => {
      expect((await setia.request('POST', `${T}/members`, { customerId: 'lupa', cardNumber: '6001 4242 0010' })).status).toBe(201);
      expect((await setia.request('PUT', `${T}/members/lupa/card`, { cardNumber: '6001 4242 0011' }, pos)).status).toBe(200);
      expect((await setia.request('POST', `${T}/purchases`, purchase('lupa', 400_000))).status).toBe(201);
      expect((await setia.request('GET', card('6001 4242 0011'), undefined, pos)).status).toBe(200);
      expect((await setia.request('DELETE', `${T}/customers/lupa/personal-data`)).status).toBe(200);
    });

    it('after erasure the card finds no one: 404, the old number too', async () => {
      expect((await setia.request('GET', card('6001 4242 0011'), undefined, pos)).status).toBe(404);
      expect((await setia.request('GET', card('6001 4242 0010'), undefined, pos)).status).toBe(404);
    });

    it('the summary by id still shows the points, which stay', async () => {
      expect((await setia.request('GET', `${T}/customers/lupa/summary`, undefined, pos)).body).toMatchObject({ customerId: 'lupa', stage: 'member', points: 40 });
    });

    it('no new card is recorded for the forgotten member: 409, nothing appended', async () => {
      expect(await refused('PUT', `${T}/members/lupa/card`, { cardNumber: '6001 4242 0012' }, pos, 409)).toMatchObject({ error: 'CustomerForgotten', field: 'customerId' });
      expect((await setia.request('GET', card('6001 4242 0012'), undefined, pos)).status).toBe(404);
    });

    it('their card number is free for another member', async () => {
      expect((await setia.request('POST', `${T}/members`, { customerId: 'pengganti', cardNumber: '6001 4242 0011' })).status).toBe(201);
      expect((await setia.request('GET', card('6001 4242 0011'), undefined, pos)).body).toMatchObject({ customerId: 'pengganti' });
    });
  });
});
