import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { KeyLike } from 'jose';
import { PROGRAM, purchase } from './support/program';
import { eventually, startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';

const TENANT = 'toko';
const T = `/v1/tenants/${TENANT}`;
const ISSUER = 'https://id.toko.example';
const AUDIENCE = 'setia';
const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

/** Offers through the whole year around now, so purchases made hours ago are in their window. */
const year = new Date().getUTCFullYear();
const window = { from: `${year - 1}-01-01`, to: `${year + 1}-12-31` };
const KOPI_3 = { offerId: 'kopi-3', name: 'Kopi 3 for 70,000', ...window, kind: 'bundle', sku: 'KOPI', quantity: 3, price: 70_000, limitPerMember: 2 };
const SPEND_350K = { offerId: 'spend-350k', name: 'Spend 350,000, get 50,000 off', ...window, kind: 'amountOff', amount: 50_000, minSpend: 350_000 };
const GOLD_DRINKS = { offerId: 'gold-drinks', name: 'Gold: drinks 10% off', ...window, kind: 'percentOff', percent: 10, category: 'drinks', tiers: ['Gold'] };

/** Four kopi at 25,000 and a sack of rice at 400,000: the basket of the till's quotes below. */
const BASKET_LINES = [
  { sku: 'KOPI', category: 'drinks', quantity: 4, unitPrice: 25_000 },
  { sku: 'RICE', category: 'groceries', quantity: 1, unitPrice: 400_000 },
];
const basket = (customerId: string, change: Record<string, unknown> = {}) => {
  const { receiptId: _id, total: _total, ...rest } = purchase(customerId, 500_000, { lines: BASKET_LINES });
  return { ...rest, ...change };
};

describe('member-only offers over HTTP: created, listed, quoted and applied at the till', () => {
  let setia: TestApp;
  let signingKey: KeyLike;
  let dir: string;

  const memberToken = async (customerId: string) => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ setia_tenant: TENANT, setia_role: 'member', sub: customerId })
      .setProtectedHeader({ alg: 'ES256', kid: 'app-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(signingKey);
    return bearer(token);
  };
  const purchaseCount = async (customerId: string) => (await setia.request('GET', `${T}/customers/${customerId}`)).body.purchaseCount;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    signingKey = privateKey;
    dir = mkdtempSync(join(tmpdir(), 'setia-offers-jwks-'));
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'app-1', alg: 'ES256' }] }));
    // The whole app (not the API alone): the projector keeps the offers dashboard.
    setia = await startSetia({ SETIA_RATE_LIMIT: '100000', SETIA_JWT_ISSUER: ISSUER, SETIA_JWT_AUDIENCE: AUDIENCE, SETIA_JWT_TENANT: TENANT, SETIA_JWT_JWKS_FILE: file });
    // Gold's card takes 5% off every purchase of its members.
    const tiers = PROGRAM.tiers.map((tier) => (tier.name === 'Gold' ? { ...tier, discountPercent: 5 } : tier));
    expect((await setia.request('PUT', `${T}/program`, { ...PROGRAM, tiers })).status).toBe(200);
    for (const customerId of ['ayu', 'budi']) expect((await setia.request('POST', `${T}/members`, { customerId, cardNumber: `7001 ${customerId}`, homeStoreId: 'JKT-01' })).status).toBe(201);
  });
  afterAll(async () => {
    await setia.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an offer created is in the program from a new revision; the same body again answers the same, another body with its id is 409', async () => {
    const created = await setia.request('POST', `${T}/offers`, KOPI_3);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ tenant: TENANT, programRevision: 1, offer: { ...KOPI_3, createdAt: expect.any(String) } });
    expect((await setia.request('POST', `${T}/offers`, KOPI_3)).body).toEqual(created.body);
    const other = await setia.request('POST', `${T}/offers`, { ...KOPI_3, price: 60_000 });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: 'IdAlreadyUsed', field: 'offerId' });
    for (const offer of [SPEND_350K, GOLD_DRINKS]) expect((await setia.request('POST', `${T}/offers`, offer)).status).toBe(201);
    const listed = await setia.request('GET', `${T}/offers`);
    expect(listed.body).toEqual({ tenant: TENANT, programRevision: 3, offers: [created.body.offer, expect.objectContaining(SPEND_350K), expect.objectContaining(GOLD_DRINKS)] });
    expect((await setia.request('GET', `${T}/offers/kopi-3`)).body).toEqual({ ...created.body, programRevision: 3 });
    expect((await setia.request('GET', `${T}/offers/nothing`)).status).toBe(404);
  });

  it.each([
    ['an empty window', 422, 'to', { from: `${year}-06-30`, to: `${year}-06-01` }],
    ['an unknown tier', 422, 'tiers[0]', { tiers: ['Diamond'] }],
    ['an unknown store', 422, 'stores[0]', { stores: ['SBY-09'] }],
    ['an unknown segment', 422, 'segment', { segment: 'lapsed' }],
    ['a field of another kind', 422, 'percent', { percent: 10 }],
    ['an unknown field', 400, 'colour', { colour: 'red' }],
    ['an unknown kind', 400, 'kind', { kind: 'freeItem' }],
  ])('refuses an offer with %s (%s naming %s) and records nothing', async (_what, status, field, change) => {
    const before = await setia.lastPosition();
    const refused = await setia.request('POST', `${T}/offers`, { ...KOPI_3, offerId: 'broken', ...change });
    expect(refused.status).toBe(status);
    expect(refused.body).toMatchObject({ field });
    expect(await setia.lastPosition()).toEqual(before);
  });

  it('a member is told the offers they may use now: those of their tier, with the uses they have left', async () => {
    const offers = await setia.request('GET', `${T}/customers/ayu/offers`);
    expect(offers.status).toBe(200);
    expect(offers.body).toEqual({ customerId: 'ayu', offers: [{ ...KOPI_3, usesLeft: 2 }, { ...SPEND_350K, usesLeft: null }] });
    expect((await setia.request('GET', `${T}/customers/nobody/offers`)).status).toBe(404);
  });

  it('a quote says what each offer takes off, line by line, and the total to pay; the purchase posted with its offers records the same', async () => {
    const quote = await setia.request('POST', `${T}/quotes`, basket('ayu'));
    expect(quote.status).toBe(200);
    // The bundle: three kopi for 70,000 (5,000 off), the fourth at 25,000; then 50,000 off the 495,000 left.
    expect(quote.body).toMatchObject({
      customerId: 'ayu',
      listTotal: 500_000,
      total: 445_000,
      appliedOffers: ['kopi-3', 'spend-350k'],
      offers: [
        { offerId: 'kopi-3', discount: 5_000, lines: [{ line: 0, discount: 5_000 }] },
        { offerId: 'spend-350k', discount: 50_000 },
      ],
      memberDiscount: null,
      lines: [
        { line: 0, sku: 'KOPI', price: 100_000, discount: 5_000, offers: [{ offerId: 'kopi-3', discount: 5_000 }] },
        { line: 1, sku: 'RICE', price: 400_000, discount: 0, offers: [] },
      ],
      pointsEarned: 44,
    });
    const bought = await setia.request('POST', `${T}/purchases`, { ...basket('ayu'), receiptId: 'R-OFFER-1', total: quote.body.total, appliedOffers: quote.body.appliedOffers });
    expect(bought.status).toBe(201);
    expect(bought.body).toMatchObject({ pointsEarned: 44, appliedOffers: quote.body.offers, memberDiscount: null });
    const ledger = await setia.request('GET', `${T}/customers/ayu/ledger`);
    expect(ledger.body.events.find((event: { type: string }) => event.type === 'PurchaseRecorded').data).toMatchObject({ total: 445_000, appliedOffers: quote.body.offers });
  });

  it('an offer that does not apply to the member is refused, 422 naming it, and nothing is recorded', async () => {
    const before = await setia.lastPosition();
    const count = await purchaseCount('ayu');
    const refused = await setia.request('POST', `${T}/purchases`, { ...basket('ayu'), receiptId: 'R-OFFER-GOLD', total: 490_000, appliedOffers: ['gold-drinks'] });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: 'OfferNotApplicable', field: 'appliedOffers[0]', message: 'appliedOffers[0]: offer gold-drinks is for members of Gold, not Silver' });
    const unknown = await setia.request('POST', `${T}/purchases`, { ...basket('ayu'), receiptId: 'R-OFFER-UNKNOWN', total: 490_000, appliedOffers: ['ramadan'] });
    expect(unknown.body).toMatchObject({ error: 'OfferNotApplicable', field: 'appliedOffers[0]', message: 'appliedOffers[0]: offer ramadan is not an offer of the program' });
    // A quote asked for it is refused alike.
    expect((await setia.request('POST', `${T}/quotes`, basket('ayu', { appliedOffers: ['gold-drinks'] }))).body).toMatchObject({ field: 'appliedOffers[0]' });
    expect(await setia.lastPosition()).toEqual(before);
    expect(await purchaseCount('ayu')).toBe(count);
  });

  it('an offer used up to its limit per member is refused the same way, and leaves the member\'s offers', async () => {
    const body = { ...basket('ayu'), receiptId: 'R-OFFER-2', total: 445_000, appliedOffers: ['kopi-3', 'spend-350k'] };
    const second = await setia.request('POST', `${T}/purchases`, body);
    expect(second.status).toBe(201);
    // A retry of it is the same purchase (the very same body): the first answer again, not a third use.
    const retry = await setia.request('POST', `${T}/purchases`, body);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(second.body);
    const before = await setia.lastPosition();
    const third = await setia.request('POST', `${T}/purchases`, { ...basket('ayu'), receiptId: 'R-OFFER-3', total: 445_000, appliedOffers: ['kopi-3', 'spend-350k'] });
    expect(third.status).toBe(422);
    expect(third.body).toMatchObject({ field: 'appliedOffers[0]', message: 'appliedOffers[0]: offer kopi-3 was used 2 times, its limit per member' });
    expect(await setia.lastPosition()).toEqual(before);
    // The quote no longer offers it.
    expect((await setia.request('POST', `${T}/quotes`, basket('ayu'))).body).toMatchObject({ appliedOffers: ['spend-350k'], total: 450_000 });
    expect((await setia.request('GET', `${T}/customers/ayu/offers`)).body.offers).toEqual([{ ...SPEND_350K, usesLeft: null }]);
  });

  it('the member reads their own offers with their token, and the till sees them in the summary beside the vouchers', async () => {
    const mine = await setia.request('GET', `${T}/me/offers`, undefined, await memberToken('ayu'));
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({ customerId: 'ayu', offers: [{ ...SPEND_350K, usesLeft: null }] });
    const summary = await setia.request('GET', `${T}/customers/ayu/summary`, undefined, bearer(await setia.keyFor(TENANT, 'pos')));
    expect(summary.body).toMatchObject({ customerId: 'ayu', vouchers: [], offers: [{ ...SPEND_350K, usesLeft: null }] });
  });

  it('a Gold member\'s card takes its 5% off what the offers leave, in the quote and the purchase', async () => {
    expect((await setia.request('POST', `${T}/purchases`, purchase('budi', 1_000_000))).status).toBe(201);
    const quote = await setia.request('POST', `${T}/quotes`, basket('budi'));
    // kopi-3 (5,000 off), gold-drinks (10% of the 95,000 of kopi left: 9,500), spend-350k (50,000), then 5% of 435,500.
    expect(quote.body).toMatchObject({
      tier: 'Gold',
      appliedOffers: ['kopi-3', 'gold-drinks', 'spend-350k'],
      memberDiscount: { tier: 'Gold', percent: 5, discount: 21_775 },
      total: 413_725,
    });
    const bought = await setia.request('POST', `${T}/purchases`, { ...basket('budi'), receiptId: 'R-GOLD-1', total: quote.body.total, appliedOffers: quote.body.appliedOffers });
    expect(bought.status).toBe(201);
    expect(bought.body).toMatchObject({ memberDiscount: quote.body.memberDiscount, appliedOffers: quote.body.offers, pointsEarned: quote.body.pointsEarned });
    // A total that leaves the card's discount out is refused naming total.
    const full = await setia.request('POST', `${T}/purchases`, purchase('budi', 100_000));
    expect(full.status).toBe(422);
    expect(full.body).toMatchObject({ field: 'total' });
  });

  it('the offers dashboard counts each offer\'s and tier discount\'s purchases and what it took off', async () => {
    const dashboard = await eventually(async () => {
      const answer = await setia.request('GET', `${T}/dashboards/offers`);
      return answer.body.offers?.find((offer: { offerId: string }) => offer.offerId === 'kopi-3')?.receipts === 3 && answer.body.tierDiscounts?.length === 1 ? answer.body : undefined;
    });
    expect(dashboard.offers.map(({ offerId, name, receipts, discount }: Record<string, unknown>) => ({ offerId, name, receipts, discount }))).toEqual([
      { offerId: 'gold-drinks', name: 'Gold: drinks 10% off', receipts: 1, discount: 9_500 },
      { offerId: 'kopi-3', name: 'Kopi 3 for 70,000', receipts: 3, discount: 15_000 },
      { offerId: 'spend-350k', name: 'Spend 350,000, get 50,000 off', receipts: 3, discount: 150_000 },
    ]);
    expect(dashboard.tierDiscounts).toMatchObject([{ tier: 'Gold', receipts: 1, discount: 21_775 }]);
  });

  it('an offer ended is refused from then on', async () => {
    const ended = await setia.request('POST', `${T}/offers/spend-350k/end`);
    expect(ended.status).toBe(200);
    expect(ended.body.offer.endedAt).toEqual(expect.any(String));
    const refused = await setia.request('POST', `${T}/purchases`, { ...purchase('ayu', 400_000, { occurredAt: new Date().toISOString() }), total: 350_000, appliedOffers: ['spend-350k'] });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toMatch(/^appliedOffers\[0\]: offer spend-350k was ended at /);
  });
});
