import { instantOf, localMonth } from '@setia/domain';
import type { ReadDocument } from '@setia/read-store';
import { NO_TIER } from '../documents';
import type { LotMove } from '../lot-moves';
import { lotLeft } from '../lot-moves';
import type { ZoneOf } from '../program-profile';
import type { CustomerDoc, LotDoc } from '../read-models';
import type { Dashboard, DashboardUpdate } from './dashboard';
import { addCounters } from './dashboard';

/**
 * Points that will expire, by the tier of their holders and the local month of their expiry (the
 * tenant's time zone): what is left of every lot with an expiry. The points-liability answer reads
 * the next twelve months of it.
 */
export interface PointsExpiringDoc extends ReadDocument {
  tenant: string;
  tier: string;
  month: string;
  points: number;
}

const COLLECTION = 'points_expiring';
export const POINTS_EXPIRING_COUNTERS = ['points'] as const satisfies ReadonlyArray<keyof PointsExpiringDoc>;

/** A lot's expiry is the end of its last local day: the month is that day's. */
const monthOf = (expiresAt: string, zoneOf: ZoneOf) => localMonth(new Date(instantOf(expiresAt) - 1).toISOString(), zoneOf(undefined));

const expiring = (tenant: string, tier: string | null, month: string, points: number): DashboardUpdate =>
  addCounters<PointsExpiringDoc>(COLLECTION, { tenant, tier: tier ?? NO_TIER, month }, POINTS_EXPIRING_COUNTERS, { points });

/** The lots' changes of points left, in the months they expire. */
function changes(before: CustomerDoc, moves: readonly LotMove[], zoneOf: ZoneOf): DashboardUpdate[] {
  const updates: DashboardUpdate[] = [];
  for (const move of moves) {
    const change = lotLeft(move.after) - lotLeft(move.before);
    if (move.after.expiresAt !== null && change !== 0) updates.push(expiring(before.tenant, before.tier, monthOf(move.after.expiresAt, zoneOf), change));
  }
  return updates;
}

/** A customer's open lots with an expiry, moved from one tier's months to another's. */
function retiered(before: CustomerDoc, from: string | null, to: string, zoneOf: ZoneOf): DashboardUpdate[] {
  return before.lots
    .filter((lot): lot is LotDoc & { expiresAt: string } => lot.expiresAt !== null && lotLeft(lot) > 0)
    .flatMap((lot) => {
      const month = monthOf(lot.expiresAt, zoneOf);
      return [expiring(before.tenant, from, month, -lotLeft(lot)), expiring(before.tenant, to, month, lotLeft(lot))];
    });
}

export const pointsExpiringDashboard: Dashboard<PointsExpiringDoc, { months: Array<{ tier: string; month: string; points: number }> }> = {
  name: 'points-expiring',
  collection: COLLECTION,
  period: 'month',
  sort: ['month', 'tier'],
  indexes: [{ collection: COLLECTION, fields: [['tenant', 1], ['month', 1], ['tier', 1]] }],
  on: {
    PointsEarned: (_event, before, zoneOf, moves) => changes(before, moves, zoneOf),
    RewardRedeemed: (_event, before, zoneOf, moves) => changes(before, moves, zoneOf),
    RedemptionCancelled: (_event, before, zoneOf, moves) => changes(before, moves, zoneOf),
    PointsReversed: (_event, before, zoneOf, moves) => changes(before, moves, zoneOf),
    PointsExpired: (_event, before, zoneOf, moves) => changes(before, moves, zoneOf),
    CustomerEnrolled: ({ data }, before, zoneOf) => retiered(before, null, data.tier, zoneOf),
    TierChanged: ({ data }, before, zoneOf) => retiered(before, data.from, data.to, zoneOf),
  },
  answer: (rows) => ({ months: rows.map(({ tier, month, points }) => ({ tier, month, points })) }),
};
