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
    setia = await startSetia({}, { apiOnly: true });
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
