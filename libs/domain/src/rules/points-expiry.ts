import type { PointsExpired } from '../customer.events';
import { OCCURRED_AT_SCHEMA, PROGRAM_REVISION_SCHEMA } from '../customer.events';
import { countSchema, dateTimeSchema, integerSchema, objectOf } from '../json-schema';
import { instantOf } from '../instant';
import { addDays, addMonths, localDate, localMidnight } from '../local-time';
import type { Lot, LotPoints, Lots } from '../lots';
import { expiring, leftIn } from '../lots';
import type { Rule } from './rule';

/**
 * Points expiry: a lot expires at the end of the local day (the tenant's time zone) `afterMonths`
 * after it was earned, and its points left then are taken (PointsExpired). `noticeDays` before,
 * PointsExpiringSoon is recorded once per expiry date, so e-mail systems can warn the member. The
 * expiry is recorded on the lot when it is earned, so a program change never expires points
 * retroactively; a program without these settings expires nothing.
 */

export interface PointsExpirySettings {
  afterMonths: number;
  noticeDays: number;
}

/** Points of a member that expire on one date, announced `noticeDays` before. */
export type PointsExpiringSoon = {
  type: 'PointsExpiringSoon';
  data: { points: number; expiresAt: string; lots: LotPoints[]; occurredAt: string; programRevision: number };
};

type ExpiryTypes = {
  name: 'pointsExpiry';
  settings: PointsExpirySettings;
  optional: true;
  /** The expiry dates (instants) already announced. */
  slice: { noticed: ReadonlySet<string> };
  events: PointsExpiringSoon;
};

/** The expiry dates a till is shown, the next first (as many as the customer answer shows). */
const EXPIRING_AT_THE_TILL = 3;

/** When a lot earned at an instant expires: the end of the local day `afterMonths` later. */
export function lotExpiresAt(settings: PointsExpirySettings, earnedAt: string, timeZone: string): string {
  return localMidnight(addDays(addMonths(localDate(earnedAt, timeZone), settings.afterMonths), 1), timeZone);
}

/** When an expiry date is announced: `noticeDays` local days before (the day of the expiry is the one before its end). */
function noticeAt(settings: PointsExpirySettings, expiresAt: string, timeZone: string): string {
  const lastDay = localDate(new Date(instantOf(expiresAt) - 1).toISOString(), timeZone);
  return localMidnight(addDays(lastDay, 1 - settings.noticeDays), timeZone);
}

/** The open lots that expire, by expiry instant. */
function expiries(lots: Lots): Map<string, Lot[]> {
  const byDate = new Map<string, Lot[]>();
  for (const lot of lots.values()) {
    if (lot.expiresAt === null || leftIn(lot) <= 0) continue;
    const same = byDate.get(lot.expiresAt);
    if (same) same.push(lot);
    else byDate.set(lot.expiresAt, [lot]);
  }
  return byDate;
}

/** When an expiry date's notice falls due: never before its lots were earned (a notice period made longer since). */
function noticeDue(settings: PointsExpirySettings, expiresAt: string, lots: readonly Lot[], timeZone: string): string {
  const notice = noticeAt(settings, expiresAt, timeZone);
  const firstEarned = lots.reduce((first, lot) => earlier(first, lot.earnedAt), null as string | null)!;
  return instantOf(notice) < instantOf(firstEarned) ? firstEarned : notice;
}

const leftOf = (lots: readonly Lot[]): LotPoints[] => lots.map((lot) => ({ lotId: lot.lotId, points: leftIn(lot), expiresAt: lot.expiresAt! }));
const total = (lots: readonly LotPoints[]) => lots.reduce((sum, lot) => sum + lot.points, 0);
const earlier = (a: string | null, b: string) => (a === null || instantOf(b) < instantOf(a) ? b : a);

export const pointsExpiry: Rule<ExpiryTypes> = {
  name: 'pointsExpiry',
  description: 'Points expire at the end of the local day afterMonths after they were earned, announced noticeDays before (absent: points never expire)',
  optional: true,
  settings: {
    example: { afterMonths: 12, noticeDays: 30 },
    schema: objectOf<PointsExpirySettings>('Points expiry', {
      afterMonths: integerSchema('Months a lot of points lasts', 1, 120),
      noticeDays: integerSchema('Days before an expiry that the member is told (0: not told)', 0, 365),
    }),
    validate(settings, _program, fail) {
      if (!Number.isSafeInteger(settings.afterMonths) || settings.afterMonths < 1) fail('pointsExpiry.afterMonths', 'must be a whole number of months, at least 1');
      if (!Number.isSafeInteger(settings.noticeDays) || settings.noticeDays < 0) fail('pointsExpiry.noticeDays', 'must be a whole number of days, not negative');
      // A notice longer than the shortest month span would come before the points were earned.
      if (settings.noticeDays >= settings.afterMonths * 28) fail('pointsExpiry.noticeDays', `must be shorter than the ${settings.afterMonths} months points last`);
    },
  },
  events: {
    PointsExpiringSoon: {
      description: 'Points of the member that will expire on one date; recorded noticeDays before, once per date, so the member can be told.',
      fields: {
        points: countSchema('Points that will expire then, unless spent.'),
        expiresAt: dateTimeSchema('When they expire (RFC 3339): the end of a local day.'),
        lots: {
          type: 'array',
          description: 'The lots that expire then, with their points left.',
          items: {
            type: 'object',
            description: 'Points of one lot.',
            properties: { lotId: { type: 'integer', minimum: 1, description: 'The lot.' }, points: countSchema('Its points left.'), expiresAt: dateTimeSchema('When it expires.') },
            required: ['lotId', 'points'],
            additionalProperties: false,
          },
        },
        occurredAt: OCCURRED_AT_SCHEMA,
        programRevision: PROGRAM_REVISION_SCHEMA,
      },
    },
  },
  slice: {
    initial: () => ({ noticed: new Set() }),
    evolve: {
      PointsExpiringSoon: (slice, { data }) => ({ noticed: new Set(slice.noticed).add(data.expiresAt) }),
    },
  },
  time: {
    next({ customer, slice, settings, program }) {
      let next: string | null = null;
      for (const [expiresAt, lots] of expiries(customer.lots)) {
        next = earlier(next, expiresAt);
        if (settings.noticeDays > 0 && !slice.noticed.has(expiresAt)) next = earlier(next, noticeDue(settings, expiresAt, lots, program.rules.timeZone));
      }
      return next;
    },
    // A new lot's expiry, or lots given points back by a cancelled redemption (whose expiry may have left the schedule when they were spent).
    announces(event, settings, program) {
      const expiries =
        event.type === 'PointsEarned' ? (event.data.expiresAt === undefined ? [] : [event.data.expiresAt]) : event.type === 'RedemptionCancelled' ? (event.data.lots ?? []).flatMap((lot) => (lot.expiresAt === undefined ? [] : [lot.expiresAt])) : [];
      let announced: string | null = null;
      for (const expiresAt of expiries) {
        announced = earlier(announced, expiresAt);
        if (settings.noticeDays > 0) announced = earlier(announced, noticeAt(settings, expiresAt, program.rules.timeZone));
      }
      return announced;
    },
  },
  till: ({ customer }) => ({ expiring: expiring(customer.lots).slice(0, EXPIRING_AT_THE_TILL) }),
  on: {
    time({ at, customer, slice, settings, program }) {
      const decided: Array<PointsExpiringSoon | PointsExpired> = [];
      const atMs = instantOf(at);
      for (const [expiresAt, lots] of expiries(customer.lots)) {
        if (instantOf(expiresAt) <= atMs) {
          const expired = leftOf(lots);
          decided.push({ type: 'PointsExpired', data: { points: total(expired), lots: expired, occurredAt: expiresAt, programRevision: program.revision } });
        } else if (settings.noticeDays > 0 && !slice.noticed.has(expiresAt) && instantOf(noticeDue(settings, expiresAt, lots, program.rules.timeZone)) <= atMs) {
          const expiring = leftOf(lots);
          decided.push({ type: 'PointsExpiringSoon', data: { points: total(expiring), expiresAt, lots: expiring, occurredAt: at, programRevision: program.revision } });
        }
      }
      return decided;
    },
    // Points given back to lots that have expired meanwhile expire at once.
    cancellation({ cancellation, after, program }) {
      const now = instantOf(cancellation.occurredAt);
      const lots = after().lots;
      const expired: LotPoints[] = [];
      for (const { lotId, points } of cancellation.lots ?? []) {
        const lot = lots.get(lotId);
        if (lot?.expiresAt && instantOf(lot.expiresAt) <= now) expired.push({ lotId, points: Math.min(points, leftIn(lot)), expiresAt: lot.expiresAt });
      }
      if (expired.length === 0) return [];
      return [{ type: 'PointsExpired', data: { points: total(expired), lots: expired, occurredAt: cancellation.occurredAt, programRevision: program.revision } }];
    },
  },
};
