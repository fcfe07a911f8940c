import { canonicalJson } from '../canonical-json';
import type { Stage } from '../customer.state';
import { stageOf } from '../customer.state';
import { IdAlreadyUsed } from '../errors';
import { instantOf } from '../instant';
import type { JsonSchema } from '../json-schema';
import { arrayOf, dateTimeSchema, idSchema, integerSchema, objectOf, textSchema } from '../json-schema';
import { localDate } from '../local-time';
import type { ProgramCore } from '../program';
import { findStore } from '../program';
import type { CustomerView, Rule } from './rule';

/**
 * Segments: named rules over what a customer's own ledger says of them (stage, tier, home store,
 * how long since their last purchase, how many purchases, whether it is their birth month), used
 * to target campaigns. Membership is judged when a decision is made, from the customer as the
 * ledger stands before it and the decision's moment, so a replay judges it the same. Every
 * condition given must hold; each is defined once (POST …/segments), in the program's stream.
 */

export interface Segment {
  segmentId: string;
  name: string;
  stages?: Stage[];
  /** The tier held. */
  tiers?: string[];
  /** The member's home store. */
  homeStores?: string[];
  /** The last purchase at most this many days before the moment judged (an active customer). */
  lastPurchaseWithinDays?: number;
  /** The last purchase more than this many days before, or none (a lapsed customer). */
  lastPurchaseBeforeDays?: number;
  /** Purchases so far, at least `min` and at most `max`. */
  purchaseCount?: { min?: number; max?: number };
  /** The moment judged is in the member's birth month, in their local time (their home store's zone, else the tenant's). */
  inBirthMonth?: boolean;
}

/** A segment in the program: as defined, and when. */
export type ProgramSegment = Segment & { definedAt: string };

export type DefineSegment = { type: 'DefineSegment'; data: { segment: Segment; now: string } };
export type SegmentDefined = { type: 'SegmentDefined'; data: { segment: Segment; definedAt: string } };

type SegmentsTypes = {
  name: 'segments';
  settings: ProgramSegment[];
  optional: true;
  programCommands: DefineSegment;
  programEvents: SegmentDefined;
};

const STAGES: readonly Stage[] = ['buyer', 'customer', 'member'];
const DAY_MS = 86_400_000;

/** A segment as a request defines it: the body of POST …/segments, and what SegmentDefined records. */
export const SEGMENT_SCHEMA: JsonSchema = objectOf<Segment>(
  'A segment of customers',
  {
    segmentId: idSchema('The segment, unique within the tenant'),
    name: textSchema('What the loyalty team calls it', 200),
    stages: arrayOf('Their stage: buyer (one purchase), customer (repeat purchases), member (enrolled)', { type: 'string', enum: STAGES, description: 'A stage' }, { minItems: 1, maxItems: 3 }),
    tiers: arrayOf('The tier they hold', textSchema('A tier of the program'), { minItems: 1, maxItems: 100 }),
    homeStores: arrayOf('Their home store', idSchema('A store of the program'), { minItems: 1, maxItems: 10_000 }),
    lastPurchaseWithinDays: integerSchema('Their last purchase at most this many days before (active customers)', 0, 36_500),
    lastPurchaseBeforeDays: integerSchema('Their last purchase more than this many days before, or none (lapsed customers)', 0, 36_500),
    purchaseCount: objectOf<{ min?: number; max?: number }>(
      'How many purchases they made',
      { min: integerSchema('At least', 0, 1_000_000_000), max: integerSchema('At most', 0, 1_000_000_000) },
      ['min', 'max'],
    ),
    inBirthMonth: { type: 'boolean', description: 'It is their birth month, in their local time (members who gave a birthday)' },
  },
  ['stages', 'tiers', 'homeStores', 'lastPurchaseWithinDays', 'lastPurchaseBeforeDays', 'purchaseCount', 'inBirthMonth'],
);

export function validateSegment(segment: Segment, program: ProgramCore & { tiers: Array<{ name: string }> }, fail: (field: string, problem: string) => never): void {
  segment.tiers?.forEach((tier, i) => {
    if (!program.tiers.some((known) => known.name === tier)) fail(`tiers[${i}]`, `tier ${tier} is not in the program`);
  });
  segment.homeStores?.forEach((storeId, i) => {
    if (!findStore(program, storeId)) fail(`homeStores[${i}]`, `store ${storeId} is not in the program`);
  });
  const { min, max } = segment.purchaseCount ?? {};
  if (min !== undefined && max !== undefined && max < min) fail('purchaseCount.max', `${max} is below the minimum ${min}`);
}

/** Whether a customer, as their ledger stands, is in the segment at the moment `at`. */
export function inSegment(segment: Segment, customer: CustomerView, at: string, program: ProgramCore): boolean {
  if (segment.stages && !segment.stages.includes(stageOf(customer))) return false;
  if (segment.tiers && (customer.tier === null || !segment.tiers.includes(customer.tier))) return false;
  if (segment.homeStores && (customer.member?.homeStoreId === undefined || !segment.homeStores.includes(customer.member.homeStoreId))) return false;
  const sinceLast = customer.lastPurchaseAt === null ? Infinity : instantOf(at) - instantOf(customer.lastPurchaseAt);
  if (segment.lastPurchaseWithinDays !== undefined && !(sinceLast <= segment.lastPurchaseWithinDays * DAY_MS)) return false;
  if (segment.lastPurchaseBeforeDays !== undefined && !(sinceLast > segment.lastPurchaseBeforeDays * DAY_MS)) return false;
  const { min, max } = segment.purchaseCount ?? {};
  if (min !== undefined && customer.purchaseCount < min) return false;
  if (max !== undefined && customer.purchaseCount > max) return false;
  if (segment.inBirthMonth !== undefined) {
    const month = customer.member?.birthMonth;
    const home = customer.member?.homeStoreId;
    const zone = (home !== undefined && findStore(program, home)?.timeZone) || program.timeZone;
    const inIt = month !== undefined && month !== null && Number(localDate(at, zone).slice(5, 7)) === month;
    if (inIt !== segment.inBirthMonth) return false;
  }
  return true;
}

export const segments: Rule<SegmentsTypes> = {
  name: 'segments',
  description: 'Segments: named rules over what a customer\'s ledger says of them, to target campaigns (each defined with POST …/segments)',
  optional: true,
  settings: {
    example: [{ segmentId: 'lapsed-gold', name: 'Gold members not seen for 60 days', tiers: ['Gold'], lastPurchaseBeforeDays: 60, definedAt: '2026-03-01T00:00:00.000Z' }],
    schema: arrayOf('The program\'s segments, each as defined', {
      ...SEGMENT_SCHEMA,
      properties: { ...SEGMENT_SCHEMA.properties, definedAt: dateTimeSchema('When it was defined') },
      required: [...SEGMENT_SCHEMA.required!, 'definedAt'],
    }),
  },
  program: {
    events: {
      SegmentDefined: {
        description: 'A segment was defined: campaigns may target it from this program revision on.',
        fields: { segment: SEGMENT_SCHEMA, definedAt: dateTimeSchema('When it was defined (RFC 3339).') },
      },
    },
    decide: {
      DefineSegment({ data: { segment, now } }, settings, program, fail) {
        const existing = settings?.find((known) => known.segmentId === segment.segmentId);
        if (existing) {
          const { definedAt: _defined, ...asDefined } = existing;
          if (canonicalJson(asDefined) === canonicalJson(segment)) return [];
          throw new IdAlreadyUsed('segmentId', segment.segmentId);
        }
        validateSegment(segment, program as ProgramCore & { tiers: Array<{ name: string }> }, fail);
        return [{ type: 'SegmentDefined', data: { segment, definedAt: now } }];
      },
    },
    evolve: {
      SegmentDefined: (settings, { data }) => [...(settings ?? []), { ...data.segment, definedAt: data.definedAt }],
    },
  },
  on: {},
};
