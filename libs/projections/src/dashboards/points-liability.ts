import type { ReadDocument } from '@setia/read-store';
import { NO_TIER } from '../documents';
import type { Dashboard } from './dashboard';
import { addCounters, publicFields, rate, sum } from './dashboard';

/** Points of members, by the tier they hold; `tier` is NO_TIER for customers who are not members. */
export interface PointsLiabilityDoc extends ReadDocument {
  tenant: string;
  tier: string;
  outstanding: number;
  earned: number;
  redeemed: number;
  reversed: number;
  expired: number;
}

const COLLECTION = 'points_liability';
export const POINTS_LIABILITY_COUNTERS = ['outstanding', 'earned', 'redeemed', 'reversed', 'expired'] as const satisfies ReadonlyArray<keyof PointsLiabilityDoc>;

type Counters = Parameters<typeof addCounters<PointsLiabilityDoc>>[3];
const tier = (tenant: string, name: string | null, counters: Counters) => addCounters<PointsLiabilityDoc>(COLLECTION, { tenant, tier: name ?? NO_TIER }, POINTS_LIABILITY_COUNTERS, counters);

interface Liability {
  outstanding: number;
  earned: number;
  redeemed: number;
  reversed: number;
  expired: number;
  redemptionRate: number | null;
  byTier: Array<Omit<PointsLiabilityDoc, '_id' | '_position' | 'tenant'>>;
}

export const pointsLiabilityDashboard: Dashboard<PointsLiabilityDoc, Liability> = {
  name: 'points-liability',
  collection: COLLECTION,
  period: null,
  sort: ['tier'],
  indexes: [{ collection: COLLECTION, fields: [['tenant', 1]] }],
  on: {
    // A customer's points move with them from "no tier" to the tier they enrol in, and between tiers.
    CustomerEnrolled: ({ data }, before) => (before.points === 0 ? [] : [tier(before.tenant, null, { outstanding: -before.points }), tier(before.tenant, data.tier, { outstanding: before.points })]),
    TierChanged: ({ data }, before) => [tier(before.tenant, data.from, { outstanding: -before.points }), tier(before.tenant, data.to, { outstanding: before.points })],
    PointsEarned: ({ data }, before) => [tier(before.tenant, before.tier, { outstanding: data.points, earned: data.points })],
    PointsReversed: ({ data }, before) => [tier(before.tenant, before.tier, { outstanding: -data.points, reversed: data.points })],
    PointsExpired: ({ data }, before) => [tier(before.tenant, before.tier, { outstanding: -data.points, expired: data.points })],
    RewardRedeemed: ({ data }, before) => [tier(before.tenant, before.tier, { outstanding: -data.points, redeemed: data.points })],
    RedemptionCancelled: ({ data }, before) => [tier(before.tenant, before.tier, { outstanding: data.points, redeemed: -data.points })],
  },
  answer(rows) {
    const earned = sum(rows, 'earned');
    const redeemed = sum(rows, 'redeemed');
    return {
      outstanding: sum(rows, 'outstanding'),
      earned,
      redeemed,
      reversed: sum(rows, 'reversed'),
      expired: sum(rows, 'expired'),
      redemptionRate: rate(redeemed, earned),
      byTier: rows.map(publicFields),
    };
  },
};
