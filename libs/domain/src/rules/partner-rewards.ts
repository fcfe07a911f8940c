import type { RewardRedeemed } from '../customer.events';
import { OCCURRED_AT_SCHEMA, PROGRAM_REVISION_SCHEMA, STORE_ID_SCHEMA } from '../customer.events';
import { CustomerNotFound, DomainError, IdAlreadyUsed, InsufficientPoints, NotAMember, UnknownReward, UnknownStore } from '../errors';
import { arrayOf, countSchema, idSchema, integerSchema, nonEmptyTextSchema, objectOf, textSchema } from '../json-schema';
import { PersistentMap } from '../persistent-map';
import type { ProgramVersion } from '../program';
import { findStore, isPositiveInteger } from '../program';
import type { Rule } from './rule';

/**
 * Partner rewards: gift cards of other (non-competing) businesses, bought with points. Each partner
 * has a pool of codes an admin uploads (the application keeps them encrypted, in the partner's own
 * stream, numbered by slot); a redemption takes the slot the application found free, and the
 * slot is claimed with the redemption's events, so a code is never given twice. An empty pool
 * refuses the redemption before any points are taken. A cancelled redemption gives the points back
 * and burns the code: it is given to no one again.
 */

export interface Partner {
  partnerId: string;
  name: string;
}

export interface PartnerReward {
  rewardId: string;
  points: number;
  partnerId: string;
}

export interface PartnerRewardsSettings {
  partners: Partner[];
  rewards: PartnerReward[];
}

/** The partner's code in `slot` of its pool went to the member with the redemption that follows. */
export type PartnerCodeGiven = {
  type: 'PartnerCodeGiven';
  data: { redemptionId: string; rewardId: string; partnerId: string; slot: number; points: number; storeId: string; occurredAt: string; programRevision: number };
};

/** A till redeems a partner reward; `slot`: the free slot of the partner's pool the application found, null when none is left. */
export type RedeemPartnerReward = {
  type: 'RedeemPartnerReward';
  data: { redemptionId: string; customerId: string; rewardId: string; storeId: string; slot: number | null; now: string; program: ProgramVersion };
};

/** The partner has no code left to give. */
export class PartnerPoolEmpty extends DomainError {
  readonly category = 'conflict';
  constructor(partnerId: string) {
    super(`rewardId: partner ${partnerId} has no code left to give`, 'rewardId');
  }
}

export function findPartnerReward(settings: PartnerRewardsSettings | undefined, rewardId: string): PartnerReward | undefined {
  return settings?.rewards.find((reward) => reward.rewardId === rewardId);
}

type PartnerRewardsTypes = {
  name: 'partnerRewards';
  settings: PartnerRewardsSettings;
  optional: true;
  /** The codes given to the member, by redemption. */
  slice: PersistentMap<string, { partnerId: string; slot: number }>;
  events: PartnerCodeGiven;
  commands: RedeemPartnerReward;
};

export const partnerRewards: Rule<PartnerRewardsTypes> = {
  name: 'partnerRewards',
  description: 'Partner rewards: gift cards of partner businesses bought with points, from each partner\'s pool of codes (absent: none)',
  optional: true,
  settings: {
    example: { partners: [{ partnerId: 'BIOSKOP', name: 'Bioskop Nusantara' }], rewards: [{ rewardId: 'MOVIE-TICKET', points: 300, partnerId: 'BIOSKOP' }] },
    schema: objectOf<PartnerRewardsSettings>('Partner rewards', {
      partners: arrayOf('The partners whose codes members may get', objectOf<Partner>('A partner', { partnerId: idSchema('Partner id'), name: textSchema('Partner name', 120) }), { maxItems: 1_000 }),
      rewards: arrayOf(
        'Partner rewards members redeem points for',
        objectOf<PartnerReward>('A partner reward', {
          rewardId: idSchema('Reward id, unique across the catalogue, the vouchers and these'),
          points: integerSchema('Points the reward costs', 1, 1_000_000_000),
          partnerId: idSchema('The partner whose code the member gets'),
        }),
        { maxItems: 10_000 },
      ),
    }),
    validate(settings, program, fail) {
      const partners = new Set<string>();
      settings.partners.forEach((partner, i) => {
        if (partners.has(partner.partnerId)) fail(`partnerRewards.partners[${i}].partnerId`, `partner ${partner.partnerId} appears twice`);
        partners.add(partner.partnerId);
      });
      const core = program as { rewards?: Array<{ rewardId: string }>; vouchers?: Array<{ rewardId: string }> };
      const ids = new Set<string>([...(core.rewards ?? []), ...(core.vouchers ?? [])].map((reward) => reward.rewardId));
      settings.rewards.forEach((reward, i) => {
        if (ids.has(reward.rewardId)) fail(`partnerRewards.rewards[${i}].rewardId`, `reward ${reward.rewardId} appears twice`);
        ids.add(reward.rewardId);
        if (!isPositiveInteger(reward.points)) fail(`partnerRewards.rewards[${i}].points`, 'must be a positive whole number of points');
        if (!partners.has(reward.partnerId)) fail(`partnerRewards.rewards[${i}].partnerId`, `partner ${reward.partnerId} is not among the program's partners`);
      });
    },
  },
  events: {
    PartnerCodeGiven: {
      description: 'A partner\'s gift-card code went to the member with a redemption (RewardRedeemed follows). The code itself is never published: the slot names it in the partner\'s pool.',
      fields: {
        redemptionId: nonEmptyTextSchema('The redemption.'),
        rewardId: nonEmptyTextSchema('The partner reward.'),
        partnerId: nonEmptyTextSchema('The partner.'),
        slot: countSchema('The code\'s slot in the partner\'s pool (from 0, in upload order).'),
        points: countSchema('Points the reward cost.'),
        storeId: STORE_ID_SCHEMA,
        occurredAt: OCCURRED_AT_SCHEMA,
        programRevision: PROGRAM_REVISION_SCHEMA,
      },
    },
  },
  slice: {
    initial: () => PersistentMap.empty(),
    evolve: {
      PartnerCodeGiven: (slice, { data }) => slice.with(data.redemptionId, { partnerId: data.partnerId, slot: data.slot }),
    },
  },
  on: {},
  commands: {
    RedeemPartnerReward: {
      decide({ data }, { customer }) {
        const recorded = customer.redemptions.get(data.redemptionId);
        if (recorded) {
          if (recorded.redeemed.rewardId === data.rewardId && recorded.redeemed.storeId === data.storeId) return [];
          throw new IdAlreadyUsed('redemptionId', data.redemptionId);
        }
        if (!customer.known) throw new CustomerNotFound(data.customerId);
        if (!customer.member) throw new NotAMember(data.customerId);
        if (!findStore(data.program.rules, data.storeId)) throw new UnknownStore(data.storeId);
        const reward = findPartnerReward(data.program.rules.partnerRewards, data.rewardId);
        if (!reward) throw new UnknownReward(data.rewardId);
        if (customer.points < reward.points) throw new InsufficientPoints(customer.points, reward.points);
        if (data.slot === null) throw new PartnerPoolEmpty(reward.partnerId);
        const { redemptionId, rewardId, storeId, now, program } = data;
        const given: PartnerCodeGiven = {
          type: 'PartnerCodeGiven',
          data: { redemptionId, rewardId, partnerId: reward.partnerId, slot: data.slot, points: reward.points, storeId, occurredAt: now, programRevision: program.revision },
        };
        const redeemed: RewardRedeemed = {
          type: 'RewardRedeemed',
          data: { redemptionId, rewardId, storeId, points: reward.points, occurredAt: now, programRevision: program.revision },
        };
        return [given, redeemed];
      },
      rebuild(first, customerId, program) {
        if (first.type !== 'PartnerCodeGiven') return undefined;
        const { redemptionId, rewardId, storeId, slot, occurredAt } = first.data;
        return { type: 'RedeemPartnerReward', data: { redemptionId, customerId, rewardId, storeId, slot, now: occurredAt, program } };
      },
    },
  },
};
