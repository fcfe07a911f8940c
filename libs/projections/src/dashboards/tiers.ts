import type { ReadDocument } from '@setia/read-store';
import type { Dashboard } from './dashboard';
import { addCounters, sum } from './dashboard';

/** Members per tier. */
export interface TierDoc extends ReadDocument {
  tenant: string;
  tier: string;
  members: number;
}

const COLLECTION = 'tiers';
export const TIER_COUNTERS = ['members'] as const satisfies ReadonlyArray<keyof TierDoc>;

const members = (tenant: string, tier: string, count: number) => addCounters<TierDoc>(COLLECTION, { tenant, tier }, TIER_COUNTERS, { members: count });

export const tiersDashboard: Dashboard<TierDoc, { members: number; tiers: Array<{ tier: string; members: number }> }> = {
  name: 'tiers',
  collection: COLLECTION,
  period: null,
  sort: ['tier'],
  indexes: [{ collection: COLLECTION, fields: [['tenant', 1]] }],
  on: {
    CustomerEnrolled: (event, before) => [members(before.tenant, event.data.tier, 1)],
    TierChanged: (event, before) => [members(before.tenant, event.data.from, -1), members(before.tenant, event.data.to, 1)],
  },
  answer: (rows) => ({ members: sum(rows, 'members'), tiers: rows.map(({ tier, members: count }) => ({ tier, members: count })) }),
};
