import type { ReadDocument } from '@setia/read-store';
import { localMonth } from '@setia/domain';
import type { Dashboard } from './dashboard';
import { addCounters, byPeriodAndStore, publicFields, rate } from './dashboard';

/** Purchases per customer and repeat purchases, per store and month. */
export interface PurchaseFrequencyDoc extends ReadDocument {
  tenant: string;
  storeId: string;
  month: string;
  purchases: number;
  uniqueCustomers: number;
  /** Customers with two or more purchases at the store in the month. */
  repeatCustomers: number;
}

const COLLECTION = 'purchase_frequency';
export const PURCHASE_FREQUENCY_COUNTERS = ['purchases', 'uniqueCustomers', 'repeatCustomers'] as const satisfies ReadonlyArray<keyof PurchaseFrequencyDoc>;

type Month = Omit<PurchaseFrequencyDoc, '_id' | '_position' | 'tenant'> & { purchasesPerCustomer: number | null; repeatPurchaseRate: number | null };

export const purchaseFrequencyDashboard: Dashboard<PurchaseFrequencyDoc, { months: Month[] }> = {
  name: 'purchase-frequency',
  collection: COLLECTION,
  period: 'month',
  sort: ['month', 'storeId'],
  indexes: [byPeriodAndStore(COLLECTION, 'month')],
  on: {
    PurchaseRecorded: ({ data }, before, zoneOf) => {
      const month = localMonth(data.occurredAt, zoneOf(data.storeId));
      const purchasesHereThisMonth = before.storeMonths.find((entry) => entry.key === `${data.storeId}|${month}`)?.purchases ?? 0;
      return [
        addCounters<PurchaseFrequencyDoc>(COLLECTION, { tenant: before.tenant, storeId: data.storeId, month }, PURCHASE_FREQUENCY_COUNTERS, {
          purchases: 1,
          uniqueCustomers: purchasesHereThisMonth === 0 ? 1 : 0,
          repeatCustomers: purchasesHereThisMonth === 1 ? 1 : 0,
        }),
      ];
    },
  },
  answer: (rows) => ({
    months: rows.map((doc) => ({
      ...publicFields(doc),
      purchasesPerCustomer: rate(doc.purchases, doc.uniqueCustomers),
      repeatPurchaseRate: rate(doc.repeatCustomers, doc.uniqueCustomers),
    })),
  }),
};
