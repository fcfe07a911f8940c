import type { EffectKind } from './effect';
import { extraPoints, MULTIPLIER_SCHEMA, validateMultiplier } from './effect';

/** `{multiplier}`: the whole receipt earns `multiplier` times its points (on top of the tier's multiplier). */
export interface ReceiptMultiplier {
  multiplier: number;
}

export const receiptMultiplier: EffectKind<ReceiptMultiplier> = {
  kind: 'multiplier',
  description: 'The whole receipt earns its points times the multiplier',
  keys: ['multiplier'],
  properties: { multiplier: MULTIPLIER_SCHEMA },
  example: { multiplier: 2 },
  validate: (effect, fail) => validateMultiplier(effect.multiplier, fail),
  points: (effect, on) => extraPoints(on.purchase.total, on, effect.multiplier),
};
