import type { PurchaseLine } from './customer.events';
import type { CustomerState } from './customer.state';
import { decideAndEvolveCustomer } from './customer.decider';
import type { ProgramVersion } from './program';
import type { AppliedOffer, MemberDiscount } from './rules/offers';
import { priceOffers } from './rules/offers';
import type { RuleReason } from './rules/registry';
import { totalOfReceipt } from './receipt-total';

/**
 * A basket quoted before the sale: what the purchase would earn if the till recorded it now,
 * decided by the same rules on the same customer, recording nothing. The receipt it is decided as
 * has an id no receipt can have, so it is never one the customer already has.
 */

export interface Basket {
  customerId: string;
  storeId: string;
  occurredAt: string;
  currency: string;
  lines: PurchaseLine[];
  /** The member-only offers to apply; absent: every offer that applies to this member, basket and moment. */
  appliedOffers?: string[];
}

export interface PurchaseQuote {
  /** The lines at their shelf prices: quantity × unitPrice, less the till's line discounts. */
  listTotal: number;
  /** What the customer pays: the list total less what the offers and the member's tier discount take off. */
  total: number;
  /** The offers to post with the purchase (`appliedOffers`), in the order they price the basket. */
  appliedOffers: string[];
  /** What each offer takes off: off lines (by their index in the basket), or off the basket. */
  offers: AppliedOffer[];
  /** The member's tier discount (the membership card's); null: none. */
  memberDiscount: MemberDiscount | null;
  /** Each line with its shelf price, what the offers take off it, and which offer takes what. */
  lines: Array<{ line: number; sku: string; price: number; discount: number; offers: Array<{ offerId: string; discount: number }> }>;
  /** Points of the earn rate, and of every other rule, as the purchase's answer says them. */
  pointsEarned: number;
  bonusPoints: number;
  earned: Array<{ reason: RuleReason; points: number; campaignId?: string }>;
  /** What each campaign would give; `budgeted`: from a budget, so only while it lasts. */
  campaigns: Array<{ campaignId: string; points: number; budgeted: boolean }>;
  tier: string | null;
  programRevision: number;
}

/** Not an id (ids start with a letter or a digit): never a receipt of the customer. */
const QUOTED_RECEIPT = '~quote';

export const basketTotal = (lines: readonly PurchaseLine[]) => lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);

/**
 * The quote of a basket for the customer as their ledger stands, under the program in force, at
 * `now`. A campaign with a budget is quoted as if its budget lasted: the purchase gives what is
 * left of it then.
 */
export function quotePurchase(basket: Basket, customer: CustomerState, program: ProgramVersion, now: string): PurchaseQuote {
  const pricing = priceOffers(basket, basket.appliedOffers ?? 'every', customer, customer.rules.offers, program.rules);
  const appliedOffers = pricing.appliedOffers.map((offer) => offer.offerId);
  const listTotal = Number(totalOfReceipt({ lines: basket.lines }));
  const total = Number(totalOfReceipt({ lines: basket.lines, appliedOffers: pricing.appliedOffers, memberDiscount: pricing.memberDiscount }));
  const budgets: Record<string, number> = {};
  for (const campaign of program.rules.campaigns ?? []) if (campaign.budget) budgets[campaign.campaignId] = Number.MAX_SAFE_INTEGER;
  const { events } = decideAndEvolveCustomer(
    {
      type: 'RecordPurchase',
      data: {
        receiptId: QUOTED_RECEIPT,
        storeId: basket.storeId,
        customerId: basket.customerId,
        occurredAt: basket.occurredAt,
        currency: basket.currency,
        total,
        lines: basket.lines,
        ...(appliedOffers.length > 0 && { appliedOffers }),
        budgets,
        now,
        program,
      },
    },
    customer,
  );
  const earned: PurchaseQuote['earned'] = [];
  const campaigns: PurchaseQuote['campaigns'] = [];
  let pointsEarned = 0;
  let bonusPoints = 0;
  for (const event of events) {
    if (event.type !== 'PointsEarned') continue;
    const { reason, points, campaignId } = event.data;
    earned.push(campaignId === undefined ? { reason, points } : { reason, points, campaignId });
    if (reason === 'purchase') pointsEarned += points;
    else bonusPoints += points;
    if (campaignId !== undefined) campaigns.push({ campaignId, points, budgeted: campaignId in budgets });
  }
  const lines: PurchaseQuote['lines'] = basket.lines.map((line, i) => ({ line: i, sku: line.sku, price: line.quantity * line.unitPrice - (line.discount ?? 0), discount: 0, offers: [] }));
  for (const offer of pricing.appliedOffers) {
    for (const { line, discount } of offer.lines ?? []) {
      lines[line].discount += discount;
      lines[line].offers.push({ offerId: offer.offerId, discount });
    }
  }
  return {
    listTotal,
    total,
    appliedOffers,
    offers: pricing.appliedOffers,
    memberDiscount: pricing.memberDiscount ?? null,
    lines,
    pointsEarned,
    bonusPoints,
    earned,
    campaigns,
    tier: customer.tier,
    programRevision: program.revision,
  };
}
