import type { PurchaseLine, BasketDiscount } from '../customer.events';
import { OfferNotApplicable, OfferNotFound } from '../errors';
import { instantOf } from '../instant';
import type { JsonSchema } from '../json-schema';
import { arrayOf, dateTimeSchema, idSchema, integerSchema, textSchema } from '../json-schema';
import { localDate } from '../local-time';
import type { Program, ProgramCore } from '../program';
import { findStore } from '../program';
import { PersistentMap } from '../persistent-map';
import { dateSchema, isDate } from './campaigns';
import type { OfferBenefit, PricedLine } from './offer-kinds';
import { BENEFIT_FIELDS, BENEFIT_PROPERTIES, benefitDiscount, benefitStage, percentOf, validateBenefit } from './offer-kinds';
import { isToEnd, managedSchema, repeatsCreation, withCreated, withEnded } from './managed-entities';
import type { Managed } from './managed-entities';
import type { CustomerView, Rule } from './rule';
import { inSegment } from './segments';
import type { Tier } from './tiers';

/**
 * Offers: member-only benefits the till applies to a basket (a percentage off the basket or a
 * category, an amount off a minimum spend, "3 for 70,000"), targeted by tier or segment, in a
 * window of local dates judged in the store's time zone, each created and ended on its own
 * (program events of this rule). A till quotes a basket to learn which offers apply and what each
 * takes off (POST …/quotes), then posts the purchase with the offers it applied (`appliedOffers`)
 * and the total the quote gave: the decider prices the basket again with those offers, refuses
 * one that does not apply to that member, basket and moment (422 naming it, nothing recorded), and
 * records what each took off in the purchase. An offer's uses per member are counted from those
 * purchases in the member's own stream, so `limitPerMember` holds and a replay decides the same.
 *
 * The member's tier discount (`discountPercent` of a tier: the membership card's discount) is
 * priced with them, last, on every purchase of a member of that tier.
 *
 * Order: offers price the basket by their kind's stage (lines first: bundles, then percentages off
 * a category; then the basket: percentages, amounts off), then by id; each takes off what is left
 * after those before it, rounded down.
 */

export interface OfferTerms {
  offerId: string;
  name: string;
  /** The first and last local dates of the window (YYYY-MM-DD), judged in the store's time zone. */
  from: string;
  to: string;
  /** The stores it runs in; absent: every store. */
  stores?: string[];
  /** The tiers of the members it is for (the tier held before the purchase); absent: every member. */
  tiers?: string[];
  /** A segment (POST …/segments) the member must be in at the purchase. */
  segment?: string;
  /** How many purchases of one member may use it; absent: no limit. */
  limitPerMember?: number;
}

/** An offer as a request creates it: its terms and what it gives (by kind). */
export type Offer = OfferTerms & OfferBenefit;

/** An offer in the program: as created, when, and when it was ended if it was. */
export type ProgramOffer = Managed<Offer>;

export type CreateOffer = { type: 'CreateOffer'; data: { offer: Offer; now: string } };
export type EndOffer = { type: 'EndOffer'; data: { offerId: string; now: string } };
export type OfferCreated = { type: 'OfferCreated'; data: { offer: Offer; createdAt: string } };
/** Purchases from `endedAt` on can no longer use the offer, even within its window. */
export type OfferEnded = { type: 'OfferEnded'; data: { offerId: string; endedAt: string } };

/** What an offer took off a purchase: off lines (by their index in the receipt) or off the basket. */
export interface AppliedOffer {
  offerId: string;
  /** All it took off, in minor units: its lines' discounts, or its basket discount. */
  discount: number;
  /** The lines it took `discount` off, when it priced lines (a bundle, a category's percentage). */
  lines?: Array<{ line: number; discount: number }>;
}

/** The member's tier discount on a purchase: the tier, its percentage, and what it took off. */
export interface MemberDiscount {
  tier: string;
  percent: number;
  discount: number;
}

/** What the offers and the member's tier discount take off a receipt: what its purchase records. */
export interface OfferPricing {
  appliedOffers: AppliedOffer[];
  memberDiscount?: MemberDiscount;
}

/** An offer a member may use now, with the uses they have left of it (null: no limit). */
export type OfferNow = Offer & { usesLeft: number | null };

/** Each offer's uses by the member: the purchases that applied it. */
export interface OfferUses {
  uses: PersistentMap<string, number>;
}

type OffersTypes = {
  name: 'offers';
  settings: ProgramOffer[];
  optional: true;
  slice: OfferUses;
  programCommands: CreateOffer | EndOffer;
  programEvents: OfferCreated | OfferEnded;
};

const TERMS_PROPERTIES: { [K in keyof OfferTerms]-?: JsonSchema } = {
  offerId: idSchema('The offer, unique within the tenant'),
  name: textSchema('What the loyalty team and the member call it', 200),
  from: dateSchema('First day of the window, a local date (YYYY-MM-DD) judged in the store\'s time zone'),
  to: dateSchema('Last day of the window (included), a local date'),
  stores: arrayOf('The stores it runs in; absent: every store', idSchema('A store of the program'), { minItems: 1, maxItems: 10_000 }),
  tiers: arrayOf('The tiers of the members it is for (the tier held before the purchase); absent: every member', textSchema('A tier of the program'), { minItems: 1, maxItems: 100 }),
  segment: idSchema('A segment the member must be in at the purchase (defined with POST …/segments)'),
  limitPerMember: integerSchema('How many purchases of one member may use it; absent: no limit', 1, 1_000_000),
};

/** An offer as a request creates it: the body of POST …/offers, and what OfferCreated records. */
export const OFFER_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'A member-only offer: its window, who it is for, and what it gives by its kind',
  properties: { ...TERMS_PROPERTIES, ...BENEFIT_PROPERTIES },
  required: ['offerId', 'name', 'from', 'to', 'kind'],
  additionalProperties: false,
};

/** The checks beyond the schema; `fail` names the field of the offer at fault. */
export function validateOffer(offer: Offer, program: ProgramCore & { tiers: Array<{ name: string }>; segments?: Array<{ segmentId: string }> }, fail: (field: string, problem: string) => never): void {
  if (!isDate(offer.from)) fail('from', 'must be a date YYYY-MM-DD');
  if (!isDate(offer.to)) fail('to', 'must be a date YYYY-MM-DD');
  if (offer.to < offer.from) fail('to', `the window is empty: ${offer.to} is before ${offer.from}`);
  const seenStores = new Set<string>();
  offer.stores?.forEach((storeId, i) => {
    if (!findStore(program, storeId)) fail(`stores[${i}]`, `store ${storeId} is not in the program`);
    if (seenStores.has(storeId)) fail(`stores[${i}]`, `store ${storeId} appears twice`);
    seenStores.add(storeId);
  });
  const seenTiers = new Set<string>();
  offer.tiers?.forEach((tier, i) => {
    if (!program.tiers.some((known) => known.name === tier)) fail(`tiers[${i}]`, `tier ${tier} is not in the program`);
    if (seenTiers.has(tier)) fail(`tiers[${i}]`, `tier ${tier} appears twice`);
    seenTiers.add(tier);
  });
  if (offer.segment !== undefined && !(program.segments ?? []).some((segment) => segment.segmentId === offer.segment)) fail('segment', `segment ${offer.segment} is not defined`);
  if (offer.limitPerMember !== undefined && !(Number.isSafeInteger(offer.limitPerMember) && offer.limitPerMember >= 1)) fail('limitPerMember', 'must be a whole number of uses, at least 1');
  validateBenefit(offer as unknown as Record<string, unknown>, fail);
}

/** The offer's benefit: its kind and the fields of its kind. */
function benefitOf(offer: Offer): OfferBenefit {
  const benefit: Record<string, unknown> = { kind: offer.kind };
  for (const field of BENEFIT_FIELDS) if ((offer as unknown as Record<string, unknown>)[field] !== undefined) benefit[field] = (offer as unknown as Record<string, unknown>)[field];
  return benefit as unknown as OfferBenefit;
}

/** Why the offer cannot be used by the member at `storeId` at `at`, or undefined when it can (what it gives aside). */
export function whyNot(offer: ProgramOffer, customer: CustomerView, uses: OfferUses, storeId: string, at: string, program: Program): string | undefined {
  if (!customer.member || customer.tier === null) return 'is for members only';
  if (offer.endedAt !== undefined && instantOf(at) >= instantOf(offer.endedAt)) return `was ended at ${offer.endedAt}`;
  if (offer.stores && !offer.stores.includes(storeId)) return `does not run at store ${storeId}`;
  const day = localDate(at, findStore(program, storeId)?.timeZone ?? program.timeZone);
  if (day < offer.from || day > offer.to) return `runs from ${offer.from} to ${offer.to}, not on ${day}`;
  if (offer.tiers && !offer.tiers.includes(customer.tier)) return `is for members of ${offer.tiers.join(', ')}, not ${customer.tier}`;
  if (offer.segment !== undefined) {
    const segment = program.segments?.find((known) => known.segmentId === offer.segment);
    if (!segment || !inSegment(segment, customer, at, program)) return `is for the members of segment ${offer.segment}`;
  }
  const used = uses.uses.get(offer.offerId) ?? 0;
  if (offer.limitPerMember !== undefined && used >= offer.limitPerMember) return `was used ${used} times, its limit per member`;
  return undefined;
}

/** The tier's discount percentage (the membership card's), or 0. */
export function tierDiscountPercent(tiers: readonly Tier[], tier: string | null): number {
  if (tier === null) return 0;
  return tiers.find((known) => known.name === tier)?.discountPercent ?? 0;
}

/** What the purchase (or the quote) prices: the receipt as the till sends it, where and when. */
export interface OfferedReceipt {
  storeId: string;
  occurredAt: string;
  lines: readonly PurchaseLine[];
  discounts?: readonly BasketDiscount[];
}

/**
 * What the offers asked for and the member's tier discount take off the receipt. `asked`: the
 * offers the till applied, each refused (OfferNotApplicable, naming it) unless it applies to this
 * member, basket and moment and takes something off; 'every': each offer that would (a quote).
 */
export function priceOffers(receipt: OfferedReceipt, asked: readonly string[] | 'every', customer: CustomerView, uses: OfferUses, program: Program): OfferPricing {
  const offers = program.offers ?? [];
  const chosen: Array<{ offer: ProgramOffer; index: number; benefit: OfferBenefit }> = [];
  if (asked === 'every') {
    offers.forEach((offer, index) => {
      if (whyNot(offer, customer, uses, receipt.storeId, receipt.occurredAt, program) === undefined) chosen.push({ offer, index, benefit: benefitOf(offer) });
    });
  } else {
    const seen = new Set<string>();
    asked.forEach((offerId, index) => {
      if (seen.has(offerId)) throw new OfferNotApplicable(index, offerId, 'appears twice');
      seen.add(offerId);
      const offer = offers.find((known) => known.offerId === offerId);
      if (!offer) throw new OfferNotApplicable(index, offerId, 'is not an offer of the program');
      const why = whyNot(offer, customer, uses, receipt.storeId, receipt.occurredAt, program);
      if (why !== undefined) throw new OfferNotApplicable(index, offerId, why);
      chosen.push({ offer, index, benefit: benefitOf(offer) });
    });
  }
  chosen.sort((a, b) => benefitStage(a.benefit) - benefitStage(b.benefit) || (a.offer.offerId < b.offer.offerId ? -1 : a.offer.offerId > b.offer.offerId ? 1 : 0));
  const lines = receipt.lines.map((line) => ({ sku: line.sku, category: line.category, quantity: line.quantity, unitPrice: line.unitPrice, left: line.quantity * line.unitPrice - (line.discount ?? 0) }));
  let left = lines.reduce((sum, line) => sum + line.left, 0);
  for (const discount of receipt.discounts ?? []) left -= discount.amount;
  const appliedOffers: AppliedOffer[] = [];
  for (const { offer, index, benefit } of chosen) {
    const off = benefitDiscount(benefit, { lines, left });
    const taken = off.lines.filter((line) => line.discount > 0);
    let discount = Math.max(0, off.basket);
    for (const line of taken) {
      lines[line.line].left -= line.discount;
      discount += line.discount;
    }
    left -= discount;
    if (discount === 0) {
      if (asked !== 'every') throw new OfferNotApplicable(index, offer.offerId, 'takes nothing off this basket');
      continue;
    }
    appliedOffers.push(taken.length > 0 ? { offerId: offer.offerId, discount, lines: taken } : { offerId: offer.offerId, discount });
  }
  const percent = customer.member ? tierDiscountPercent(program.tiers, customer.tier) : 0;
  const memberOff = percent > 0 ? percentOf(Math.max(0, left), percent) : 0;
  return memberOff > 0 ? { appliedOffers, memberDiscount: { tier: customer.tier!, percent, discount: memberOff } } : { appliedOffers };
}

/**
 * What the goods a return leaves on a receipt are left to pay after the offers its purchase applied
 * and the member's tier discount, priced again on those goods in the order they priced the
 * purchase (returned-goods.ts). An offer's condition is judged on the goods kept: a bundle broken,
 * or a minimum spend the rest no longer reaches, gives nothing on them, so its discount comes off
 * the refund. An offer is never given more than it took off the purchase. An offer the program no
 * longer lists gives its recorded discount by the goods' share (`share`). A return never gives an
 * offer's use back: the purchase used it, and uses per member count purchases.
 */
export function repriceOffers(
  lines: PricedLine[],
  left: number,
  priced: { offerDiscounts?: readonly AppliedOffer[]; memberDiscount?: MemberDiscount },
  share: (amount: number) => number,
  program: Program,
): number {
  for (const applied of priced.offerDiscounts ?? []) {
    const offer = program.offers?.find((known) => known.offerId === applied.offerId);
    if (!offer) {
      left -= share(applied.discount);
      continue;
    }
    const off = benefitDiscount(benefitOf(offer), { lines, left });
    let discount = Math.max(0, off.basket);
    for (const line of off.lines) {
      lines[line.line].left -= line.discount;
      discount += line.discount;
    }
    left -= Math.min(discount, applied.discount);
  }
  if (priced.memberDiscount) left -= Math.min(percentOf(Math.max(0, left), priced.memberDiscount.percent), priced.memberDiscount.discount);
  return left;
}

/** The offers a member may use now, in the program's order (the store's zone unknown: the member's home store's, else the program's). */
export function offersNow(settings: readonly ProgramOffer[], customer: CustomerView, uses: OfferUses, now: string, program: Program): OfferNow[] {
  const storeId = customer.member?.homeStoreId ?? '';
  const available: OfferNow[] = [];
  for (const offer of settings) {
    if (whyNot({ ...offer, stores: undefined }, customer, uses, storeId, now, program) !== undefined) continue;
    const { createdAt: _created, endedAt: _ended, ...terms } = offer;
    const used = uses.uses.get(offer.offerId) ?? 0;
    available.push({ ...terms, usesLeft: offer.limitPerMember === undefined ? null : offer.limitPerMember - used });
  }
  return available;
}

export const offers: Rule<OffersTypes> = {
  name: 'offers',
  description: 'Member-only offers the till applies: a percentage off the basket or a category, an amount off a minimum spend, bundles (each created with POST …/offers)',
  optional: true,
  settings: {
    example: [
      { offerId: 'kopi-3-for-70k', name: 'Kopi susu 3 for 70,000', from: '2026-06-01', to: '2026-06-30', kind: 'bundle', sku: 'KOPI-SUSU', quantity: 3, price: 70_000, createdAt: '2026-05-25T00:00:00.000Z' },
    ],
    schema: managedSchema('The program\'s offers, each as created and ended', OFFER_SCHEMA),
  },
  program: {
    events: {
      OfferCreated: {
        description: 'A member-only offer was added to the program: purchases from this program revision on may apply it within its window.',
        fields: { offer: OFFER_SCHEMA, createdAt: dateTimeSchema('When it was created (RFC 3339).') },
      },
      OfferEnded: {
        description: 'An offer was ended before its window closed: purchases from endedAt on can no longer apply it.',
        fields: { offerId: idSchema('The offer.'), endedAt: dateTimeSchema('When it was ended (RFC 3339).') },
      },
    },
    decide: {
      CreateOffer({ data: { offer, now } }, settings, program, fail) {
        if (repeatsCreation(settings, offer, 'offerId')) return [];
        validateOffer(offer, program as ProgramCore & { tiers: Array<{ name: string }> }, fail);
        return [{ type: 'OfferCreated', data: { offer, createdAt: now } }];
      },
      EndOffer({ data: { offerId, now } }, settings) {
        return isToEnd(settings, 'offerId', offerId, () => new OfferNotFound(offerId)) ? [{ type: 'OfferEnded', data: { offerId, endedAt: now } }] : [];
      },
    },
    evolve: {
      OfferCreated: (settings, { data }) => withCreated(settings, data.offer, data.createdAt),
      OfferEnded: (settings, { data }) => withEnded(settings, 'offerId', data.offerId, data.endedAt),
    },
  },
  slice: {
    initial: () => ({ uses: PersistentMap.empty() }),
    evolve: {
      PurchaseRecorded: (slice, { data }) => {
        if (!data.appliedOffers) return slice;
        let uses = slice.uses;
        for (const { offerId } of data.appliedOffers) uses = uses.with(offerId, (uses.get(offerId) ?? 0) + 1);
        return { uses };
      },
    },
  },
  on: {},
  till: ({ settings, slice, customer, now, program }) => ({ offers: offersNow(settings, customer, slice, now, program) }),
};
