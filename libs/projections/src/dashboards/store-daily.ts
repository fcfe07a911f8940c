import type { ReadDocument } from '@setia/read-store';
import { NO_STORE } from '../documents';
import { localDate } from '@setia/domain';
import type { Dashboard } from './dashboard';
import { addCounters, byPeriodAndStore, publicFields } from './dashboard';

/** Per store and local day: purchases, revenue, customers, new members, points, returns. */
export interface StoreDailyDoc extends ReadDocument {
  tenant: string;
  storeId: string;
  date: string;
  purchases: number;
  revenue: number;
  uniqueCustomers: number;
  newCustomers: number;
  returningCustomers: number;
  newMembers: number;
  pointsIssued: number;
  pointsRedeemed: number;
  pointsGivenBack: number;
  pointsReversed: number;
  returns: number;
  returnedAmount: number;
}

const COLLECTION = 'store_daily';
export const STORE_DAILY_COUNTERS = [
  'purchases',
  'revenue',
  'uniqueCustomers',
  'newCustomers',
  'returningCustomers',
  'newMembers',
  'pointsIssued',
  'pointsRedeemed',
  'pointsGivenBack',
  'pointsReversed',
  'returns',
  'returnedAmount',
] as const satisfies ReadonlyArray<keyof StoreDailyDoc>;

type Counters = Parameters<typeof addCounters<StoreDailyDoc>>[3];
const day = (tenant: string, storeId: string, date: string, counters: Counters) => addCounters<StoreDailyDoc>(COLLECTION, { tenant, storeId, date }, STORE_DAILY_COUNTERS, counters);

export const storeDailyDashboard: Dashboard<StoreDailyDoc, { days: Array<Omit<StoreDailyDoc, '_id' | '_position' | 'tenant'>> }> = {
  name: 'store-daily',
  collection: COLLECTION,
  period: 'date',
  sort: ['date', 'storeId'],
  indexes: [byPeriodAndStore(COLLECTION, 'date')],
  on: {
    CustomerEnrolled: ({ data }, before, zoneOf) => [day(before.tenant, data.homeStoreId ?? NO_STORE, localDate(data.enrolledAt, zoneOf(data.homeStoreId)), { newMembers: 1 })],
    PurchaseRecorded: ({ data }, before, zoneOf) => {
      const date = localDate(data.occurredAt, zoneOf(data.storeId));
      const firstPurchase = before.purchaseCount === 0;
      const firstHereToday = !before.storeDays.includes(`${data.storeId}|${date}`);
      return [
        day(before.tenant, data.storeId, date, {
          purchases: 1,
          revenue: data.total,
          uniqueCustomers: firstHereToday ? 1 : 0,
          newCustomers: firstHereToday && firstPurchase ? 1 : 0,
          returningCustomers: firstHereToday && !firstPurchase ? 1 : 0,
        }),
      ];
    },
    // Points with no store (a referrer's bonus from before stores were recorded) count at the home store.
    PointsEarned: ({ data }, before, zoneOf) => [
      day(before.tenant, data.storeId ?? before.homeStoreId ?? NO_STORE, localDate(data.occurredAt, zoneOf(data.storeId ?? before.homeStoreId)), { pointsIssued: data.points }),
    ],
    ReturnRecorded: ({ data }, before, zoneOf) => [day(before.tenant, data.storeId, localDate(data.occurredAt, zoneOf(data.storeId)), { returns: 1, returnedAmount: data.amount })],
    PointsReversed: ({ data }, before, zoneOf) => [day(before.tenant, data.storeId, localDate(data.occurredAt, zoneOf(data.storeId)), { pointsReversed: data.points })],
    RewardRedeemed: ({ data }, before, zoneOf) => [day(before.tenant, data.storeId, localDate(data.occurredAt, zoneOf(data.storeId)), { pointsRedeemed: data.points })],
    RedemptionCancelled: ({ data }, before, zoneOf) => [day(before.tenant, data.storeId, localDate(data.occurredAt, zoneOf(data.storeId)), { pointsGivenBack: data.points })],
  },
  answer: (rows) => ({ days: rows.map(publicFields) }),
};
