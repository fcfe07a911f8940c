import type { TierChanged } from '../customer.events';
import { instantOf } from '../instant';
import { qualifyingSpendOf } from '../spend-by-month';
import { arrayOf, integerSchema, moneySchema, objectOf, textSchema } from '../json-schema';
import type { Asked, CustomerView, Rule } from './rule';

/**
 * Tiers: a ladder of levels by qualifying spend, each with its points multiplier. A member's tier
 * follows the spend as soon as it changes: up on a purchase, down when a return takes it below the
 * threshold (unless the program has a tier review: then only the review lowers it); the new
 * multiplier applies from the next purchase.
 */

export interface Tier {
  name: string;
  minQualifyingSpend: number;
  /** Up to 4 decimal places, e.g. 1.25. */
  multiplier: number;
  /** The membership card's discount: this percentage off every purchase of the tier's members (after their offers). */
  discountPercent?: number;
}

/** Multipliers are kept in integer ten-thousandths, so point arithmetic stays exact. */
export const MULTIPLIER_SCALE = 10_000;

/** The multiplier as an integer number of ten-thousandths. */
export function multiplierScaled(multiplier: number): number {
  return Math.round(multiplier * MULTIPLIER_SCALE);
}

export { qualifyingSpend, qualifyingSpendOf, qualifyingWindowStart } from '../spend-by-month';
export type { SpendRecord } from '../spend-by-month';

/** The highest tier whose threshold the spend reaches. Tiers are ascending; the first starts at 0. */
export function tierForSpend(tiers: readonly Tier[], spend: number): Tier {
  let reached = tiers[0];
  for (const tier of tiers) if (spend >= tier.minQualifyingSpend) reached = tier;
  return reached;
}

/**
 * The multiplier of a held tier; a tier the current program no longer has counts as the spend's
 * tier. The spend is asked for only then.
 */
export function multiplierOf(tiers: readonly Tier[], tierName: string, spend: () => number): number {
  return (tiers.find((tier) => tier.name === tierName) ?? tierForSpend(tiers, spend())).multiplier;
}

/** A member's tier after a purchase or return, reviewed against the spend the ledger then shows. */
function review(asked: Asked<TierTypes>, customer: CustomerView, at: string): TierChanged[] {
  if (!customer.member || customer.tier === null) return [];
  const after = asked.after();
  // A receipt or return posted late is reviewed as of the latest purchase known, so it cannot
  // hide later spend and take away a tier that spend reached.
  const reviewAt = after.lastPurchaseAt !== null && instantOf(after.lastPurchaseAt) > instantOf(at) ? after.lastPurchaseAt : at;
  const spend = qualifyingSpendOf(after, reviewAt);
  const tier = tierForSpend(asked.settings, spend).name;
  if (tier === customer.tier) return [];
  // Under a tier review, a tier is held until a review: purchases and returns only raise it.
  const ladder = asked.settings.map((step) => step.name);
  if (asked.program.rules.tierReview && ladder.indexOf(tier) < ladder.indexOf(customer.tier)) return [];
  return [{ type: 'TierChanged', data: { from: customer.tier, to: tier, qualifyingSpend: spend, occurredAt: at, programRevision: asked.program.revision } }];
}

type TierTypes = { name: 'tiers'; settings: Tier[] };

export const tiers: Rule<TierTypes> = {
  name: 'tiers',
  description: 'Tiers in ascending order of qualifying spend (net spend in the last 12 months); the first starts at 0 and is every member\'s start',
  settings: {
    example: [
      { name: 'Silver', minQualifyingSpend: 0, multiplier: 1 },
      { name: 'Gold', minQualifyingSpend: 500_000_000, multiplier: 1.5 },
    ],
    schema: arrayOf(
      'Tiers in ascending order of minQualifyingSpend; the first starts at 0',
      objectOf<Tier>('A tier', {
        name: textSchema('Tier name, unique within the program'),
        minQualifyingSpend: moneySchema('Net spend in the last 12 months that reaches this tier (integer minor units)'),
        multiplier: { type: 'number', minimum: 0, maximum: 100, multipleOf: 1 / MULTIPLIER_SCALE, description: 'Points multiplier, at most 4 decimal places' },
        discountPercent: integerSchema('The membership card\'s discount: this percentage off every purchase of the tier\'s members, after their offers; absent: none', 1, 100),
      }, ['discountPercent']),
      { minItems: 1, maxItems: 50 },
    ),
    validate(ladder, _program, fail) {
      if (ladder.length === 0) fail('tiers', 'a program needs at least one tier');
      if (ladder[0].minQualifyingSpend !== 0) fail('tiers[0].minQualifyingSpend', 'the first tier must start at 0');
      const names = new Set<string>();
      ladder.forEach((tier, i) => {
        if (names.has(tier.name)) fail(`tiers[${i}].name`, `tier ${tier.name} appears twice`);
        names.add(tier.name);
        if (i > 0 && tier.minQualifyingSpend <= ladder[i - 1].minQualifyingSpend) {
          fail(`tiers[${i}].minQualifyingSpend`, 'tiers must be in ascending order of minQualifyingSpend');
        }
        if (!(tier.multiplier >= 0)) fail(`tiers[${i}].multiplier`, 'must not be negative');
        if (!Number.isInteger(tier.multiplier * MULTIPLIER_SCALE)) fail(`tiers[${i}].multiplier`, 'at most 4 decimal places');
        if (tier.discountPercent !== undefined && !(Number.isInteger(tier.discountPercent) && tier.discountPercent >= 1 && tier.discountPercent <= 100)) {
          fail(`tiers[${i}].discountPercent`, 'must be a whole percentage from 1 to 100');
        }
      });
    },
  },
  on: {
    purchase: (asked) => review(asked, asked.customer, asked.purchase.occurredAt),
    return: (asked) => review(asked, asked.customer, asked.goodsBack.occurredAt),
  },
};
