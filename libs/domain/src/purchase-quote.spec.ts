import { decideAndEvolveCustomer } from './customer.decider';
import type { CustomerCommand } from './customer.commands';
import type { PurchaseLine } from './customer.events';
import type { CustomerState } from './customer.state';
import { initialCustomerState } from './customer.state';
import { basketTotal, quotePurchase } from './purchase-quote';
import type { Campaign } from './rules/campaigns';
import type { Offer } from './rules/offers';
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
const OFFERS: Offer[] = [
  { offerId: 'ten-off', name: '10% off', from: '2026-05-01', to: '2026-06-30', kind: 'percentOff', percent: 10, limitPerMember: 2 },
  { offerId: 'drinks-15', name: 'Drinks 15% off', from: '2026-06-05', to: '2026-06-25', kind: 'percentOff', percent: 15, category: 'drinks', tiers: ['Silver', 'Gold'] },
  { offerId: 'spend-350k', name: 'Spend 350,000, get 50,000 off', from: '2026-06-01', to: '2026-06-30', kind: 'amountOff', amount: 50_000, minSpend: 350_000, stores: ['jkt-1'] },
  { offerId: 'kopi-3-for', name: 'Kopi 3 for 70,000', from: '2026-06-01', to: '2026-06-30', kind: 'bundle', sku: 'kopi', quantity: 3, price: 70_000 },
  { offerId: 'drinks-2-for', name: 'Drinks 2 for 150,000', from: '2026-06-01', to: '2026-06-30', kind: 'bundle', category: 'drinks', quantity: 2, price: 150_000 },
];
const SKUS = [
  { sku: 'kopi', category: 'drinks' },
  { sku: 'teh', category: 'drinks' },
  { sku: 'rice', category: 'groceries' },
  { sku: 'soap' },
];

describe('a basket\'s quote and the purchase then recorded', () => {
  it('agree for 10,000 random baskets: the total, every offer\'s and the tier\'s discount, and every point of every rule and campaign the quote announces is what the purchase records', () => {
    const random = seeded(16);
    // Offers and tier discounts draw from their own source, so the baskets are those of the campaigns alone.
    const randomOffer = seeded(22);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const disagreements: string[] = [];
    const given = new Map<string, number>();
    for (let run = 0; run < 10_000; run++) {
      const campaigns = CAMPAIGNS.filter(() => random() < 0.5).map((c) => ({ ...c, createdAt: '2026-05-01T00:00:00.000Z' }));
      const offers = OFFERS.filter(() => randomOffer() < 0.5).map((o) => ({ ...o, createdAt: '2026-05-01T00:00:00.000Z' }));
      const tiers = sampleVersion().rules.tiers.map((tier) => (randomOffer() < 0.3 ? { ...tier, discountPercent: 1 + Math.floor(randomOffer() * 20) } : tier));
      const version = { ...sampleVersion({ campaigns, offers, tiers }), revision: 7 };
      const customerId = `c-${run}`;
      let customer: CustomerState = initialCustomerState();
      const apply = (command: CustomerCommand) => (customer = decideAndEvolveCustomer(command, customer).state);
      const day = () => `2026-06-${String(1 + Math.floor(random() * 30)).padStart(2, '0')}T${String(Math.floor(random() * 24)).padStart(2, '0')}:00:00.000Z`;
      if (random() < 0.85) apply({ type: 'Enrol', data: { customerId, cardNumber: 'card', ownReferralCode: 'CODE', now: '2026-05-15T00:00:00.000Z', program: version } });
      const history = Math.floor(random() * 4);
      for (let n = 0; n < history; n++) {
        const total = 100_000 * (1 + Math.floor(random() * 60));
        const at = `2026-05-${String(16 + n).padStart(2, '0')}T03:00:00.000Z`;
        const bought = { customerId, storeId: 'jkt-1', occurredAt: at, currency: 'IDR', lines: [{ sku: 'rice', quantity: 1, unitPrice: total }] };
        const asked = quotePurchase(bought, customer, version, at);
        apply({ type: 'RecordPurchase', data: { ...bought, receiptId: `h-${n}`, total: asked.total, appliedOffers: asked.appliedOffers, now: at, program: version } });
      }
      const lines: PurchaseLine[] = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({ ...pick(SKUS), quantity: 1 + Math.floor(random() * 5), unitPrice: 1_000 * (1 + Math.floor(random() * 400)) }));
      const basket = { customerId, storeId: pick(['jkt-1', 'mks-1']), occurredAt: day(), currency: 'IDR', lines };
      const quote = quotePurchase(basket, customer, version, '2026-07-01T00:00:00.000Z');
      for (const { campaignId } of quote.campaigns) given.set(campaignId, (given.get(campaignId) ?? 0) + 1);
      for (const { offerId } of quote.offers) given.set(offerId, (given.get(offerId) ?? 0) + 1);
      if (quote.memberDiscount) given.set('tier discount', (given.get('tier discount') ?? 0) + 1);
      // The till records the basket the quote was for, its budgets holding what the quote announced.
      const budgets = Object.fromEntries(quote.campaigns.filter((c) => c.budgeted).map((c) => [c.campaignId, c.points]));
      const { events } = decideAndEvolveCustomer(
        { type: 'RecordPurchase', data: { ...basket, receiptId: `R-${run}`, total: quote.total, appliedOffers: quote.appliedOffers, budgets, now: '2026-07-01T00:00:00.000Z', program: version } },
        customer,
      );
      const recorded = events.flatMap((event) =>
        event.type === 'PointsEarned' ? [event.data.campaignId === undefined ? { reason: event.data.reason, points: event.data.points } : { reason: event.data.reason, points: event.data.points, campaignId: event.data.campaignId }] : [],
      );
      const purchase = events[0].type === 'PurchaseRecorded' ? events[0].data : undefined;
      const discounts = { offers: purchase?.appliedOffers ?? [], memberDiscount: purchase?.memberDiscount ?? null };
      const listed = quote.lines.reduce((sum, line) => sum + line.price, 0) === quote.listTotal && quote.listTotal === basketTotal(lines);
      if (JSON.stringify(recorded) !== JSON.stringify(quote.earned) || purchase?.total !== quote.total || JSON.stringify(discounts) !== JSON.stringify({ offers: quote.offers, memberDiscount: quote.memberDiscount }) || !listed) {
        disagreements.push(`run ${run}: quoted ${JSON.stringify(quote)}, recorded ${JSON.stringify(recorded)} of ${JSON.stringify(purchase)}`);
      }
    }
    expect(disagreements).toEqual([]);
    // The baskets gave each campaign's points and each offer's discount many times (how many, for
    // these seeds); ten-off is limited to 2 uses, which the members' earlier purchases spent.
    expect(Object.fromEntries([...given].sort())).toEqual({
      bonus: 1357,
      double: 4021,
      drinks: 1510,
      'drinks-15': 858,
      'drinks-2-for': 2522,
      'gold-only': 367,
      held: 2471,
      kopi: 694,
      'kopi-3-for': 1343,
      'spend-350k': 1683,
      'ten-off': 2039,
      'tier discount': 2662,
    });
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
