import type { CustomerEvent } from './customer.events';
import { foldCustomer } from './customer.state';
import { memberHistory, memberHistoryPage, memberRewards, REASON_WORDS, tierProgress } from './member-history';
import { RULE_REASONS } from './rules/registry';
import { EVERY_CUSTOMER_EVENT, earned, enrolled, purchased, redeemed, returned, reversed, sampleProgram, tierChanged } from './testing/fixtures';

const withRevisions = (events: CustomerEvent[]) => events.map((event, revision) => ({ ...event, revision }));

describe('a member\'s own history', () => {
  it('shows every ledger entry in order, in the member\'s words, with the balance each leaves', () => {
    const events: CustomerEvent[] = [
      enrolled(),
      purchased({ total: 6_000_000, lines: [{ sku: 'KOPI', quantity: 1, unitPrice: 6_000_000 }] }),
      earned({ points: 600 }),
      tierChanged({ from: 'Bronze', to: 'Silver', qualifyingSpend: 6_000_000, occurredAt: '2026-06-15T09:00:00.000Z' }),
      redeemed({ points: 100 }),
      returned({ amount: 1_000_000 }),
      reversed({ points: 100 }),
    ];
    const history = memberHistory(withRevisions(events));
    expect(history.map(({ revision, type, text, points, balance }) => [revision, type, text, points, balance])).toEqual([
      [0, 'CustomerEnrolled', 'You joined the program', 0, 0],
      [1, 'PurchaseRecorded', 'Purchase at jkt-1, receipt r-1', 0, 0],
      [2, 'PointsEarned', 'Points for your purchase, receipt r-1', 600, 600],
      [3, 'TierChanged', 'Your tier changed from Bronze to Silver', 0, 600],
      [4, 'RewardRedeemed', 'Reward coffee redeemed at jkt-1', -100, 500],
      [5, 'ReturnRecorded', 'Return at jkt-1, receipt r-1', 0, 500],
      [6, 'PointsReversed', 'Points taken back for the return, receipt r-1', -100, 400],
    ]);
    expect(history.at(-1)!.balance).toBe(foldCustomer(events).points);
  });

  it('names the offers a purchase applied and the card\'s discount', () => {
    const bought = purchased({
      total: 855_000,
      lines: [{ sku: 'KOPI', quantity: 1, unitPrice: 1_000_000 }],
      appliedOffers: [{ offerId: 'june-10', discount: 100_000 }],
      memberDiscount: { tier: 'Gold', percent: 5, discount: 45_000 },
    });
    expect(memberHistory(withRevisions([enrolled(), bought]))[1].text).toBe('Purchase at jkt-1, receipt r-1, with offer june-10, 5% off with your Gold card');
  });

  it('names the goods a return by lines brought back', () => {
    const back = returned({ amount: 60_000, lines: [{ line: 0, sku: 'KOPI', quantity: 2 }, { line: 2, sku: 'ROTI', quantity: 1 }] });
    expect(memberHistory(withRevisions([back]))[0].text).toBe('Return at jkt-1, receipt r-1: 2 × KOPI, 1 × ROTI');
  });

  it('has words for every kind of event and every reason points are credited for', () => {
    for (const event of Object.values(EVERY_CUSTOMER_EVENT)) {
      const [entry] = memberHistory([{ ...(event as CustomerEvent), revision: 0 }]);
      expect({ type: event.type, text: entry.text === event.type ? 'no words' : 'words' }).toEqual({ type: event.type, text: 'words' });
    }
    expect(Object.keys(REASON_WORDS).sort()).toEqual([...RULE_REASONS].sort());
  });

  it('says how much more spend the next tier needs, and nothing at the top or for a buyer', () => {
    const program = sampleProgram();
    const member = foldCustomer([enrolled()]);
    expect(tierProgress(program, member, 1_000_000)).toEqual({ nextTier: 'Silver', spendToGo: 4_000_000 });
    const silver = foldCustomer([enrolled(), tierChanged({ from: 'Bronze', to: 'Silver', qualifyingSpend: 6_000_000, occurredAt: '2026-06-15T09:00:00.000Z' })]);
    expect(tierProgress(program, silver, 6_000_000)).toEqual({ nextTier: 'Gold', spendToGo: 4_000_000 });
    // A tier held by review while the spend fell below it: the next one up from what is held.
    expect(tierProgress(program, silver, 2_000_000)).toEqual({ nextTier: 'Gold', spendToGo: 8_000_000 });
    const gold = foldCustomer([enrolled(), tierChanged({ from: 'Bronze', to: 'Gold', qualifyingSpend: 12_000_000, occurredAt: '2026-06-15T09:00:00.000Z' })]);
    expect(tierProgress(program, gold, 12_000_000)).toBeNull();
    expect(tierProgress(program, foldCustomer([purchased()]), 1_000_000)).toBeNull();
  });
  it('pages the history: each page\'s balances those of the whole history, the next page\'s revision, null after the last', () => {
    const events = withRevisions([enrolled(), earned({ points: 100 }), earned({ points: 50 }), redeemed({ points: 30 }), earned({ points: 5 })]);
    const whole = memberHistory(events);
    expect(memberHistoryPage(events, 0, 2)).toEqual({ entries: whole.slice(0, 2), balance: 125, nextRevision: 2 });
    expect(memberHistoryPage(events, 2, 2)).toEqual({ entries: whole.slice(2, 4), balance: 125, nextRevision: 4 });
    expect(memberHistoryPage(events, 4, 2)).toEqual({ entries: whole.slice(4), balance: 125, nextRevision: null });
    expect(memberHistoryPage(events, 3, 2)).toEqual({ entries: whole.slice(3), balance: 125, nextRevision: null });
    expect(memberHistoryPage(events, 5, 2)).toEqual({ entries: [], balance: 125, nextRevision: null });
    expect(whole.map((entry) => entry.balance)).toEqual([0, 100, 150, 120, 125]);
  });

  it('lists every reward the member may redeem, what each gives, whether there is one to give and what they can afford now', () => {
    const program = sampleProgram({
      rewards: [{ rewardId: 'COFFEE', points: 100 }],
      vouchers: [{ rewardId: 'CAKE', points: 150, reward: { voucher: { kind: 'freeItem', sku: 'CAKE-1' }, validDays: 1 } }],
      partnerRewards: { partners: [{ partnerId: 'BIO', name: 'Bioskop' }], rewards: [{ rewardId: 'MOVIE', points: 120, partnerId: 'BIO' }] },
    });
    const member = foldCustomer([enrolled(), earned({ points: 120 })]);
    expect(memberRewards(program, member, new Set(['BIO']))).toEqual([
      { rewardId: 'COFFEE', kind: 'catalogue', text: 'Reward COFFEE', voucher: null, partner: null, points: 100, available: true, affordable: true, pointsShort: 0 },
      {
        rewardId: 'CAKE',
        kind: 'voucher',
        text: 'A voucher for a free CAKE-1, valid for 1 day after the day you get it',
        voucher: { voucher: { kind: 'freeItem', sku: 'CAKE-1' }, validDays: 1 },
        partner: null,
        points: 150,
        available: true,
        affordable: false,
        pointsShort: 30,
      },
      { rewardId: 'MOVIE', kind: 'partner', text: 'A Bioskop gift card', voucher: null, partner: { partnerId: 'BIO', name: 'Bioskop' }, points: 120, available: true, affordable: true, pointsShort: 0 },
    ]);
    // A partner with no code left has none to give, whatever the member's points.
    expect(memberRewards(program, member, new Set()).map(({ rewardId, available, affordable }) => [rewardId, available, affordable])).toEqual([
      ['COFFEE', true, true],
      ['CAKE', true, false],
      ['MOVIE', false, true],
    ]);
    // A buyer who has not enrolled can afford none.
    expect(memberRewards(program, foldCustomer([purchased()]), new Set(['BIO'])).map(({ affordable, pointsShort }) => [affordable, pointsShort])).toEqual([
      [false, 100],
      [false, 150],
      [false, 120],
    ]);
  });
});
