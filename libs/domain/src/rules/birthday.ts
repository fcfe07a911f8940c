import type { PointsEarned } from '../customer.events';
import { OCCURRED_AT_SCHEMA, PROGRAM_REVISION_SCHEMA } from '../customer.events';
import { instantOf } from '../instant';
import { integerSchema, objectOf } from '../json-schema';
import { localDate, localMidnight } from '../local-time';
import type { ProgramVersion } from '../program';
import { findStore } from '../program';
import type { CustomerView, Rule } from './rule';
import { MULTIPLIER_SCALE, multiplierOf, multiplierScaled, qualifyingSpendOf } from './tiers';

/**
 * The birthday month: at the start of the member's birth month, in the time zone of their home
 * store (else the tenant's), BirthdayMonthStarted and the bonus, once per member per year; a
 * member who enrols during their birth month gets it then. Purchases in that month earn the
 * `multiplier` on top of their tier's. The rule reads the birth month recorded at enrolment, never
 * the sealed birthday, and decides nothing for a member whose personal data was erased.
 */

export interface BirthdaySettings {
  bonus: number;
  /** Extra multiplier on purchases in the birth month (e.g. 2: double points); absent: none. */
  multiplier?: number;
}

/** The member's birth month started (in their local time): the birthday bonus follows as PointsEarned. */
export type BirthdayMonthStarted = {
  type: 'BirthdayMonthStarted';
  data: { year: number; month: number; occurredAt: string; programRevision: number };
};

type BirthdayTypes = {
  name: 'birthday';
  settings: BirthdaySettings;
  optional: true;
  /** The last year the birth month started for the member. */
  slice: { lastYear: number | null };
  events: BirthdayMonthStarted;
  reasons: 'birthday' | 'birthday-month';
};

/** The member's zone: their home store's, else the tenant's. */
function zoneOf(customer: CustomerView, program: ProgramVersion): string {
  const home = customer.member?.homeStoreId;
  return (home !== undefined && findStore(program.rules, home)?.timeZone) || program.rules.timeZone;
}

const monthStart = (year: number, month: number, zone: string) => localMidnight(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`, zone);

/** The year of the next birth month to start, given the one that last did, or the enrolment. */
function nextYear(birthMonth: number, lastYear: number | null, enrolledOn: string): number {
  if (lastYear !== null) return lastYear + 1;
  const year = Number(enrolledOn.slice(0, 4));
  return Number(enrolledOn.slice(5, 7)) < birthMonth ? year : year + 1;
}

function nextStart(customer: CustomerView, lastYear: number | null, program: ProgramVersion): { year: number; month: number; at: string } | null {
  const month = customer.member?.birthMonth;
  if (!customer.member || month === undefined || month === null) return null;
  const zone = zoneOf(customer, program);
  let year = nextYear(month, lastYear, localDate(customer.member.enrolledAt, zone));
  // A rule switched on does not reach back before the program revision that asks for it.
  if (program.since !== undefined) while (instantOf(monthStart(year, month, zone)) < instantOf(program.since)) year += 1;
  return { year, month, at: monthStart(year, month, zone) };
}

function started(year: number, month: number, at: string, settings: BirthdaySettings, program: ProgramVersion) {
  const events: Array<BirthdayMonthStarted | PointsEarned<'birthday'>> = [
    { type: 'BirthdayMonthStarted', data: { year, month, occurredAt: at, programRevision: program.revision } },
  ];
  if (settings.bonus > 0) events.push({ type: 'PointsEarned', data: { reason: 'birthday', points: settings.bonus, occurredAt: at, programRevision: program.revision } });
  return events;
}

export const birthday: Rule<BirthdayTypes> = {
  name: 'birthday',
  description: 'A bonus when a member\'s birth month starts, and more points on purchases in it (absent: nothing for birthdays)',
  optional: true,
  settings: {
    example: { bonus: 100, multiplier: 2 },
    schema: objectOf<BirthdaySettings>(
      'Birthday month',
      {
        bonus: integerSchema('Points when the member\'s birth month starts, once a year', 0, 1_000_000_000),
        multiplier: { type: 'number', minimum: 1, maximum: 100, multipleOf: 1 / MULTIPLIER_SCALE, description: 'Extra multiplier on purchases in the birth month, at most 4 decimal places' },
      },
      ['multiplier'],
    ),
    validate(settings, _program, fail) {
      if (!Number.isSafeInteger(settings.bonus) || settings.bonus < 0) fail('birthday.bonus', 'must be a whole number of points, not negative');
      if (settings.multiplier !== undefined && !(settings.multiplier >= 1 && Number.isInteger(settings.multiplier * MULTIPLIER_SCALE))) {
        fail('birthday.multiplier', 'must be at least 1, with at most 4 decimal places');
      }
    },
  },
  reasons: ['birthday', 'birthday-month'],
  events: {
    BirthdayMonthStarted: {
      description: 'The member\'s birth month started, in their local time (their home store\'s zone, else the tenant\'s); the birthday bonus follows as PointsEarned with reason birthday.',
      fields: {
        year: integerSchema('The year.', 1900, 9999),
        month: integerSchema('The birth month, 1-12.', 1, 12),
        occurredAt: OCCURRED_AT_SCHEMA,
        programRevision: PROGRAM_REVISION_SCHEMA,
      },
    },
  },
  slice: {
    initial: () => ({ lastYear: null }),
    evolve: {
      BirthdayMonthStarted: (_slice, { data }) => ({ lastYear: data.year }),
    },
  },
  time: {
    next: ({ customer, slice, program }) => nextStart(customer, slice.lastYear, program)?.at ?? null,
    announces(event, _settings, program) {
      if (event.type !== 'CustomerEnrolled' || event.data.birthMonth === undefined) return null;
      const home = event.data.homeStoreId;
      const zone = (home !== undefined && findStore(program.rules, home)?.timeZone) || program.rules.timeZone;
      const month = event.data.birthMonth;
      return monthStart(nextYear(month, null, localDate(event.data.enrolledAt, zone)), month, zone);
    },
  },
  on: {
    time({ at, customer, slice, settings, program }) {
      const next = nextStart(customer, slice.lastYear, program);
      if (next === null || instantOf(next.at) !== instantOf(at)) return [];
      return started(next.year, next.month, at, settings, program);
    },
    // Enrolling during the birth month starts it then.
    enrolment({ enrolment, after, settings, program }) {
      const customer = after();
      const month = enrolment.birthMonth;
      if (month === undefined) return [];
      const enrolledOn = localDate(enrolment.enrolledAt, zoneOf(customer, program));
      if (Number(enrolledOn.slice(5, 7)) !== month) return [];
      return started(Number(enrolledOn.slice(0, 4)), month, enrolment.enrolledAt, settings, program);
    },
    purchase({ purchase, customer, settings, program }) {
      const month = customer.member?.birthMonth;
      if (!settings.multiplier || settings.multiplier === 1 || month === undefined || month === null || customer.tier === null) return [];
      if (Number(localDate(purchase.occurredAt, zoneOf(customer, program)).slice(5, 7)) !== month) return [];
      const tierMultiplier = multiplierOf(program.rules.tiers, customer.tier, () => qualifyingSpendOf(customer, purchase.occurredAt));
      // The points the purchase earns at the tier's multiplier times the birthday's, less what the earn rate gave it.
      const base = BigInt(Math.floor(purchase.total / program.rules.earn.spendPerPoint));
      const tier = BigInt(multiplierScaled(tierMultiplier));
      const both = (base * tier * BigInt(multiplierScaled(settings.multiplier))) / BigInt(MULTIPLIER_SCALE * MULTIPLIER_SCALE);
      const points = Number(both - (base * tier) / BigInt(MULTIPLIER_SCALE));
      if (points <= 0) return [];
      const { receiptId, storeId, occurredAt } = purchase;
      return [{ type: 'PointsEarned', data: { reason: 'birthday-month', points, receiptId, storeId, occurredAt, programRevision: program.revision } }];
    },
  },
};
