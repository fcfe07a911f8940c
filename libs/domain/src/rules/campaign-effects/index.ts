import type { PurchaseLine } from '../../customer.events';
import type { JsonSchema } from '../../json-schema';
import { bonusPoints } from './bonus-points';
import type { BonusPoints } from './bonus-points';
import { categoryMultiplier } from './category-multiplier';
import type { CategoryMultiplier } from './category-multiplier';
import type { EffectContext, EffectKind } from './effect';
import { receiptMultiplier } from './receipt-multiplier';
import type { ReceiptMultiplier } from './receipt-multiplier';
import { skuMultiplier } from './sku-multiplier';
import type { SkuMultiplier } from './sku-multiplier';

/**
 * The kinds of campaign effect. Adding one is a module in this folder, its spec, and a line here
 * (and its type in the union below): the campaign's schema and checks follow.
 */
export const EFFECT_KINDS = [receiptMultiplier, bonusPoints, categoryMultiplier, skuMultiplier] as const;

export type CampaignEffect = ReceiptMultiplier | BonusPoints | CategoryMultiplier | SkuMultiplier;

const kinds = EFFECT_KINDS as unknown as readonly EffectKind<object>[];
const keysOf = (keys: readonly string[]) => [...keys].sort().join(',');
const byKeys = new Map(kinds.map((kind) => [keysOf(kind.keys), kind]));

/** The kind of an effect, by its keys; undefined when no kind has exactly those. */
export function effectKindOf(effect: CampaignEffect): EffectKind<object> | undefined {
  return byKeys.get(keysOf(Object.keys(effect)));
}

/**
 * The schema of an effect: the keys of every kind (a JSON Schema without alternatives keeps the
 * API's refusals naming one field); which combination makes a kind is checked by validateEffect.
 */
export const EFFECT_SCHEMA: JsonSchema = {
  type: 'object',
  description: `What the campaign gives: ${kinds.map((kind) => `{${kind.keys.join(', ')}} (${kind.description.toLowerCase()})`).join('; ')}`,
  properties: Object.assign({}, ...kinds.map((kind) => kind.properties)) as Record<string, JsonSchema>,
  additionalProperties: false,
  examples: kinds.map((kind) => kind.example),
};

export function validateEffect(effect: CampaignEffect, fail: (field: string, problem: string) => never): void {
  const kind = effectKindOf(effect);
  if (!kind) fail('effect', `must be one of ${kinds.map((k) => `{${k.keys.join(', ')}}`).join(', ')}`);
  kind.validate(effect, fail);
}

/** The lines an effect's points are earned on, when it counts lines (see EffectKind.picks); undefined: the whole receipt. */
export function effectPicks(effect: CampaignEffect): ((line: PurchaseLine) => boolean) | undefined {
  const kind = effectKindOf(effect);
  return kind?.picks && ((line) => kind.picks!(effect, line));
}

/** The points an effect gives a purchase, before the campaign's caps. */
export function effectPoints(effect: CampaignEffect, on: EffectContext): number {
  return effectKindOf(effect)!.points(effect, on);
}
