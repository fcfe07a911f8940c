import { decideAndEvolveCustomer } from './customer.decider';
import type { CustomerCommand } from './customer.commands';
import type { PurchaseLine } from './customer.events';
import type { CustomerState } from './customer.state';
import { initialCustomerState } from './customer.state';
import { basketTotal, quotePurchase } from './purchase-quote';
import type { Campaign } from './rules/campaigns';
import { program as sampleVersion } from './testing/fixtures';

/** A little seeded random source (mulberry32), so a failure names the run that found it. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const CAMPAIGNS: Campaign[] = [
  { campaignId: 'double', name: 'Double', from: '2026-06-01', to: '2026-06-30', effect: { multiplier: 2 } },
  { campaignId: 'bonus', name: 'Bonus', from: '2026-06-10', to: '2026-06-20', effect: { bonusPoints: 25 }, minSpend: 200_000, perMember: { points: 100 } },
  { campaignId: 'drinks', name: 'Drinks', from: '2026-06-01', to: '2026-06-30', effect: { category: 'drinks', multiplier: 3 }, stores: ['mks-1'], budget: { points: 5_000 } },
  { campaignId: 'kopi', name: 'Kopi', from: '2026-06-01', to: '2026-06-30', effect: { sku: 'kopi', multiplier: 1.5 }, tiers: ['Silver', 'Gold'] },
  { campaignId: 'gold-only', name: 'Gold', from: '2026-06-01', to: '2026-06-30', effect: { multiplier: 4 }, exclusive: true, priority: 2, tiers: ['Gold'] },
  { campaignId: 'held', name: 'Held', from: '2026-06-01', to: '2026-06-30', effect: { bonusPoints: 10 }, holdoutPercent: 40 },
];
const SKUS = [
  { sku: 'kopi', category: 'drinks' },
  { sku: 'teh', category: 'drinks' },
  { sku: 'rice', category: 'groceries' },
  { sku: 'soap' },
];

describe('a basket\'s quote and the purchase then recorded', () => {
  it('agree for 10,000 random baskets: the total, and every point of every rule and campaign the quote announces is what the purchase records', () => {
    const random = seeded(16);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const disagreements: string[] = [];
    const given = new Map<string, number>();
    for (let run = 0; run < 10_000; run++) {
      const campaigns = CAMPAIGNS.filter(() => random() < 0.5).map((c) => ({ ...c, createdAt: '2026-05-01T00:00:00.000Z' }));
      const version = { ...sampleVersion({ campaigns }), revision: 7 };
      const customerId = `c-${run}`;
      let customer: CustomerState = initialCustomerState();
      const apply = (command: CustomerCommand) => (customer = decideAndEvolveCustomer(command, customer).state);
      const day = () => `2026-06-${String(1 + Math.floor(random() * 30)).padStart(2, '0')}T${String(Math.floor(random() * 24)).padStart(2, '0')}:00:00.000Z`;
      if (random() < 0.85) apply({ type: 'Enrol', data: { customerId, cardNumber: 'card', ownReferralCode: 'CODE', now: '2026-05-15T00:00:00.000Z', program: version } });
      const history = Math.floor(random() * 4);
      for (let n = 0; n < history; n++) {
        const total = 100_000 * (1 + Math.floor(random() * 60));
        const at = `2026-05-${String(16 + n).padStart(2, '0')}T03:00:00.000Z`;
        apply({ type: 'RecordPurchase', data: { receiptId: `h-${n}`, storeId: 'jkt-1', customerId, occurredAt: at, currency: 'IDR', total, lines: [{ sku: 'rice', quantity: 1, unitPrice: total }], now: at, program: version } });
      }
      const lines: PurchaseLine[] = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({ ...pick(SKUS), quantity: 1 + Math.floor(random() * 5), unitPrice: 1_000 * (1 + Math.floor(random() * 400)) }));
      const basket = { customerId, storeId: pick(['jkt-1', 'mks-1']), occurredAt: day(), currency: 'IDR', lines };
      const quote = quotePurchase(basket, customer, version, '2026-07-01T00:00:00.000Z');
      for (const { campaignId } of quote.campaigns) given.set(campaignId, (given.get(campaignId) ?? 0) + 1);
      // The till records the basket the quote was for, its budgets holding what the quote announced.
      const budgets = Object.fromEntries(quote.campaigns.filter((c) => c.budgeted).map((c) => [c.campaignId, c.points]));
      const { events } = decideAndEvolveCustomer(
        { type: 'RecordPurchase', data: { ...basket, receiptId: `R-${run}`, total: basketTotal(lines), budgets, now: '2026-07-01T00:00:00.000Z', program: version } },
        customer,
      );
      const recorded = events.flatMap((event) =>
        event.type === 'PointsEarned' ? [event.data.campaignId === undefined ? { reason: event.data.reason, points: event.data.points } : { reason: event.data.reason, points: event.data.points, campaignId: event.data.campaignId }] : [],
      );
      const total = events[0].type === 'PurchaseRecorded' ? events[0].data.total : -1;
      if (JSON.stringify(recorded) !== JSON.stringify(quote.earned) || total !== quote.total) disagreements.push(`run ${run}: quoted ${JSON.stringify(quote)}, recorded ${JSON.stringify(recorded)} of ${total}`);
    }
    expect(disagreements).toEqual([]);
    // The baskets gave each campaign's points many times (how many, for this seed).
    expect(Object.fromEntries([...given].sort())).toEqual({ bonus: 1392, double: 3990, drinks: 1504, 'gold-only': 497, held: 2434, kopi: 759 });
  });

  it('quotes a campaign with a budget as if it lasted, and says so', () => {
    const version = sampleVersion({ campaigns: [{ ...CAMPAIGNS[2], createdAt: '2026-05-01T00:00:00.000Z' }] });
    const member = decideAndEvolveCustomer({ type: 'Enrol', data: { customerId: 'c', cardNumber: 'card', ownReferralCode: 'CODE', now: '2026-05-15T00:00:00.000Z', program: version } }, initialCustomerState()).state;
    const quote = quotePurchase({ customerId: 'c', storeId: 'mks-1', occurredAt: '2026-06-15T03:00:00.000Z', currency: 'IDR', lines: [{ sku: 'teh', category: 'drinks', quantity: 2, unitPrice: 150_000 }] }, member, version, '2026-06-15T04:00:00.000Z');
    expect(quote).toEqual({
      listTotal: 300_000,
      total: 300_000,
      appliedOffers: [],
      offers: [],
      memberDiscount: null,
      lines: [{ line: 0, sku: 'teh', price: 300_000, discount: 0, offers: [] }],
      pointsEarned: 30,
      bonusPoints: 60,
      earned: [
        { reason: 'purchase', points: 30 },
        { reason: 'campaign', points: 60, campaignId: 'drinks' },
      ],
      campaigns: [{ campaignId: 'drinks', points: 60, budgeted: true }],
      tier: 'Bronze',
      programRevision: 3,
    });
  });
});
