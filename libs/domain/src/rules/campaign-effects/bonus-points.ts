import { integerSchema } from '../../json-schema';
import { isPositiveInteger } from '../../program';
import type { EffectKind } from './effect';

/** `{bonusPoints}`: points for every receipt the campaign applies to, whatever its amount. */
export interface BonusPoints {
  bonusPoints: number;
}

export const bonusPoints: EffectKind<BonusPoints> = {
  kind: 'bonusPoints',
  description: 'Points for each receipt the campaign applies to',
  keys: ['bonusPoints'],
  properties: { bonusPoints: integerSchema('Points for each qualifying receipt', 1, 1_000_000_000) },
  example: { bonusPoints: 50 },
  validate(effect, fail) {
    if (!isPositiveInteger(effect.bonusPoints)) fail('effect.bonusPoints', 'must be a positive whole number of points');
  },
  points: (effect) => effect.bonusPoints,
};
