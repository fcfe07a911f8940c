import { textSchema } from '../../json-schema';
import type { EffectKind } from './effect';
import { extraPoints, linesAmount, MULTIPLIER_SCHEMA, validateMultiplier } from './effect';

/** `{category, multiplier}`: the lines of a category earn `multiplier` times their points. */
export interface CategoryMultiplier {
  category: string;
  multiplier: number;
}

export const categoryMultiplier: EffectKind<CategoryMultiplier> = {
  kind: 'categoryMultiplier',
  description: 'The receipt\'s lines of a category earn their points times the multiplier',
  keys: ['category', 'multiplier'],
  properties: { category: textSchema('The product category, as the till sends it on receipt lines'), multiplier: MULTIPLIER_SCHEMA },
  example: { category: 'drinks', multiplier: 3 },
  validate: (effect, fail) => validateMultiplier(effect.multiplier, fail),
  points: (effect, on) => extraPoints(linesAmount(on.purchase, (line) => line.category === effect.category), on, effect.multiplier),
  picks: (effect, line) => line.category === effect.category,
};
