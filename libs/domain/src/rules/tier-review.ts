import type { TierChanged } from '../customer.events';
import { OCCURRED_AT_SCHEMA, PROGRAM_REVISION_SCHEMA } from '../customer.events';
import { instantOf } from '../instant';
import { countSchema, integerSchema, nonEmptyTextSchema, objectOf } from '../json-schema';
import { addMonths, firstOfNextMonth, localDate, localMidnight } from '../local-time';
import type { ProgramVersion } from '../program';
import type { CustomerView, Rule } from './rule';
import { qualifyingSpendOf, tierForSpend } from './tiers';

/**
 * The tier review: a tier reached is held at least `holdMonths`; after that, on the first day of
 * each month at local midnight (the tenant's time zone), the member's tier is set to the one their
 * rolling 12-month qualifying spend supports, down as well as up. A member who stops buying falls
 * back; one who keeps buying keeps it. With a review, a return no longer takes a tier away at once:
 * the review does (the tiers rule leaves downgrades to it).
 */

export interface TierReviewSettings {
  holdMonths: number;
}

/** A monthly review of a member's tier: the spend it found and the tier that spend supports (kept or changed). */
export type TierReviewed = {
  type: 'TierReviewed';
  data: { tier: string; qualifyingSpend: number; occurredAt: string; programRevision: number };
};

type ReviewTypes = {
  name: 'tierReview';
  settings: TierReviewSettings;
  optional: true;
  slice: { lastReviewAt: string | null };
  events: TierReviewed;
};

const firstOfMonthOnOrAfter = (date: string) => (date.endsWith('-01') ? date : firstOfNextMonth(date));

/** The first review a tier held since `tierSince` waits for, as a local date. */
const firstReviewDate = (tierSince: string, settings: TierReviewSettings, timeZone: string) =>
  firstOfMonthOnOrAfter(addMonths(localDate(tierSince, timeZone), settings.holdMonths));

function nextReview(customer: CustomerView, lastReviewAt: string | null, settings: TierReviewSettings, program: ProgramVersion): string | null {
  if (!customer.member || customer.tier === null || customer.tierSince === null) return null;
  const zone = program.rules.timeZone;
  let date = firstReviewDate(customer.tierSince, settings, zone);
  if (lastReviewAt !== null) {
    const afterLast = firstOfNextMonth(localDate(lastReviewAt, zone));
    if (afterLast > date) date = afterLast;
  }
  // Reviews start with the program revision that asks for them, not before.
  if (program.since !== undefined) {
    const fromProgram = firstOfMonthOnOrAfter(localDate(program.since, zone));
    if (fromProgram > date) date = fromProgram;
  }
  return localMidnight(date, zone);
}

export const tierReview: Rule<ReviewTypes> = {
  name: 'tierReview',
  description: 'A monthly review of every member\'s tier once it has been held holdMonths (absent: tiers follow purchases and returns at once)',
  optional: true,
  settings: {
    example: { holdMonths: 12 },
    schema: objectOf<TierReviewSettings>('Tier review', {
      holdMonths: integerSchema('Months a tier reached is held before the monthly reviews may change it', 0, 60),
    }),
    validate(settings, _program, fail) {
      if (!Number.isSafeInteger(settings.holdMonths) || settings.holdMonths < 0) fail('tierReview.holdMonths', 'must be a whole number of months, not negative');
    },
  },
  events: {
    TierReviewed: {
      description: 'The monthly review of the member\'s tier: the qualifying spend it found and the tier that spend supports. When that is another tier, TierChanged records the move.',
      fields: {
        tier: nonEmptyTextSchema('The tier the spend supports.'),
        qualifyingSpend: countSchema('Net spend of the 12 months up to the review, in minor units.'),
        occurredAt: OCCURRED_AT_SCHEMA,
        programRevision: PROGRAM_REVISION_SCHEMA,
      },
    },
  },
  slice: {
    initial: () => ({ lastReviewAt: null }),
    evolve: {
      TierReviewed: (_slice, { data }) => ({ lastReviewAt: data.occurredAt }),
    },
  },
  time: {
    next: ({ customer, slice, settings, program }) => nextReview(customer, slice.lastReviewAt, settings, program),
    announces(event, settings, program) {
      const zone = program.rules.timeZone;
      if (event.type === 'CustomerEnrolled') return localMidnight(firstReviewDate(event.data.enrolledAt, settings, zone), zone);
      if (event.type === 'TierChanged') return localMidnight(firstReviewDate(event.data.occurredAt, settings, zone), zone);
      return null;
    },
  },
  on: {
    time({ at, customer, slice, settings, program }) {
      const due = nextReview(customer, slice.lastReviewAt, settings, program);
      if (due === null || instantOf(due) !== instantOf(at)) return [];
      const spend = qualifyingSpendOf(customer, at);
      const tier = tierForSpend(program.rules.tiers, spend).name;
      const reviewed: TierReviewed = { type: 'TierReviewed', data: { tier, qualifyingSpend: spend, occurredAt: at, programRevision: program.revision } };
      if (tier === customer.tier) return [reviewed];
      const changed: TierChanged = { type: 'TierChanged', data: { from: customer.tier!, to: tier, qualifyingSpend: spend, occurredAt: at, programRevision: program.revision } };
      return [changed, reviewed];
    },
  },
};
