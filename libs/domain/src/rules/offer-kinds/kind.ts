import type { JsonSchema } from '../../json-schema';

/**
 * The contract of a kind of offer: what a member-only offer takes off a basket. A kind is one
 * module in this folder, with its spec beside it, listed in `index.ts` (as campaign-effects/ are
 * for campaigns). It owns the fields that only its offers have, their schema and checks, the stage
 * at which it prices a basket, and the discount it gives; the offers rule (../offers.ts) decides
 * which offers a member may use, in what order they price the basket, and records what each gave.
 */
export interface OfferKind<Fields extends object> {
  /** The offer's `kind`. */
  kind: string;
  description: string;
  /** The fields an offer of this kind must have, and those it may have; no other kind's field. */
  required: readonly (keyof Fields & string)[];
  optional: readonly (keyof Fields & string)[];
  properties: { [K in keyof Fields]-?: JsonSchema };
  example: Fields;
  /**
   * When it prices the basket, lowest first: what is taken off lines before what is taken off the
   * basket as a whole, so a basket's discount is of what its lines left: bundles on shelf prices
   * (1), percentages off a category (2), percentages off the basket (3), amounts off (4, a minimum
   * spend judged on what the member would pay by then). The member's tier discount comes last (5).
   */
  stage(offer: Fields): number;
  /** Checks beyond the schema; `fail` names the field from the offer's root (`percent`). */
  validate(offer: Fields, fail: (field: string, problem: string) => never): void;
  /** What the offer takes off the basket as priced so far; the caller applies it. */
  discount(offer: Fields, basket: PricedBasket): OfferDiscount;
}

/** A receipt line as the offers price it: its shelf price, and what is still to pay for it. */
export interface PricedLine {
  sku: string;
  category?: string;
  quantity: number;
  unitPrice: number;
  /** quantity × unitPrice, less the till's line discount and every offer's before this one. */
  left: number;
}

/** The basket as priced so far: its lines, and what is still to pay for it all (before charges). */
export interface PricedBasket {
  lines: readonly PricedLine[];
  left: number;
}

/** What an offer takes off: off lines (by their index in the receipt), or off the basket as a whole. */
export interface OfferDiscount {
  lines: Array<{ line: number; discount: number }>;
  basket: number;
}

export const NOTHING_OFF: OfferDiscount = Object.freeze({ lines: [], basket: 0 }) as OfferDiscount;

/** `percent` of an amount, rounded down (an offer never takes off more than it says), exact past 2^53. */
export function percentOf(amount: number, percent: number): number {
  return Number((BigInt(amount) * BigInt(percent)) / 100n);
}

/** Whether a line is one the offer names: by its sku, or by its category. */
export const picks = (offer: { sku?: string; category?: string }, line: PricedLine) =>
  offer.sku !== undefined ? line.sku === offer.sku : offer.category !== undefined ? line.category === offer.category : true;

export const PERCENT_SCHEMA: JsonSchema = { type: 'integer', minimum: 1, maximum: 100, description: 'Percentage taken off (a whole number from 1 to 100)' };
