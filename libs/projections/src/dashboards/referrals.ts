import type { ReadDocument } from '@setia/read-store';
import { NO_STORE } from '../documents';
import { localMonth } from '@setia/domain';
import type { Dashboard } from './dashboard';
import { addCounters, addUp, byPeriodAndStore, rate, totalOf } from './dashboard';

/** Per month and store: registrations at the friend's home store, the rest at the purchase's store. */
export interface ReferralDoc extends ReadDocument {
  tenant: string;
  month: string;
  storeId: string;
  registered: number;
  qualified: number;
  refereeBonusPoints: number;
  referrerBonusPoints: number;
}

const COLLECTION = 'referrals';
export const REFERRAL_COUNTERS = ['registered', 'qualified', 'refereeBonusPoints', 'referrerBonusPoints'] as const satisfies ReadonlyArray<keyof ReferralDoc>;

type Counters = Parameters<typeof addCounters<ReferralDoc>>[3];
const month = (tenant: string, when: string, storeId: string, counters: Counters) => addCounters<ReferralDoc>(COLLECTION, { tenant, month: when, storeId }, REFERRAL_COUNTERS, counters);

type Totals = Record<(typeof REFERRAL_COUNTERS)[number], number>;

export const referralsDashboard: Dashboard<ReferralDoc, { totals: Totals & { conversionRate: number | null }; months: Array<Record<string, unknown>> }> = {
  name: 'referrals',
  collection: COLLECTION,
  period: 'month',
  sort: ['month', 'storeId'],
  indexes: [byPeriodAndStore(COLLECTION, 'month')],
  on: {
    CustomerEnrolled: ({ data }, before, zoneOf) =>
      data.referredBy ? [month(before.tenant, localMonth(data.enrolledAt, zoneOf(data.homeStoreId)), data.homeStoreId ?? NO_STORE, { registered: 1 })] : [],
    ReferralQualified: ({ data }, before, zoneOf) => [month(before.tenant, localMonth(data.occurredAt, zoneOf(data.storeId)), data.storeId, { qualified: 1 })],
    PointsEarned: ({ data }, before, zoneOf) => {
      if (data.reason !== 'referral') return [];
      const when = localMonth(data.occurredAt, zoneOf(data.storeId ?? before.homeStoreId));
      return [month(before.tenant, when, data.storeId ?? before.homeStoreId ?? NO_STORE, data.refereeId ? { referrerBonusPoints: data.points } : { refereeBonusPoints: data.points })];
    },
  },
  answer(rows) {
    const months = addUp(rows, 'month', REFERRAL_COUNTERS);
    const totals = totalOf(months, REFERRAL_COUNTERS);
    return {
      totals: { ...totals, conversionRate: rate(totals.qualified, totals.registered) },
      months: months.map((row) => ({ ...row, conversionRate: rate(row.qualified, row.registered) })),
    };
  },
};
