import type { ReadDocument } from '@setia/read-store';
import { NO_STORE } from '../documents';
import { localMonth } from '@setia/domain';
import type { Dashboard } from './dashboard';
import { addCounters, addUp, byPeriodAndStore, rate, totalOf } from './dashboard';

/** Buyer → repeat customer → member, per month and store: purchases at their store, enrolments at the home store. */
export interface FunnelDoc extends ReadDocument {
  tenant: string;
  month: string;
  storeId: string;
  /** Customers whose first purchase was in the month. */
  newBuyers: number;
  /** Customers whose second purchase was in the month. */
  newRepeatCustomers: number;
  newMembers: number;
  /** New members of the month who had bought before enrolling. */
  newMembersWhoBought: number;
}

const COLLECTION = 'funnel_monthly';
export const FUNNEL_COUNTERS = ['newBuyers', 'newRepeatCustomers', 'newMembers', 'newMembersWhoBought'] as const satisfies ReadonlyArray<keyof FunnelDoc>;

type Counters = Parameters<typeof addCounters<FunnelDoc>>[3];
const month = (tenant: string, when: string, storeId: string, counters: Counters) => addCounters<FunnelDoc>(COLLECTION, { tenant, month: when, storeId }, FUNNEL_COUNTERS, counters);

type Totals = Record<(typeof FUNNEL_COUNTERS)[number], number>;
const conversion = (row: Totals) => ({
  buyerToRepeatRate: rate(row.newRepeatCustomers, row.newBuyers),
  buyerToMemberRate: rate(row.newMembersWhoBought, row.newBuyers),
});

export const funnelDashboard: Dashboard<FunnelDoc, { totals: Totals & ReturnType<typeof conversion>; months: Array<Record<string, unknown>> }> = {
  name: 'funnel',
  collection: COLLECTION,
  period: 'month',
  sort: ['month', 'storeId'],
  indexes: [byPeriodAndStore(COLLECTION, 'month')],
  on: {
    CustomerEnrolled: ({ data }, before, zoneOf) => [
      month(before.tenant, localMonth(data.enrolledAt, zoneOf(data.homeStoreId)), data.homeStoreId ?? NO_STORE, { newMembers: 1, newMembersWhoBought: before.purchaseCount > 0 ? 1 : 0 }),
    ],
    PurchaseRecorded: ({ data }, before, zoneOf) => {
      if (before.purchaseCount > 1) return [];
      const when = localMonth(data.occurredAt, zoneOf(data.storeId));
      return [month(before.tenant, when, data.storeId, before.purchaseCount === 0 ? { newBuyers: 1 } : { newRepeatCustomers: 1 })];
    },
  },
  answer(rows) {
    const months = addUp(rows, 'month', FUNNEL_COUNTERS);
    const totals = totalOf(months, FUNNEL_COUNTERS);
    return { totals: { ...totals, ...conversion(totals) }, months: months.map((row) => ({ ...row, ...conversion(row) })) };
  },
};
