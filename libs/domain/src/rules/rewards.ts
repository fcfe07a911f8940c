import type { RewardRedeemed } from '../customer.events';
import { InsufficientPoints } from '../errors';
import { arrayOf, idSchema, integerSchema, objectOf } from '../json-schema';
import { isPositiveInteger } from '../program';
import type { Rule } from './rule';

/** The rewards catalogue: what a member may redeem their points for, and at what price. */

export interface Reward {
  rewardId: string;
  points: number;
}

export function findReward(catalogue: readonly Reward[], rewardId: string): Reward | undefined {
  return catalogue.find((reward) => reward.rewardId === rewardId);
}

type RewardTypes = { name: 'rewards'; settings: Reward[] };

export const rewards: Rule<RewardTypes> = {
  name: 'rewards',
  description: 'The rewards catalogue: rewards members redeem their points for',
  settings: {
    example: [{ rewardId: 'COFFEE', points: 100 }],
    schema: arrayOf(
      'Reward catalogue',
      objectOf<Reward>('A reward', {
        rewardId: idSchema('Reward id in the catalogue'),
        points: integerSchema('Points the reward costs', 1, 1_000_000_000),
      }),
      { maxItems: 10_000 },
    ),
    validate(catalogue, _program, fail) {
      const ids = new Set<string>();
      catalogue.forEach((reward, i) => {
        if (ids.has(reward.rewardId)) fail(`rewards[${i}].rewardId`, `reward ${reward.rewardId} appears twice`);
        ids.add(reward.rewardId);
        if (!isPositiveInteger(reward.points)) fail(`rewards[${i}].points`, 'must be a positive whole number of points');
      });
    },
  },
  till: ({ settings, customer }) => ({
    // What a member could take at the till now; a buyer who has not enrolled redeems nothing.
    redeemable: customer.member ? settings.filter((reward) => reward.points <= customer.points).map(({ rewardId, points }) => ({ rewardId, points })) : [],
  }),
  on: {
    redemption({ redemption, customer, settings, program }): RewardRedeemed[] {
      const reward = findReward(settings, redemption.rewardId);
      if (!reward) return [];
      if (customer.points < reward.points) throw new InsufficientPoints(customer.points, reward.points);
      return [
        {
          type: 'RewardRedeemed',
          data: {
            redemptionId: redemption.redemptionId,
            rewardId: reward.rewardId,
            storeId: redemption.storeId,
            points: reward.points,
            occurredAt: redemption.now,
            programRevision: program.revision,
          },
        },
      ];
    },
  },
};
