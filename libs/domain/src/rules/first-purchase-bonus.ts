import type { PointsEarned } from '../customer.events';
import { integerSchema, moneySchema, objectOf } from '../json-schema';
import { isNonNegativeInteger, isPositiveInteger } from '../program';
import type { Rule } from './rule';

/**
 * A welcome bonus: the first purchase of a member that reaches `minSpend` earns `points` on top of
 * the earn rate, once. Purchases made before enrolling do not earn it: the bonus is for what the
 * membership brings. Returning the purchase later keeps the bonus.
 */

export interface FirstPurchaseBonusSettings {
  points: number;
  minSpend: number;
}

type FirstPurchaseBonusTypes = {
  name: 'firstPurchaseBonus';
  settings: FirstPurchaseBonusSettings;
  optional: true;
  /** Whether the member already had the bonus. */
  slice: { given: boolean };
  reasons: 'first-purchase';
};

export const firstPurchaseBonus: Rule<FirstPurchaseBonusTypes> = {
  name: 'firstPurchaseBonus',
  description: 'A bonus on a member\'s first purchase that reaches minSpend, once (absent: no bonus)',
  optional: true,
  settings: {
    example: { points: 50, minSpend: 10_000_000 },
    schema: objectOf<FirstPurchaseBonusSettings>('First purchase bonus', {
      points: integerSchema('Points for the first purchase as a member', 1, 1_000_000_000),
      minSpend: moneySchema('Smallest purchase that earns the bonus (integer minor units)'),
    }),
    validate(settings, _program, fail) {
      if (!isPositiveInteger(settings.points)) fail('firstPurchaseBonus.points', 'must be a positive whole number of points');
      if (!isNonNegativeInteger(settings.minSpend)) fail('firstPurchaseBonus.minSpend', 'must be a whole amount, not negative');
    },
  },
  reasons: ['first-purchase'],
  slice: {
    initial: () => ({ given: false }),
    evolve: {
      PointsEarned: (slice, { data }) => (data.reason === 'first-purchase' && !slice.given ? { given: true } : slice),
    },
  },
  on: {
    purchase({ purchase, customer, slice, settings, program }): PointsEarned<'first-purchase'>[] {
      if (!customer.member || customer.tier === null || slice.given || purchase.total < settings.minSpend) return [];
      const { receiptId, storeId, occurredAt } = purchase;
      return [{ type: 'PointsEarned', data: { reason: 'first-purchase', points: settings.points, receiptId, storeId, occurredAt, programRevision: program.revision } }];
    },
  },
};
