import type { PointsEarned } from '../customer.events';
import { OCCURRED_AT_SCHEMA, PROGRAM_REVISION_SCHEMA, STORE_ID_SCHEMA } from '../customer.events';
import { NotAMember } from '../errors';
import { countSchema, integerSchema, moneySchema, nonEmptyTextSchema, objectOf } from '../json-schema';
import { isNonNegativeInteger } from '../program';
import type { ProgramVersion } from '../program';
import type { Rule } from './rule';

/**
 * Referrals: a new customer (no purchase yet) enrols with a member's code. Their first purchase of
 * at least `minQualifyingPurchase` qualifies the referral: the friend gets `refereeBonus` with the
 * purchase, and the referral process manager sends the referrer's stream AwardReferrerBonus, which
 * pays `referrerBonus` once per friend.
 */

export interface ReferralSettings {
  referrerBonus: number;
  refereeBonus: number;
  minQualifyingPurchase: number;
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
    occurredAt: string;
    programRevision: number;
  };
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

export interface ReferralSlice {
  /** This customer's own referral qualified (their first qualifying purchase was recorded). */
  qualified: boolean;
  /** Friends whose qualifying purchase already paid this member a referrer bonus. */
  bonusFor: ReadonlySet<string>;
}

type ReferralTypes = {
  name: 'referral';
  settings: ReferralSettings;
  slice: ReferralSlice;
  events: ReferralQualified;
  reasons: 'referral';
  commands: AwardReferrerBonus;
};

const bonus = (description: string) => integerSchema(description, 0, 1_000_000_000);

export const referral: Rule<ReferralTypes> = {
  name: 'referral',
  description: 'Referral bonuses, for the member who brought a friend and for the friend, on the friend\'s first qualifying purchase',
  settings: {
    example: { referrerBonus: 200, refereeBonus: 100, minQualifyingPurchase: 20_000_000 },
    schema: objectOf<ReferralSettings>('Referral rule', {
      referrerBonus: bonus('Points for the member who brought the friend'),
      refereeBonus: bonus('Points for the friend on their qualifying purchase'),
      minQualifyingPurchase: moneySchema('Smallest first purchase that qualifies the referral (integer minor units)'),
    }),
    validate(settings, _program, fail) {
      for (const field of ['referrerBonus', 'refereeBonus', 'minQualifyingPurchase'] as const) {
        if (!isNonNegativeInteger(settings[field])) fail(`referral.${field}`, 'must be a whole number, not negative');
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
        occurredAt: OCCURRED_AT_SCHEMA,
        programRevision: PROGRAM_REVISION_SCHEMA,
      },
    },
  },
  slice: {
    initial: () => ({ qualified: false, bonusFor: new Set() }),
    evolve: {
      ReferralQualified: (slice) => ({ ...slice, qualified: true }),
      PointsEarned: (slice, { data }) =>
        data.reason === 'referral' && data.refereeId ? { ...slice, bonusFor: new Set(slice.bonusFor).add(data.refereeId) } : slice,
    },
  },
  on: {
    purchase({ purchase, customer, slice, settings, program }) {
      const referrer = customer.member?.referredBy;
      if (!referrer || customer.tier === null || slice.qualified || purchase.total < settings.minQualifyingPurchase) return [];
      const { receiptId, storeId, occurredAt } = purchase;
      const qualified: ReferralQualified = {
        type: 'ReferralQualified',
        data: {
          referrerId: referrer.customerId,
          receiptId,
          storeId,
          referrerBonus: settings.referrerBonus,
          refereeBonus: settings.refereeBonus,
          occurredAt,
          programRevision: program.revision,
        },
      };
      if (settings.refereeBonus <= 0) return [qualified];
      const refereeBonus: PointsEarned<'referral'> = {
        type: 'PointsEarned',
        data: { reason: 'referral', points: settings.refereeBonus, receiptId, storeId, occurredAt, programRevision: program.revision },
      };
      return [qualified, refereeBonus];
    },
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
