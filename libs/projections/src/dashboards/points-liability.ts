import type { ReadDocument } from '@setia/read-store';
import { localMonth } from '@setia/domain';
import { NO_TIER } from '../documents';
import type { LotMove } from '../lot-moves';
import { lotLeft } from '../lot-moves';
import type { Dashboard, DashboardUpdate } from './dashboard';
import { addCounters, publicFields, rate, sum } from './dashboard';
import type { PointsExpiringDoc } from './points-expiring';

/** Points of members, by the tier they hold; `tier` is NO_TIER for customers who are not members. */
export interface PointsLiabilityDoc extends ReadDocument {
  tenant: string;
  tier: string;
  outstanding: number;
  earned: number;
  redeemed: number;
  reversed: number;
  expired: number;
  /** Of the lots closed (nothing left) while their holder held the tier: points redeemed and expired, for the breakage rate. */
  closedRedeemed: number;
  closedExpired: number;
}

const COLLECTION = 'points_liability';
export const POINTS_LIABILITY_COUNTERS = ['outstanding', 'earned', 'redeemed', 'reversed', 'expired', 'closedRedeemed', 'closedExpired'] as const satisfies ReadonlyArray<
  keyof PointsLiabilityDoc
>;

type Counters = Parameters<typeof addCounters<PointsLiabilityDoc>>[3];
const tier = (tenant: string, name: string | null, counters: Counters) => addCounters<PointsLiabilityDoc>(COLLECTION, { tenant, tier: name ?? NO_TIER }, POINTS_LIABILITY_COUNTERS, counters);

/** A lot that closed (nothing left) adds what it ended as; one that opened again (a cancellation) takes that back. */
function closings(tenant: string, tierName: string | null, moves: readonly LotMove[]): DashboardUpdate[] {
  const updates: DashboardUpdate[] = [];
  for (const { before, after } of moves) {
    const wasOpen = before.earned === 0 || lotLeft(before) > 0;
    const isOpen = lotLeft(after) > 0;
    if (wasOpen && !isOpen) updates.push(tier(tenant, tierName, { closedRedeemed: after.used, closedExpired: after.expired }));
    if (!wasOpen && isOpen) updates.push(tier(tenant, tierName, { closedRedeemed: -before.used, closedExpired: -before.expired }));
    if (!wasOpen && !isOpen) updates.push(tier(tenant, tierName, { closedRedeemed: after.used - before.used, closedExpired: after.expired - before.expired }));
  }
  return updates;
}

/** What points outstanding are worth, and what is expected of them (IFRS 15): see docs/read-models.md. */
interface Money {
  outstanding: number;
  /** outstanding × pointValue; null without a point value in the program. */
  value: number | null;
  /** expired ÷ (expired + redeemed) over the lots closed so far; null before any closed. */
  breakageRate: number | null;
  /** value × (1 − breakage rate): the revenue deferred for points still to be redeemed. */
  deferredRevenue: number | null;
  /** Points expiring in each of the next twelve months (the tenant's local months), from this one. */
  expiring: Array<{ month: string; points: number }>;
}

interface Liability extends Money {
  earned: number;
  redeemed: number;
  reversed: number;
  expired: number;
  redemptionRate: number | null;
  pointValue: number | null;
  byTier: Array<Omit<PointsLiabilityDoc, '_id' | '_position' | 'tenant'> & Money>;
}

/** The next twelve local months from `now`'s. */
function nextMonths(now: string, zone: string): string[] {
  const first = localMonth(now, zone);
  const [year, month] = first.split('-').map(Number);
  return Array.from({ length: 12 }, (_, k) => {
    const index = year * 12 + (month - 1) + k;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

function money(outstanding: number, closedRedeemed: number, closedExpired: number, pointValue: number | null, expiring: Array<{ month: string; points: number }>): Money {
  const breakageRate = rate(closedExpired, closedExpired + closedRedeemed);
  const value = pointValue === null ? null : outstanding * pointValue;
  return { outstanding, value, breakageRate, deferredRevenue: value === null ? null : Math.round(value * (1 - (breakageRate ?? 0))), expiring };
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
    PointsEarned: ({ data }, before, _zoneOf, moves) => [tier(before.tenant, before.tier, { outstanding: data.points, earned: data.points }), ...closings(before.tenant, before.tier, moves)],
    PointsReversed: ({ data }, before, _zoneOf, moves) => [tier(before.tenant, before.tier, { outstanding: -data.points, reversed: data.points }), ...closings(before.tenant, before.tier, moves)],
    PointsExpired: ({ data }, before, _zoneOf, moves) => [tier(before.tenant, before.tier, { outstanding: -data.points, expired: data.points }), ...closings(before.tenant, before.tier, moves)],
    RewardRedeemed: ({ data }, before, _zoneOf, moves) => [tier(before.tenant, before.tier, { outstanding: -data.points, redeemed: data.points }), ...closings(before.tenant, before.tier, moves)],
    RedemptionCancelled: ({ data }, before, _zoneOf, moves) => [tier(before.tenant, before.tier, { outstanding: data.points, redeemed: -data.points }), ...closings(before.tenant, before.tier, moves)],
  },
  async answer(rows, { program, now, rows: rowsOf }) {
    const pointValue = program?.pointValue ?? null;
    const months = nextMonths(now, program?.timeZone ?? 'UTC');
    const expiringRows = (await rowsOf('points_expiring', ['month', 'tier'])) as PointsExpiringDoc[];
    const expiringOf = (tierName?: string) =>
      months.map((month) => ({ month, points: expiringRows.filter((row) => row.month === month && (tierName === undefined || row.tier === tierName)).reduce((total, row) => total + row.points, 0) }));
    const earned = sum(rows, 'earned');
    const redeemed = sum(rows, 'redeemed');
    return {
      ...money(sum(rows, 'outstanding'), sum(rows, 'closedRedeemed'), sum(rows, 'closedExpired'), pointValue, expiringOf()),
      earned,
      redeemed,
      reversed: sum(rows, 'reversed'),
      expired: sum(rows, 'expired'),
      redemptionRate: rate(redeemed, earned),
      pointValue,
      byTier: rows.map((row) => ({ ...publicFields(row), ...money(row.outstanding, row.closedRedeemed, row.closedExpired, pointValue, expiringOf(row.tier)) })),
    };
  },
};
