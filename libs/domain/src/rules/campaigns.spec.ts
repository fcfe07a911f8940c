import { CampaignNotFound, IdAlreadyUsed, InvalidProgram, ProgramNotConfigured } from '../errors';
import { evolveProgram, initialProgramState } from '../program.decider';
import type { ProgramEvent } from '../program.events';
import { customerSpec, programSpec } from '../testing/decider-spec';
import {
  campaign,
  campaignEarned,
  earned,
  enrolled,
  exhausted,
  purchase,
  purchased,
  returned,
  returnGoods,
  reversed,
  sampleProgram,
  withCampaigns,
} from '../testing/fixtures';
import type { Campaign } from './campaigns';
import { inHoldout, stacked } from './campaigns';

const configured: ProgramEvent = { type: 'ProgramConfigured', data: { program: sampleProgram(), configuredAt: '2026-05-01T00:00:00.000Z' } };
const created = (c: Campaign, createdAt = '2026-05-02T00:00:00.000Z'): ProgramEvent => ({ type: 'CampaignCreated', data: { campaign: c, createdAt } });
const create = (c: Campaign, now = '2026-05-02T00:00:00.000Z') => ({ type: 'CreateCampaign' as const, data: { campaign: c, now } });

describe('campaigns in the program\'s stream', () => {
  it('a campaign is created once: the same request again records nothing, another with its id is refused', () => {
    programSpec.given([configured]).when(create(campaign())).then([created(campaign())]);
    programSpec.given([configured, created(campaign())]).when(create(campaign(), '2026-05-03T00:00:00.000Z')).thenNothing();
    programSpec.given([configured, created(campaign())]).when(create(campaign({ name: 'Other' }))).thenThrows(IdAlreadyUsed, { field: 'campaignId' });
  });

  it('refuses a campaign before the program exists', () => {
    programSpec.given([]).when(create(campaign())).thenThrows(ProgramNotConfigured);
  });

  it.each([
    ['an empty window', { from: '2026-06-30', to: '2026-06-01' }, 'to'],
    ['a date that does not exist', { to: '2026-06-31' }, 'to'],
    ['a day the calendar has not (month 0, day 0)', { from: '0000-00-00' }, 'from'],
    ['an unknown store', { stores: ['jkt-1', 'sby-9'] }, 'stores[1]'],
    ['a store twice', { stores: ['jkt-1', 'jkt-1'] }, 'stores[1]'],
    ['an unknown tier', { tiers: ['Platinum'] }, 'tiers[0]'],
    ['an unknown segment', { segment: 'lapsed' }, 'segment'],
    ['a budget below 0', { budget: { points: -1 } }, 'budget.points'],
    ['a cap per member below 0', { perMember: { points: -5 } }, 'perMember.points'],
    ['a holdout above 100%', { holdoutPercent: 101 }, 'holdoutPercent'],
    ['an effect of no kind', { effect: { multiplier: 2, bonusPoints: 5 } }, 'effect'],
  ] as Array<[string, Partial<Campaign>, string]>)('refuses %s, naming %s, and records nothing', (_what, change, field) => {
    programSpec.given([configured]).when(create(campaign(change as Partial<Campaign>))).thenThrows(InvalidProgram, { field });
  });

  it('ending a campaign records when; ending it again records nothing; an unknown one is not found', () => {
    const end = (campaignId: string) => ({ type: 'EndCampaign' as const, data: { campaignId, now: '2026-06-15T08:00:00.000Z' } });
    programSpec.given([configured, created(campaign())]).when(end('june-double')).then([{ type: 'CampaignEnded', data: { campaignId: 'june-double', endedAt: '2026-06-15T08:00:00.000Z' } }]);
    programSpec
      .given([configured, created(campaign()), { type: 'CampaignEnded', data: { campaignId: 'june-double', endedAt: '2026-06-15T08:00:00.000Z' } }])
      .when(end('june-double'))
      .thenNothing();
    programSpec.given([configured]).when(end('june-double')).thenThrows(CampaignNotFound, { field: 'campaignId' });
  });

  it('every campaign event is a revision of the rules, and setting the program again keeps the campaigns', () => {
    const events: ProgramEvent[] = [configured, created(campaign()), { ...configured, data: { ...configured.data, program: sampleProgram({ feedback: { bonus: 5 } }) } }];
    const state = events.reduce((s, event, revision) => evolveProgram(s, event, revision), initialProgramState());
    expect(state.revision).toBe(2);
    expect(state.since).toBe('2026-05-01T00:00:00.000Z');
    expect(state.program!.feedback).toEqual({ bonus: 5 });
    expect(state.program!.campaigns).toEqual([{ ...campaign(), createdAt: '2026-05-02T00:00:00.000Z' }]);
    // The same program set again is no change, whatever campaigns it has gained since.
    programSpec.given(events).when({ type: 'ConfigureProgram', data: { program: sampleProgram({ feedback: { bonus: 5 } }), now: '2026-05-03T00:00:00.000Z' } }).thenNothing();
  });
});

describe('the window, judged in each store\'s own time zone', () => {
  const stores = [
    { storeId: 'jkt-1', timeZone: 'Asia/Jakarta' },
    { storeId: 'jap-1', timeZone: 'Asia/Jayapura' },
  ];
  const program = { ...withCampaigns([campaign()]), rules: { ...withCampaigns([campaign()]).rules, stores } };
  const at = (storeId: string, occurredAt: string) => purchase({ storeId, occurredAt, now: occurredAt, program });
  const bought = (storeId: string, occurredAt: string) => purchased({ storeId, occurredAt });
  const points = (storeId: string, occurredAt: string, reason: 'purchase' | 'campaign') =>
    reason === 'purchase' ? earned({ points: 100, storeId, occurredAt }) : campaignEarned('june-double', 100, { storeId, occurredAt });

  it('starts at local midnight: 00:30 on 1 June in Jayapura is in it while 22:30 on 31 May in Jakarta, the same instant, is not', () => {
    const instant = '2026-05-31T15:30:00.000Z';
    customerSpec.given([enrolled()]).when(at('jap-1', instant)).then([bought('jap-1', instant), points('jap-1', instant, 'purchase'), points('jap-1', instant, 'campaign')]);
    customerSpec.given([enrolled()]).when(at('jkt-1', instant)).then([bought('jkt-1', instant), points('jkt-1', instant, 'purchase')]);
  });

  it('ends at the end of its last local day: 23:30 on 30 June in Jakarta is in it while 01:30 on 1 July in Jayapura is not', () => {
    const instant = '2026-06-30T16:30:00.000Z';
    customerSpec.given([enrolled()]).when(at('jkt-1', instant)).then([bought('jkt-1', instant), points('jkt-1', instant, 'purchase'), points('jkt-1', instant, 'campaign')]);
    customerSpec.given([enrolled()]).when(at('jap-1', instant)).then([bought('jap-1', instant), points('jap-1', instant, 'purchase')]);
  });
});

describe('who a campaign applies to', () => {
  it('only its stores, only its tiers (the tier held before the purchase), only members', () => {
    customerSpec.given([enrolled()]).when(purchase({ program: withCampaigns([campaign({ stores: ['mks-1'] })]) })).then([purchased(), earned({ points: 100 })]);
    customerSpec.given([enrolled()]).when(purchase({ program: withCampaigns([campaign({ stores: ['mks-1', 'jkt-1'] })]) })).then([purchased(), earned({ points: 100 }), campaignEarned('june-double', 100)]);
    customerSpec.given([enrolled()]).when(purchase({ program: withCampaigns([campaign({ tiers: ['Gold', 'Silver'] })]) })).then([purchased(), earned({ points: 100 })]);
    customerSpec.given([enrolled()]).when(purchase({ program: withCampaigns([campaign({ tiers: ['Bronze'] })]) })).then([purchased(), earned({ points: 100 }), campaignEarned('june-double', 100)]);
    customerSpec.given([]).when(purchase({ program: withCampaigns([campaign()]) })).then([purchased()]);
  });

  it('an ended campaign no longer applies to purchases from its end on, and still does to those before (a till posting late)', () => {
    const ended = withCampaigns([{ ...campaign(), createdAt: '2026-05-01T00:00:00.000Z', endedAt: '2026-06-15T08:00:00.000Z' }]);
    customerSpec.given([enrolled()]).when(purchase({ program: ended })).then([purchased(), earned({ points: 100 })]);
    const before = '2026-06-15T07:59:59.000Z';
    customerSpec
      .given([enrolled()])
      .when(purchase({ occurredAt: before, program: ended }))
      .then([purchased({ occurredAt: before }), earned({ points: 100, occurredAt: before }), campaignEarned('june-double', 100, { occurredAt: before })]);
  });
});

describe('stacking', () => {
  const double = campaign({ campaignId: 'a-double' });
  const bonus = campaign({ campaignId: 'b-bonus', effect: { bonusPoints: 30 } });

  it('campaigns add up, each with what it gave, highest priority first', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ program: withCampaigns([double, { ...bonus, priority: 5 }]) }))
      .then([purchased(), earned({ points: 100 }), campaignEarned('b-bonus', 30), campaignEarned('a-double', 100)]);
  });

  it('an exclusive campaign wins over those of its priority or lower, and stacks with a higher one', () => {
    const exclusive = campaign({ campaignId: 'z-triple', effect: { multiplier: 3 }, exclusive: true, priority: 5 });
    customerSpec
      .given([enrolled()])
      .when(purchase({ program: withCampaigns([double, { ...bonus, priority: 5 }, exclusive]) }))
      .then([purchased(), earned({ points: 100 }), campaignEarned('z-triple', 200)]);
    customerSpec
      .given([enrolled()])
      .when(purchase({ program: withCampaigns([double, { ...bonus, priority: 9 }, exclusive]) }))
      .then([purchased(), earned({ points: 100 }), campaignEarned('b-bonus', 30), campaignEarned('z-triple', 200)]);
  });

  it('of two exclusive campaigns of one priority, the first by id wins', () => {
    expect(stacked([campaign({ campaignId: 'y', exclusive: true }), campaign({ campaignId: 'x', exclusive: true }), campaign({ campaignId: 'a' })]).map((c) => c.campaignId)).toEqual(['x']);
  });
});

describe('caps', () => {
  const capped = (change: Partial<Campaign>) => withCampaigns([campaign(change)]);

  it('a member\'s cap reached mid-receipt gives what was left of it, and nothing after', () => {
    const kept120 = [enrolled(), purchased({ receiptId: 'r-0', occurredAt: '2026-06-02T05:00:00.000Z' }), campaignEarned('june-double', 120, { receiptId: 'r-0', occurredAt: '2026-06-02T05:00:00.000Z' })];
    customerSpec.given(kept120).when(purchase({ program: capped({ perMember: { points: 150 } }) })).then([purchased(), earned({ points: 100 }), campaignEarned('june-double', 30)]);
    const kept150 = [...kept120, campaignEarned('june-double', 30, { receiptId: 'r-0' })];
    customerSpec.given(kept150).when(purchase({ program: capped({ perMember: { points: 150 } }) })).then([purchased(), earned({ points: 100 })]);
  });

  it('a budget gives at most the points the write side holds of it for the purchase, and says when it fell short', () => {
    const program = capped({ budget: { points: 1_000 } });
    customerSpec.given([enrolled()]).when(purchase({ program, budgets: { 'june-double': 100 } })).then([purchased(), earned({ points: 100 }), campaignEarned('june-double', 100)]);
    customerSpec.given([enrolled()]).when(purchase({ program, budgets: { 'june-double': 40 } })).then([purchased(), earned({ points: 100 }), campaignEarned('june-double', 40), exhausted('june-double', 100, 40)]);
    customerSpec.given([enrolled()]).when(purchase({ program })).then([purchased(), earned({ points: 100 }), exhausted('june-double', 100, 0)]);
  });

  it('the member\'s cap comes first: a budget short of what the cap leaves is what is exhausted', () => {
    const kept120 = [enrolled(), purchased({ receiptId: 'r-0', occurredAt: '2026-06-02T05:00:00.000Z' }), campaignEarned('june-double', 120, { receiptId: 'r-0', occurredAt: '2026-06-02T05:00:00.000Z' })];
    customerSpec
      .given(kept120)
      .when(purchase({ program: capped({ perMember: { points: 150 }, budget: { points: 1_000 } }), budgets: { 'june-double': 10 } }))
      .then([purchased(), earned({ points: 100 }), campaignEarned('june-double', 10), exhausted('june-double', 30, 10)]);
  });
});

describe('a return', () => {
  const bought = [enrolled(), purchased(), earned({ points: 100 }), campaignEarned('june-double', 100)];
  const back = (points: number, data = {}) => reversed({ points, reason: 'campaign', campaignId: 'june-double', lots: [{ lotId: 2, points }], ...data });

  it('takes back the campaign\'s points of the goods returned, with the campaign named (its budget gets them back)', () => {
    customerSpec
      .given(bought)
      .when(returnGoods({ program: withCampaigns([campaign()]) }))
      .then([returned(), reversed({ points: 10 }), back(10, { lots: [{ lotId: 1, points: 10 }] })]);
  });

  it('a receipt returned in parts gives back exactly what the campaign gave, and the member\'s cap has room again', () => {
    const parts = [...bought, returned({ amount: 333_333 }), reversed({ points: 33 }), back(33)];
    customerSpec
      .given(parts)
      .when(returnGoods({ returnId: 'ret-2', amount: 666_667, program: withCampaigns([campaign()]) }))
      .then([returned({ returnId: 'ret-2', amount: 666_667 }), reversed({ returnId: 'ret-2', points: 67 }), back(67, { returnId: 'ret-2' })]);
    const all = [...parts, returned({ returnId: 'ret-2', amount: 666_667 }), reversed({ returnId: 'ret-2', points: 67 }), back(67, { returnId: 'ret-2' })];
    customerSpec
      .given(all)
      .when(purchase({ receiptId: 'r-2', program: withCampaigns([campaign({ perMember: { points: 100 } })]) }))
      .then([purchased({ receiptId: 'r-2' }), earned({ points: 100, receiptId: 'r-2' }), campaignEarned('june-double', 100, { receiptId: 'r-2' })]);
  });
});

describe('a return by lines', () => {
  // Four coffees (200,000) and a tea (300,000): 50 points, and 20 more for the coffees at double points.
  const lines = [
    { sku: 'kopi-susu', category: 'drinks', quantity: 4, unitPrice: 50_000 },
    { sku: 'teh-tarik', category: 'drinks', quantity: 1, unitPrice: 300_000 },
  ];
  const kopi = campaign({ campaignId: 'kopi-double', effect: { sku: 'kopi-susu', multiplier: 2 } });
  const bought = [enrolled(), purchased({ total: 500_000, lines }), earned({ points: 50 }), campaignEarned('kopi-double', 20)];
  const back = (points: number, data = {}) => reversed({ points, reason: 'campaign', campaignId: 'kopi-double', lots: [{ lotId: 2, points }], ...data });
  // The lots of the receipt give the points back in order: the purchase's (lot 1) first.
  const coffeeBack = [returned({ amount: 50_000, lines: [{ line: 0, sku: 'kopi-susu', quantity: 1 }] }), reversed({ points: 5 }), back(5, { lots: [{ lotId: 1, points: 5 }] })];

  it('a sku multiplier gives back the points of its sku\'s units that came back: one coffee of four takes back a quarter of them', () => {
    customerSpec
      .given(bought)
      .when(returnGoods({ amount: undefined, lines: [{ sku: 'kopi-susu', quantity: 1 }], program: withCampaigns([kopi]) }))
      .then(coffeeBack);
  });

  it('the tea coming back takes back purchase points only, none of the coffees\' campaign; the last coffees take back the rest of it', () => {
    const teaBack = [returned({ returnId: 'ret-2', amount: 300_000, lines: [{ line: 1, sku: 'teh-tarik', quantity: 1 }] }), reversed({ returnId: 'ret-2', points: 30 })];
    customerSpec
      .given([...bought, ...coffeeBack])
      .when(returnGoods({ returnId: 'ret-2', amount: undefined, lines: [{ sku: 'teh-tarik', quantity: 1 }], program: withCampaigns([kopi]) }))
      .then(teaBack);
    customerSpec
      .given([...bought, ...coffeeBack, ...teaBack])
      .when(returnGoods({ returnId: 'ret-3', amount: undefined, lines: [{ sku: 'kopi-susu', quantity: 3 }], program: withCampaigns([kopi]) }))
      .then([returned({ returnId: 'ret-3', amount: 150_000, lines: [{ line: 0, sku: 'kopi-susu', quantity: 3 }] }), reversed({ returnId: 'ret-3', points: 15, lots: [{ lotId: 1, points: 10 }, { lotId: 2, points: 5 }] }), back(15, { returnId: 'ret-3' })]);
  });

  it('a campaign on the whole receipt takes back by the share of the amount the lines refund, as a return by amount does', () => {
    const double = [enrolled(), purchased({ total: 500_000, lines }), earned({ points: 50 }), campaignEarned('june-double', 50)];
    customerSpec
      .given(double)
      .when(returnGoods({ amount: undefined, lines: [{ sku: 'teh-tarik', quantity: 1 }], program: withCampaigns([campaign()]) }))
      .then([
        returned({ amount: 300_000, lines: [{ line: 1, sku: 'teh-tarik', quantity: 1 }] }),
        reversed({ points: 30 }),
        reversed({ points: 30, reason: 'campaign', campaignId: 'june-double', lots: [{ lotId: 1, points: 20 }, { lotId: 2, points: 10 }] }),
      ]);
  });
});

describe('holdout', () => {
  const members = Array.from({ length: 1_000 }, (_, i) => `member-${i}`);

  it('keeps the same members out every time, about the share asked, and other members out of another campaign', () => {
    const out = members.filter((id) => inHoldout({ campaignId: 'june-double', holdoutPercent: 20 }, id));
    expect(out.length).toBe(179);
    expect(members.filter((id) => inHoldout({ campaignId: 'june-double', holdoutPercent: 20 }, id))).toEqual(out);
    const outOfOther = members.filter((id) => inHoldout({ campaignId: 'july-double', holdoutPercent: 20 }, id));
    expect(outOfOther.filter((id) => out.includes(id)).length).toBe(33);
    expect(members.filter((id) => inHoldout({ campaignId: 'june-double', holdoutPercent: 0 }, id))).toEqual([]);
    expect(members.filter((id) => inHoldout({ campaignId: 'june-double', holdoutPercent: 100 }, id))).toEqual(members);
  });

  it('a member in the holdout earns as without the campaign (the ledger says they were kept out); one outside it gets it', () => {
    const program = withCampaigns([campaign({ holdoutPercent: 50 })]);
    const held = members.find((id) => inHoldout({ campaignId: 'june-double', holdoutPercent: 50 }, id))!;
    const notHeld = members.find((id) => !inHoldout({ campaignId: 'june-double', holdoutPercent: 50 }, id))!;
    customerSpec
      .given([enrolled({ customerId: held })])
      .when(purchase({ customerId: held, program }))
      .then([
        purchased(),
        earned({ points: 100 }),
        { type: 'CampaignHeldOut', data: { campaignId: 'june-double', receiptId: 'r-1', storeId: 'jkt-1', occurredAt: '2026-06-15T09:00:00.000Z', programRevision: 3 } },
      ]);
    customerSpec
      .given([enrolled({ customerId: notHeld })])
      .when(purchase({ customerId: notHeld, program }))
      .then([purchased(), earned({ points: 100 }), campaignEarned('june-double', 100)]);
  });
});
