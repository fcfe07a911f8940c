import type { ReadDocument } from '@setia/read-store';
import { docId } from '../documents';
import { localMonth, monthsBetween } from '@setia/domain';
import type { Dashboard, DashboardUpdate } from './dashboard';
import { byPeriodAndStore, rate } from './dashboard';

/** Cohort retention: customers by the month and store of their first purchase, active in each month after. */
export interface CohortDoc extends ReadDocument {
  tenant: string;
  cohortMonth: string;
  /** The store of the cohort's first purchases. */
  storeId: string;
  /** Customers whose first purchase was in the cohort month. */
  customers: number;
  /** active[k]: distinct customers of the cohort who bought in the k-th month after it. */
  active: number[];
}

const COLLECTION = 'cohorts';

/** The customer of the cohort counted as active `monthsSince` months after the cohort month. */
function cohortActive(tenant: string, cohortMonth: string, storeId: string, monthsSince: number, newCustomer: boolean): DashboardUpdate {
  const id = docId(tenant, cohortMonth, storeId);
  return {
    collection: COLLECTION,
    id,
    apply(doc) {
      const cohort = (doc as CohortDoc | null) ?? { _id: id, _position: '', tenant, cohortMonth, storeId, customers: 0, active: [] };
      const active = [...cohort.active];
      while (active.length <= monthsSince) active.push(0);
      active[monthsSince] += 1;
      return { ...cohort, customers: cohort.customers + (newCustomer ? 1 : 0), active };
    },
  };
}

interface Cohort {
  cohortMonth: string;
  customers: number;
  active: number[];
  /** active[k] ÷ customers. */
  retention: Array<number | null>;
}

export const cohortsDashboard: Dashboard<CohortDoc, { cohorts: Cohort[] }> = {
  name: 'cohorts',
  collection: COLLECTION,
  period: 'cohortMonth',
  sort: ['cohortMonth', 'storeId'],
  indexes: [byPeriodAndStore(COLLECTION, 'cohortMonth')],
  on: {
    PurchaseRecorded: ({ data }, before, zoneOf) => {
      const month = localMonth(data.occurredAt, zoneOf(data.storeId));
      if (before.purchaseMonths.includes(month)) return [];
      const cohortMonth = before.cohortMonth ?? month;
      const monthsSince = monthsBetween(cohortMonth, month);
      // A purchase dated before the cohort month (a till posting late) has no column to count in.
      if (monthsSince < 0) return [];
      return [cohortActive(before.tenant, cohortMonth, before.cohortStoreId ?? data.storeId, monthsSince, before.purchaseCount === 0)];
    },
  },
  answer(rows) {
    // A cohort's stores added up: the answer is per month.
    const cohorts = new Map<string, { cohortMonth: string; customers: number; active: number[] }>();
    for (const { cohortMonth, customers, active } of rows) {
      const cohort = cohorts.get(cohortMonth) ?? { cohortMonth, customers: 0, active: [] };
      cohort.customers += customers;
      active.forEach((count, k) => (cohort.active[k] = (cohort.active[k] ?? 0) + count));
      cohorts.set(cohortMonth, cohort);
    }
    return {
      cohorts: [...cohorts.values()].map(({ cohortMonth, customers, active }) => ({ cohortMonth, customers, active, retention: active.map((count) => rate(count, customers)) })),
    };
  },
};
