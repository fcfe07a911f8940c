import type { PointsEarned, PointsReversed } from '../customer.events';
import { moneySchema, objectOf } from '../json-schema';
import { isPositiveInteger } from '../program';
import { PersistentMap } from '../persistent-map';
import type { Rule } from './rule';
import { MULTIPLIER_SCALE, multiplierOf, multiplierScaled, qualifyingSpendOf } from './tiers';

/**
 * The earn rate: a member earns points on every purchase, at the multiplier of the tier they held
 * before it; a return takes back the points of the goods returned.
 */

export interface EarnSettings {
  spendPerPoint: number;
}

/**
 * Points a member earns on a purchase: floor(floor(total / spendPerPoint) × multiplier).
 * The multiplier is applied in integer ten-thousandths so 20 × 1.15 is 23, not 22.999….
 */
export function purchasePoints(total: number, spendPerPoint: number, multiplier: number): number {
  const basePoints = BigInt(Math.floor(total / spendPerPoint));
  return Number((basePoints * BigInt(multiplierScaled(multiplier))) / BigInt(MULTIPLIER_SCALE));
}

/**
 * Points to take back for a return. Rounding is cumulative: after returns adding up to R of a
 * receipt of total T that earned E points, floor(E × R / T) points have been taken back in all.
 * So returning a whole receipt, in any number of parts, takes back exactly what it earned.
 */
export function pointsToReverse(
  receipt: { total: number; pointsEarned: number; returned: number; pointsReversed: number },
  amount: number,
): number {
  const returnedAfter = BigInt(receipt.returned + amount);
  const owedInAll = Number((BigInt(receipt.pointsEarned) * returnedAfter) / BigInt(receipt.total));
  return owedInAll - receipt.pointsReversed;
}

/**
 * Points earned on each receipt that earned any, and taken back from each that had a return,
 * by receipt id. Plain numbers, not an object per receipt: every receipt of every cached customer
 * holds one entry.
 */
export interface ReceiptPoints {
  earned: PersistentMap<string, number>;
  reversed: PersistentMap<string, number>;
}

type EarnTypes = {
  name: 'earn';
  settings: EarnSettings;
  slice: ReceiptPoints;
  reasons: 'purchase';
};

const plus = (points: PersistentMap<string, number>, receiptId: string, more: number) => points.with(receiptId, (points.get(receiptId) ?? 0) + more);

export const earnRate: Rule<EarnTypes> = {
  name: 'earn',
  description: 'The earn rate: points per amount spent, at the multiplier of the member\'s tier',
  settings: {
    example: { spendPerPoint: 1_000_000 },
    schema: objectOf<EarnSettings>('Earn rule', {
      spendPerPoint: moneySchema('Spend that earns one base point, e.g. 1000000 for Rp 10,000 in sen (integer minor units)', 1),
    }),
    validate(settings, _program, fail) {
      // Points are computed by dividing by it; a zero or fractional rate would make them meaningless.
      if (!isPositiveInteger(settings.spendPerPoint)) fail('earn.spendPerPoint', 'must be a positive integer amount');
    },
  },
  reasons: ['purchase'],
  slice: {
    initial: () => ({ earned: PersistentMap.empty(), reversed: PersistentMap.empty() }),
    evolve: {
      // A receipt earns its purchase points once.
      PointsEarned: (slice, { data }) =>
        data.reason === 'purchase' && data.receiptId ? { earned: slice.earned.with(data.receiptId, data.points), reversed: slice.reversed } : slice,
      // Only the purchase points' own: other rules take back theirs with their reason.
      PointsReversed: (slice, { data }) =>
        data.reason === undefined || data.reason === 'purchase' ? { earned: slice.earned, reversed: plus(slice.reversed, data.receiptId, data.points) } : slice,
    },
  },
  on: {
    purchase({ purchase, customer, settings, program }): PointsEarned<'purchase'>[] {
      if (!customer.member || customer.tier === null) return [];
      const multiplier = multiplierOf(program.rules.tiers, customer.tier, () => qualifyingSpendOf(customer, purchase.occurredAt));
      const points = purchasePoints(purchase.total, settings.spendPerPoint, multiplier);
      if (points <= 0) return [];
      const { receiptId, storeId, occurredAt } = purchase;
      return [{ type: 'PointsEarned', data: { reason: 'purchase', points, receiptId, storeId, tier: customer.tier, occurredAt, programRevision: program.revision } }];
    },
    return({ goodsBack, receipt, slice }): PointsReversed[] {
      const pointsEarned = slice.earned.get(receipt.receiptId) ?? 0;
      const pointsReversed = slice.reversed.get(receipt.receiptId) ?? 0;
      const points = pointsToReverse({ total: receipt.total, returned: receipt.returned, pointsEarned, pointsReversed }, goodsBack.amount);
      if (points <= 0) return [];
      const { returnId, receiptId, storeId, occurredAt } = goodsBack;
      return [{ type: 'PointsReversed', data: { returnId, receiptId, storeId, points, occurredAt } }];
    },
  },
};
