import { PROGRAM, purchase } from './support/program';
import { startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';

const T = '/v1/tenants/lebaran';

/** A campaign through the whole year around now, so purchases made hours ago are in its window. */
const campaign = (change: Record<string, unknown> = {}) => {
  const year = new Date().getUTCFullYear();
  return { campaignId: 'double', name: 'Double points', from: `${year - 1}-01-01`, to: `${year + 1}-12-31`, effect: { multiplier: 2 }, ...change };
};

describe('campaigns over HTTP', () => {
  let setia: TestApp;

  beforeAll(async () => {
    setia = await startSetia({ SETIA_RATE_LIMIT: '100000' }, { apiOnly: true });
    expect((await setia.request('PUT', `${T}/program`, PROGRAM)).status).toBe(200);
    for (const customerId of ['ayu', 'bayu']) expect((await setia.request('POST', `${T}/members`, { customerId, cardNumber: `8001 ${customerId}` })).status).toBe(201);
  });
  afterAll(() => setia.close());

  it('a campaign created is in the program from a new revision; the same body again answers the same, another body with its id is 409', async () => {
    const created = await setia.request('POST', `${T}/campaigns`, campaign());
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ tenant: 'lebaran', programRevision: 1, campaign: { ...campaign(), createdAt: expect.any(String) } });
    const again = await setia.request('POST', `${T}/campaigns`, campaign());
    expect(again.status).toBe(201);
    expect(again.body).toEqual(created.body);
    const other = await setia.request('POST', `${T}/campaigns`, campaign({ name: 'Another' }));
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: 'IdAlreadyUsed', field: 'campaignId' });
    const listed = await setia.request('GET', `${T}/campaigns`);
    expect(listed.body).toEqual({ tenant: 'lebaran', programRevision: 1, campaigns: [created.body.campaign] });
    expect((await setia.request('GET', `${T}/campaigns/double`)).body).toEqual(created.body);
    expect((await setia.request('GET', `${T}/campaigns/nothing`)).status).toBe(404);
  });

  it('a purchase says which campaigns applied and what each gave; an exclusive one of higher priority wins', async () => {
    const bought = await setia.request('POST', `${T}/purchases`, purchase('ayu', 500_000));
    expect(bought.status).toBe(201);
    expect(bought.body).toMatchObject({ pointsEarned: 50, bonusPoints: 50, points: 100, campaigns: [{ campaignId: 'double', points: 50, exhausted: false }] });
    expect((await setia.request('POST', `${T}/campaigns`, campaign({ campaignId: 'triple', name: 'Triple', effect: { multiplier: 3 }, exclusive: true, priority: 1 }))).status).toBe(201);
    const exclusive = await setia.request('POST', `${T}/purchases`, purchase('ayu', 100_000));
    expect(exclusive.body).toMatchObject({ pointsEarned: 10, bonusPoints: 20, campaigns: [{ campaignId: 'triple', points: 20, exhausted: false }], programRevision: 2 });
  });

  it('a capped campaign gives its budget to the last point, says when it is exhausted, and gets back what a return takes', async () => {
    const capped = campaign({ campaignId: 'capped', name: 'Capped', effect: { bonusPoints: 30 }, budget: { points: 50 }, priority: 2 });
    expect((await setia.request('POST', `${T}/campaigns`, capped)).status).toBe(201);
    const first = await setia.request('POST', `${T}/purchases`, purchase('bayu', 100_000));
    expect(first.body.campaigns).toEqual([{ campaignId: 'capped', points: 30, exhausted: false }, { campaignId: 'triple', points: 20, exhausted: false }]);
    const second = await setia.request('POST', `${T}/purchases`, purchase('bayu', 100_000, { receiptId: 'R-CAPPED-2' }));
    expect(second.status).toBe(201);
    expect(second.body.campaigns).toEqual([{ campaignId: 'capped', points: 20, exhausted: true, wanted: 30 }, { campaignId: 'triple', points: 20, exhausted: false }]);
    const third = await setia.request('POST', `${T}/purchases`, purchase('bayu', 100_000));
    expect(third.status).toBe(201);
    expect(third.body).toMatchObject({ pointsEarned: 10, campaigns: [{ campaignId: 'capped', points: 0, exhausted: true, wanted: 30 }, { campaignId: 'triple', points: 20, exhausted: false }] });
    // Half of the second receipt back: half of the campaigns' points on it, and the budget has 10 again.
    const back = await setia.request('POST', `${T}/returns`, { returnId: 'RT-CAPPED', receiptId: 'R-CAPPED-2', storeId: 'JKT-01', customerId: 'bayu', occurredAt: new Date().toISOString(), amount: 50_000 });
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({ pointsReversed: 25, campaigns: [{ campaignId: 'capped', points: 10 }, { campaignId: 'triple', points: 10 }] });
    const fourth = await setia.request('POST', `${T}/purchases`, purchase('bayu', 100_000));
    expect(fourth.body.campaigns[0]).toEqual({ campaignId: 'capped', points: 10, exhausted: true, wanted: 30 });
  });

  it('an ended campaign applies no more; ending it again changes nothing', async () => {
    const ended = await setia.request('POST', `${T}/campaigns/triple/end`);
    expect(ended.status).toBe(200);
    expect(ended.body.campaign).toMatchObject({ campaignId: 'triple', endedAt: expect.any(String) });
    const again = await setia.request('POST', `${T}/campaigns/triple/end`);
    expect(again.body).toEqual(ended.body);
    const bought = await setia.request('POST', `${T}/purchases`, purchase('ayu', 100_000, { occurredAt: new Date().toISOString() }));
    expect(bought.body.campaigns).toEqual([
      { campaignId: 'capped', points: 0, exhausted: true, wanted: 30 },
      { campaignId: 'double', points: 10, exhausted: false },
    ]);
    expect((await setia.request('POST', `${T}/campaigns/nothing/end`)).status).toBe(404);
  });

  it('a campaign for a segment applies to the members in it when they buy, judged from their ledger then', async () => {
    const segment = { segmentId: 'loyal', name: 'Two purchases or more', purchaseCount: { min: 2 } };
    const defined = await setia.request('POST', `${T}/segments`, segment);
    expect(defined.status).toBe(201);
    expect(defined.body).toEqual({ tenant: 'lebaran', programRevision: expect.any(Number), segment: { ...segment, definedAt: expect.any(String) } });
    expect((await setia.request('GET', `${T}/segments`)).body.segments).toEqual([defined.body.segment]);
    expect((await setia.request('GET', `${T}/segments/loyal`)).body).toEqual(defined.body);
    expect((await setia.request('GET', `${T}/segments/nobody`)).status).toBe(404);
    expect((await setia.request('POST', `${T}/segments`, { ...segment, name: 'Another' })).status).toBe(409);
    expect((await setia.request('POST', `${T}/segments`, { segmentId: 'x', name: 'X', tiers: ['Diamond'] })).body).toMatchObject({ statusCode: 422, field: 'tiers[0]' });
    expect((await setia.request('POST', `${T}/segments`, { segmentId: 'x', name: 'X', stages: ['vip'] })).body).toMatchObject({ statusCode: 400, field: 'stages[0]' });

    expect((await setia.request('POST', `${T}/campaigns`, campaign({ campaignId: 'loyal-bonus', name: 'Loyal bonus', segment: 'loyal', effect: { bonusPoints: 7 } }))).status).toBe(201);
    expect((await setia.request('POST', `${T}/members`, { customerId: 'citra', cardNumber: '8001 citra' })).status).toBe(201);
    // Bought now: after the triple campaign's end, which wins over lower priorities for earlier purchases.
    const now = () => ({ occurredAt: new Date().toISOString() });
    const first = await setia.request('POST', `${T}/purchases`, purchase('citra', 100_000, now()));
    expect(first.body.campaigns.map((c: { campaignId: string }) => c.campaignId)).not.toContain('loyal-bonus');
    await setia.request('POST', `${T}/purchases`, purchase('citra', 100_000, now()));
    const third = await setia.request('POST', `${T}/purchases`, purchase('citra', 100_000, now()));
    expect(third.body.campaigns).toContainEqual({ campaignId: 'loyal-bonus', points: 7, exhausted: false });
  });

  it('a basket quoted at the till earns, point for point and campaign by campaign, what the purchase then records (300 random baskets), and a quote records nothing', async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const skus = [{ sku: 'KOPI-SUSU', category: 'drinks' }, { sku: 'TEH', category: 'drinks' }, { sku: 'ROTI' }];
    const differences: string[] = [];
    for (let n = 0; n < 300; n++) {
      const customerId = ['ayu', 'bayu', 'citra'][n % 3];
      const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ ...skus[Math.floor(random() * skus.length)], quantity: 1 + Math.floor(random() * 4), unitPrice: 10_000 * (1 + Math.floor(random() * 30)) }));
      const basket = { customerId, storeId: n % 2 === 0 ? 'JKT-01' : 'JAP-01', occurredAt: new Date().toISOString(), currency: 'IDR', lines };
      const before = await setia.lastPosition();
      const quote = await setia.request('POST', `${T}/quotes`, basket);
      expect(quote.status).toBe(200);
      expect(await setia.lastPosition()).toBe(before);
      const bought = await setia.request('POST', `${T}/purchases`, { ...basket, receiptId: `Q-${n}`, total: quote.body.total });
      const quoted = { pointsEarned: quote.body.pointsEarned, bonusPoints: quote.body.bonusPoints, campaigns: quote.body.campaigns.map(({ campaignId, points }: { campaignId: string; points: number }) => ({ campaignId, points })) };
      const recorded = {
        pointsEarned: bought.body.pointsEarned,
        bonusPoints: bought.body.bonusPoints,
        campaigns: bought.body.campaigns.filter((c: { points: number }) => c.points > 0).map(({ campaignId, points }: { campaignId: string; points: number }) => ({ campaignId, points })),
      };
      // A budget that ran out since the quote gives less; none does here but the capped one, already out.
      quoted.campaigns = quoted.campaigns.filter((c: { campaignId: string }) => c.campaignId !== 'capped');
      quoted.bonusPoints -= quote.body.campaigns.find((c: { campaignId: string }) => c.campaignId === 'capped')?.points ?? 0;
      if (JSON.stringify(quoted) !== JSON.stringify(recorded)) differences.push(`${JSON.stringify(basket)}: quoted ${JSON.stringify(quoted)}, recorded ${JSON.stringify(recorded)}`);
    }
    expect(differences).toEqual([]);
    const unknownStore = await setia.request('POST', `${T}/quotes`, { customerId: 'ayu', storeId: 'SBY-09', occurredAt: new Date().toISOString(), currency: 'IDR', lines: [{ sku: 'ROTI', quantity: 1, unitPrice: 10_000 }] });
    expect(unknownStore.body).toMatchObject({ statusCode: 422, field: 'storeId' });
    const noLines = await setia.request('POST', `${T}/quotes`, { customerId: 'ayu', storeId: 'JKT-01', occurredAt: new Date().toISOString(), currency: 'IDR', lines: [] });
    expect(noLines.body).toMatchObject({ statusCode: 400, field: 'lines' });
  });

  it.each([
    ['an unknown field', { colour: 'red' }, 400, 'colour'],
    ['a budget below 0', { budget: { points: -1 } }, 400, 'budget.points'],
    ['a holdout above 100', { holdoutPercent: 101 }, 400, 'holdoutPercent'],
    ['a window given in another form', { from: '1 June' }, 400, 'from'],
    ['an empty window', { from: '2026-06-30', to: '2026-06-01' }, 422, 'to'],
    ['an unknown store', { stores: ['JKT-01', 'SBY-09'] }, 422, 'stores[1]'],
    ['an unknown tier', { tiers: ['Diamond'] }, 422, 'tiers[0]'],
    ['an unknown segment', { segment: 'lapsed' }, 422, 'segment'],
    ['an id already used for another campaign', { campaignId: 'double', name: 'Not the same' }, 409, 'campaignId'],
    ['an effect of no kind', { effect: { multiplier: 2, sku: 'X', category: 'Y' } }, 422, 'effect'],
  ])('refuses %s (%s): %i naming the field, and records nothing', async (_what, change, status, field) => {
    const before = await setia.lastPosition();
    const refused = await setia.request('POST', `${T}/campaigns`, campaign({ campaignId: 'refused', ...change }));
    expect(refused.status).toBe(status);
    expect(refused.body.field).toBe(field);
    expect(await setia.lastPosition()).toBe(before);
  });
});
