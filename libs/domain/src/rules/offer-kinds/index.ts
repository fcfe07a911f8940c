import type { JsonSchema } from '../../json-schema';
import { amountOff } from './amount-off';
import type { AmountOff } from './amount-off';
import { bundle } from './bundle';
import type { Bundle } from './bundle';
import type { OfferDiscount, OfferKind, PricedBasket } from './kind';
import { percentOff } from './percent-off';
import type { PercentOff } from './percent-off';

export type { OfferDiscount, PricedBasket, PricedLine } from './kind';
export { percentOf } from './kind';

/**
 * The kinds of offer. Adding one is a module in this folder, its spec, and a line here (and its
 * type in the union below): the offer's schema and checks follow.
 */
export const OFFER_KINDS = [percentOff, amountOff, bundle] as const;

/** What an offer gives, by its kind. */
export type OfferBenefit = PercentOff | AmountOff | Bundle;

const kinds = OFFER_KINDS as unknown as readonly OfferKind<OfferBenefit>[];
const byKind = new Map(kinds.map((kind) => [kind.kind, kind]));
const ALL_FIELDS = [...new Set(kinds.flatMap((kind) => [...kind.required, ...kind.optional]))];

export function offerKindOf(benefit: { kind: string }): OfferKind<OfferBenefit> | undefined {
  return byKind.get(benefit.kind);
}

/**
 * The fields of every kind, as an offer's properties (a JSON Schema without alternatives keeps the
 * API's refusals naming one field); which of them an offer of a kind has is checked by validateBenefit.
 */
export const BENEFIT_PROPERTIES: Record<string, JsonSchema> = {
  ...Object.assign({}, ...kinds.map((kind) => kind.properties)),
  kind: { type: 'string', enum: kinds.map((kind) => kind.kind), description: `What the offer gives: ${kinds.map((kind) => `${kind.kind} (${kind.description.toLowerCase()}: ${[...kind.required.filter((f) => f !== 'kind'), ...kind.optional.map((f) => `${f}?`)].join(', ')})`).join('; ')}` },
};

/** The fields of every kind but `kind`: each is optional in the schema, and belongs to some kinds only. */
export const BENEFIT_FIELDS: readonly string[] = ALL_FIELDS.filter((field) => field !== 'kind');

/** An offer's kind and its fields: those of its kind, all it must have and none of another's. */
export function validateBenefit(offer: Record<string, unknown>, fail: (field: string, problem: string) => never): void {
  const kind = byKind.get(offer.kind as string);
  if (!kind) fail('kind', `must be one of ${kinds.map((k) => k.kind).join(', ')}`);
  for (const field of kind.required) if (offer[field] === undefined) fail(field, `an offer of kind ${kind.kind} needs ${field}`);
  const own = new Set<string>([...kind.required, ...kind.optional]);
  for (const field of BENEFIT_FIELDS) if (offer[field] !== undefined && !own.has(field)) fail(field, `an offer of kind ${kind.kind} has no ${field}`);
  kind.validate(offer as unknown as OfferBenefit, fail);
}

export function benefitStage(benefit: OfferBenefit): number {
  return byKind.get(benefit.kind)!.stage(benefit);
}

/** What an offer takes off the basket as priced so far. */
export function benefitDiscount(benefit: OfferBenefit, basket: PricedBasket): OfferDiscount {
  return byKind.get(benefit.kind)!.discount(benefit, basket);
}
