import type { PointsEarned } from '../customer.events';
import { OCCURRED_AT_SCHEMA, PROGRAM_REVISION_SCHEMA, STORE_ID_SCHEMA } from '../customer.events';
import { NotAMember } from '../errors';
import { instantOf } from '../instant';
import { countSchema, dateTimeSchema, integerSchema, moneySchema, nonEmptyTextSchema, objectOf } from '../json-schema';
import { addDays, localDate, localMidnight } from '../local-time';
import { findStore, isNonNegativeInteger } from '../program';
import type { ProgramVersion } from '../program';
import type { Rule } from './rule';

/**
 * Referrals: a new customer (no purchase yet) enrols with a member's code. Their first purchase of
 * at least `minQualifyingPurchase` qualifies the referral: the friend gets `refereeBonus` with the
 * purchase, and the referral process manager sends the referrer's stream AwardReferrerBonus, which
 * pays `referrerBonus` once per friend.
 *
 * With `pendingDays` (the return window), both bonuses wait: the qualified referral is pending
 * until the end of the local day (the purchase's store) `pendingDays` after the purchase, when the
 * scheduler confirms it (ReferralConfirmed, the friend's bonus, then the referrer's); a return of
 * that purchase inside the window that brings it under `minQualifyingPurchase` cancels it
 * (ReferralCancelled), and the friend's later purchases do not qualify it again.
 */

export interface ReferralSettings {
  referrerBonus: number;
  refereeBonus: number;
  minQualifyingPurchase: number;
  /** Days the bonuses wait for returns of the qualifying purchase; absent or 0: paid at once. */
  pendingDays?: number;
}

/** In the referee's stream: the friend's purchase qualified; a process manager pays the referrer. */
export type ReferralQualified = {
  type: 'ReferralQualified';
  data: {
    referrerId: string;
    receiptId: string;
    storeId: string;
    referrerBonus: number;
    refereeBonus: number;
    /** When the bonuses wait for the return window: the instant it closes and they are confirmed. */
    confirmsAt?: string;
    occurredAt: string;
    programRevision: number;
  };
};

/** The return window of a pending referral closed: the bonuses are paid (the friend's follows, the referrer's by the process manager). */
export type ReferralConfirmed = {
  type: 'ReferralConfirmed';
  data: { referrerId: string; receiptId: string; storeId: string; referrerBonus: number; refereeBonus: number; occurredAt: string; programRevision: number };
};

/** A return inside the window brought the qualifying purchase under the minimum: no bonus is paid. */
export type ReferralCancelled = {
  type: 'ReferralCancelled';
  data: { referrerId: string; receiptId: string; returnId: string; storeId: string; occurredAt: string; programRevision: number };
};

/** Sent by the referral process manager to the referrer's stream when a friend qualified. */
export type AwardReferrerBonus = {
  type: 'AwardReferrerBonus';
  data: {
    refereeId: string;
    receiptId: string;
    /** The store of the friend's qualifying purchase. */
    storeId?: string;
    points: number;
    occurredAt: string;
    /** The program revision the friend's purchase was decided under: the bonus names it, and its lot's expiry follows it. */
    program: ProgramVersion;
  };
};

/** A qualified referral waiting for its return window to close. */
export interface PendingReferral {
  referrerId: string;
  receiptId: string;
  storeId: string;
  referrerBonus: number;
  refereeBonus: number;
  confirmsAt: string;
}

export interface ReferralSlice {
  /** This customer's own referral qualified (their first qualifying purchase was recorded). */
  qualified: boolean;
  /** Their referral, while its bonuses wait for the return window. */
  pending: PendingReferral | null;
  /** Friends whose qualifying purchase already paid this member a referrer bonus. */
  bonusFor: ReadonlySet<string>;
}

type ReferralTypes = {
  name: 'referral';
  settings: ReferralSettings;
  slice: ReferralSlice;
  events: ReferralQualified | ReferralConfirmed | ReferralCancelled;
  reasons: 'referral';
  commands: AwardReferrerBonus;
};

const bonus = (description: string) => integerSchema(description, 0, 1_000_000_000);

/** The window closes at the end of the local day (the purchase's store) `pendingDays` after the purchase. */
function windowCloses(pendingDays: number, occurredAt: string, storeId: string, program: ProgramVersion): string {
  const zone = findStore(program.rules, storeId)?.timeZone ?? program.rules.timeZone;
  return localMidnight(addDays(localDate(occurredAt, zone), pendingDays + 1), zone);
}

export const referral: Rule<ReferralTypes> = {
  name: 'referral',
  description: 'Referral bonuses, for the member who brought a friend and for the friend, on the friend\'s first qualifying purchase',
  settings: {
    example: { referrerBonus: 200, refereeBonus: 100, minQualifyingPurchase: 20_000_000, pendingDays: 14 },
    schema: objectOf<ReferralSettings>(
      'Referral rule',
      {
        referrerBonus: bonus('Points for the member who brought the friend'),
        refereeBonus: bonus('Points for the friend on their qualifying purchase'),
        minQualifyingPurchase: moneySchema('Smallest first purchase that qualifies the referral (integer minor units)'),
        pendingDays: integerSchema('Local days both bonuses wait for a return of the qualifying purchase (absent or 0: paid at once)', 0, 365),
      },
      ['pendingDays'],
    ),
    validate(settings, _program, fail) {
      for (const field of ['referrerBonus', 'refereeBonus', 'minQualifyingPurchase'] as const) {
        if (!isNonNegativeInteger(settings[field])) fail(`referral.${field}`, 'must be a whole number, not negative');
      }
      if (settings.pendingDays !== undefined && !(isNonNegativeInteger(settings.pendingDays) && settings.pendingDays <= 365)) {
        fail('referral.pendingDays', 'must be a whole number of days from 0 to 365');
      }
    },
  },
  reasons: ['referral'],
  events: {
    ReferralQualified: {
      description:
        'In the friend\'s (referee\'s) stream: the friend\'s purchase qualified the referral; the referrer\'s bonus follows as PointsEarned with reason referral in the referrer\'s stream.',
      fields: {
        referrerId: nonEmptyTextSchema('The member whose code brought the friend in.'),
        receiptId: nonEmptyTextSchema('The qualifying purchase.'),
        storeId: STORE_ID_SCHEMA,
        referrerBonus: countSchema('Points the referrer gets.'),
        refereeBonus: countSchema('Points the friend gets.'),
        confirmsAt: dateTimeSchema('When the bonuses wait for the return window: the end of it, when ReferralConfirmed pays them (absent: paid now).'),
        occurredAt: OCCURRED_AT_SCHEMA,
        programRevision: PROGRAM_REVISION_SCHEMA,
      },
      optional: ['confirmsAt'],
    },
    ReferralConfirmed: {
      description:
        'In the friend\'s stream: the return window of the qualifying purchase closed; the friend\'s bonus follows as PointsEarned, and the referrer\'s in the referrer\'s stream.',
      fields: {
        referrerId: nonEmptyTextSchema('The member whose code brought the friend in.'),
        receiptId: nonEmptyTextSchema('The qualifying purchase.'),
        storeId: STORE_ID_SCHEMA,
        referrerBonus: countSchema('Points the referrer gets.'),
        refereeBonus: countSchema('Points the friend gets.'),
        occurredAt: OCCURRED_AT_SCHEMA,
        programRevision: PROGRAM_REVISION_SCHEMA,
      },
    },
    ReferralCancelled: {
      description: 'In the friend\'s stream: a return inside the window brought the qualifying purchase under the minimum; neither bonus is paid.',
      fields: {
        referrerId: nonEmptyTextSchema('The member whose code brought the friend in.'),
        receiptId: nonEmptyTextSchema('The qualifying purchase.'),
        returnId: nonEmptyTextSchema('The return.'),
        storeId: STORE_ID_SCHEMA,
        occurredAt: OCCURRED_AT_SCHEMA,
        programRevision: PROGRAM_REVISION_SCHEMA,
      },
    },
  },
  slice: {
    initial: () => ({ qualified: false, pending: null, bonusFor: new Set() }),
    evolve: {
      ReferralQualified: (slice, { data }) => ({
        ...slice,
        qualified: true,
        pending:
          data.confirmsAt === undefined
            ? null
            : { referrerId: data.referrerId, receiptId: data.receiptId, storeId: data.storeId, referrerBonus: data.referrerBonus, refereeBonus: data.refereeBonus, confirmsAt: data.confirmsAt },
      }),
      ReferralConfirmed: (slice) => ({ ...slice, pending: null }),
      ReferralCancelled: (slice) => ({ ...slice, pending: null }),
      PointsEarned: (slice, { data }) =>
        data.reason === 'referral' && data.refereeId ? { ...slice, bonusFor: new Set(slice.bonusFor).add(data.refereeId) } : slice,
    },
  },
  on: {
    purchase({ purchase, customer, slice, settings, program }) {
      const referrer = customer.member?.referredBy;
      if (!referrer || customer.tier === null || slice.qualified || purchase.total < settings.minQualifyingPurchase) return [];
      const { receiptId, storeId, occurredAt } = purchase;
      const pendingDays = settings.pendingDays ?? 0;
      const qualified: ReferralQualified = {
        type: 'ReferralQualified',
        data: {
          referrerId: referrer.customerId,
          receiptId,
          storeId,
          referrerBonus: settings.referrerBonus,
          refereeBonus: settings.refereeBonus,
          ...(pendingDays > 0 && { confirmsAt: windowCloses(pendingDays, occurredAt, storeId, program) }),
          occurredAt,
          programRevision: program.revision,
        },
      };
      if (settings.refereeBonus <= 0 || pendingDays > 0) return [qualified];
      const refereeBonus: PointsEarned<'referral'> = {
        type: 'PointsEarned',
        data: { reason: 'referral', points: settings.refereeBonus, receiptId, storeId, occurredAt, programRevision: program.revision },
      };
      return [qualified, refereeBonus];
    },
    return({ goodsBack, receipt, slice, settings, program }): ReferralCancelled[] {
      const { pending } = slice;
      if (!pending || pending.receiptId !== goodsBack.receiptId || instantOf(goodsBack.occurredAt) >= instantOf(pending.confirmsAt)) return [];
      if (receipt.total - receipt.returned - goodsBack.amount >= settings.minQualifyingPurchase) return [];
      const { receiptId, returnId, storeId, occurredAt } = goodsBack;
      return [{ type: 'ReferralCancelled', data: { referrerId: pending.referrerId, receiptId, returnId, storeId, occurredAt, programRevision: program.revision } }];
    },
    time({ at, slice, program }) {
      const { pending } = slice;
      if (!pending || instantOf(pending.confirmsAt) !== instantOf(at)) return [];
      const { referrerId, receiptId, storeId, referrerBonus, refereeBonus } = pending;
      const confirmed: ReferralConfirmed = { type: 'ReferralConfirmed', data: { referrerId, receiptId, storeId, referrerBonus, refereeBonus, occurredAt: at, programRevision: program.revision } };
      if (refereeBonus <= 0) return [confirmed];
      return [confirmed, { type: 'PointsEarned', data: { reason: 'referral', points: refereeBonus, receiptId, storeId, occurredAt: at, programRevision: program.revision } }];
    },
  },
  time: {
    next: ({ slice }) => slice.pending?.confirmsAt ?? null,
    announces: (event) => (event.type === 'ReferralQualified' ? (event.data.confirmsAt ?? null) : null),
  },
  commands: {
    AwardReferrerBonus: {
      decide({ data }, { customer, slice }) {
        if (slice.bonusFor.has(data.refereeId) || data.points <= 0) return [];
        if (!customer.member) throw new NotAMember('referrer');
        return [
          {
            type: 'PointsEarned',
            data: {
              reason: 'referral',
              points: data.points,
              receiptId: data.receiptId,
              refereeId: data.refereeId,
              ...(data.storeId !== undefined && { storeId: data.storeId }),
              occurredAt: data.occurredAt,
              programRevision: data.program.revision,
            },
          },
        ];
      },
      rebuild(first, _customerId, program) {
        if (first.type !== 'PointsEarned') return undefined;
        const { data } = first;
        if (data.reason !== 'referral' || data.refereeId === undefined || data.receiptId === undefined) return undefined;
        return {
          type: 'AwardReferrerBonus',
          data: {
            refereeId: data.refereeId,
            receiptId: data.receiptId,
            ...(data.storeId !== undefined && { storeId: data.storeId }),
            points: data.points,
            occurredAt: data.occurredAt,
            program,
          },
        };
      },
    },
  },
};
