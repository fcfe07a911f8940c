import { idSchema } from '../../json-schema';
import type { EffectKind } from './effect';
import { extraPoints, linesAmount, MULTIPLIER_SCHEMA, validateMultiplier } from './effect';

/** `{sku, multiplier}`: the lines of one product earn `multiplier` times their points. */
export interface SkuMultiplier {
  sku: string;
  multiplier: number;
}

export const skuMultiplier: EffectKind<SkuMultiplier> = {
  kind: 'skuMultiplier',
  description: 'The receipt\'s lines of one product earn their points times the multiplier',
  keys: ['sku', 'multiplier'],
  properties: { sku: idSchema('The product (stock keeping unit)'), multiplier: MULTIPLIER_SCHEMA },
  example: { sku: 'KOPI-SUSU', multiplier: 2 },
  validate: (effect, fail) => validateMultiplier(effect.multiplier, fail),
  points: (effect, on) => extraPoints(linesAmount(on.purchase, (line) => line.sku === effect.sku), on, effect.multiplier),
  picks: (effect, line) => line.sku === effect.sku,
};
