import type { PurchaseLine } from './customer.events';
import type { CustomerState } from './customer.state';
import { decideAndEvolveCustomer } from './customer.decider';
import type { ProgramVersion } from './program';
import type { RuleReason } from './rules/registry';

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
}

export interface PurchaseQuote {
  /** What the customer pays: the lines' quantities times their unit prices. */
  total: number;
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
  const total = basketTotal(basket.lines);
  const budgets: Record<string, number> = {};
  for (const campaign of program.rules.campaigns ?? []) if (campaign.budget) budgets[campaign.campaignId] = Number.MAX_SAFE_INTEGER;
  const { events } = decideAndEvolveCustomer(
    { type: 'RecordPurchase', data: { receiptId: QUOTED_RECEIPT, storeId: basket.storeId, customerId: basket.customerId, occurredAt: basket.occurredAt, currency: basket.currency, total, lines: basket.lines, budgets, now, program } },
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
  return { total, pointsEarned, bonusPoints, earned, campaigns, tier: customer.tier, programRevision: program.revision };
}
