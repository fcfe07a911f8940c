import type { PurchaseLine, PurchaseRecorded } from '../../customer.events';
import type { JsonSchema } from '../../json-schema';
import { MULTIPLIER_SCALE, multiplierScaled } from '../tiers';

/**
 * The contract of a kind of campaign effect: what a campaign gives a purchase it applies to. A kind
 * is one module in this folder, with its spec beside it, listed in `index.ts`. It owns its
 * settings (the keys that tell it apart from the other kinds, their schema and checks) and the
 * points it gives a purchase; the campaigns rule (../campaigns.ts) decides which campaigns apply,
 * in what order, and what their caps leave of those points.
 */
export interface EffectKind<Effect extends object> {
  /** The kind's name, as the answers and the dashboard call it. */
  kind: string;
  description: string;
  /** The keys an effect of this kind has, all of them and no other: how a campaign's effect is told apart. */
  keys: readonly (keyof Effect & string)[];
  /** The schema of each key. */
  properties: { [K in keyof Effect]-?: JsonSchema };
  example: Effect;
  /** Checks beyond the schema; `fail` names the field from the campaign's root (`effect.multiplier`). */
  validate(effect: Effect, fail: (field: string, problem: string) => never): void;
  /** The points the effect gives a purchase, before the campaign's caps. */
  points(effect: Effect, on: EffectContext): number;
  /**
   * The receipt lines the effect's points are earned on, when it counts lines (a sku's, a
   * category's): a return by lines takes its points back by the share of those lines' value it
   * returned, and once goods came back, an amount only by its share of what the goods kept cost
   * (return-refund.ts `paidOfKept`). Absent: the points are the whole receipt's, taken back by the
   * share of its amount.
   */
  picks?(effect: Effect, line: PurchaseLine): boolean;
}

/** What an effect is computed from: the purchase, the earn rate, and the multiplier of the member's tier. */
export interface EffectContext {
  purchase: PurchaseRecorded['data'];
  spendPerPoint: number;
  tierMultiplier: number;
}

/** A campaign multiplier: more than 1, at most 100, with at most 4 decimal places. */
export const MULTIPLIER_SCHEMA: JsonSchema = {
  type: 'number',
  minimum: 1,
  maximum: 100,
  multipleOf: 1 / MULTIPLIER_SCALE,
  description: 'Points on what it applies to are multiplied by this (2: double points), on top of the tier\'s multiplier; at most 4 decimal places',
};

export function validateMultiplier(multiplier: number, fail: (field: string, problem: string) => never): void {
  if (!(multiplier > 1 && multiplier <= 100 && Number.isInteger(Math.round(multiplier * MULTIPLIER_SCALE * 1e6) / 1e6))) {
    fail('effect.multiplier', 'must be more than 1 and at most 100, with at most 4 decimal places');
  }
}

/**
 * The points a campaign multiplier adds on an amount: what the amount earns at the tier's
 * multiplier times the campaign's, less what it earns at the tier's alone, in integer
 * ten-thousandths so 20 × 1.15 is 23, not 22.999….
 */
export function extraPoints(amount: number, on: EffectContext, multiplier: number): number {
  const base = BigInt(Math.floor(amount / on.spendPerPoint));
  const tier = BigInt(multiplierScaled(on.tierMultiplier));
  const both = (base * tier * BigInt(multiplierScaled(multiplier))) / BigInt(MULTIPLIER_SCALE * MULTIPLIER_SCALE);
  return Number(both - (base * tier) / BigInt(MULTIPLIER_SCALE));
}

/**
 * What was paid for the lines a campaign picks: their quantities times unit prices, never more
 * than the receipt's total (points are earned on what the customer paid, after a basket discount).
 */
export function linesAmount(purchase: Pick<PurchaseRecorded['data'], 'lines' | 'total'>, picks: (line: PurchaseLine) => boolean): number {
  let amount = 0;
  for (const line of purchase.lines) if (picks(line)) amount += line.quantity * line.unitPrice;
  return Math.min(amount, purchase.total);
}
