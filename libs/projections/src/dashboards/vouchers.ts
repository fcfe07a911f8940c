import type { ReadDocument } from '@setia/read-store';
import { localMonth } from '@setia/domain';
import { NO_STORE } from '../documents';
import type { Dashboard } from './dashboard';
import { addCounters, addUp, byPeriodAndStore, rate, totalOf } from './dashboard';

/**
 * Per month and store: vouchers issued (by what issued them: full stamp cards, daily gifts, points),
 * used, uses cancelled and withdrawn, and the stamps collected and taken back; each counted at the
 * store and in the local month where it happened.
 */
export interface VoucherDoc extends ReadDocument {
  tenant: string;
  month: string;
  storeId: string;
  issuedByStampCards: number;
  issuedByGifts: number;
  issuedForPoints: number;
  used: number;
  usesCancelled: number;
  voided: number;
  stampsCollected: number;
  stampsTakenBack: number;
}

const COLLECTION = 'vouchers';
export const VOUCHER_COUNTERS = [
  'issuedByStampCards',
  'issuedByGifts',
  'issuedForPoints',
  'used',
  'usesCancelled',
  'voided',
  'stampsCollected',
  'stampsTakenBack',
] as const satisfies ReadonlyArray<keyof VoucherDoc>;

type Counters = Parameters<typeof addCounters<VoucherDoc>>[3];
const month = (tenant: string, when: string, storeId: string, counters: Counters) => addCounters<VoucherDoc>(COLLECTION, { tenant, month: when, storeId }, VOUCHER_COUNTERS, counters);

const ISSUED_BY: Record<string, keyof Counters> = { stampCards: 'issuedByStampCards', gifts: 'issuedByGifts', vouchers: 'issuedForPoints' };

type Totals = Record<(typeof VOUCHER_COUNTERS)[number], number>;

export const vouchersDashboard: Dashboard<VoucherDoc, { totals: Totals & { issued: number; useRate: number | null }; months: Array<Record<string, unknown>> }> = {
  name: 'vouchers',
  collection: COLLECTION,
  period: 'month',
  sort: ['month', 'storeId'],
  indexes: [byPeriodAndStore(COLLECTION, 'month')],
  on: {
    VoucherIssued: ({ data }, before, zoneOf) => {
      const storeId = data.storeId ?? before.homeStoreId;
      return [month(before.tenant, localMonth(data.occurredAt, zoneOf(storeId)), storeId ?? NO_STORE, { [ISSUED_BY[data.source.rule] ?? 'issuedForPoints']: 1 })];
    },
    VoucherUsed: ({ data }, before, zoneOf) => [month(before.tenant, localMonth(data.occurredAt, zoneOf(data.storeId)), data.storeId, { used: 1 })],
    VoucherUseCancelled: ({ data }, before, zoneOf) => [month(before.tenant, localMonth(data.occurredAt, zoneOf(data.storeId)), data.storeId, { usesCancelled: 1 })],
    VoucherVoided: ({ data }, before, zoneOf) => [month(before.tenant, localMonth(data.occurredAt, zoneOf(data.storeId)), data.storeId, { voided: 1 })],
    StampsCollected: ({ data }, before, zoneOf) => [month(before.tenant, localMonth(data.occurredAt, zoneOf(data.storeId)), data.storeId, { stampsCollected: data.stamps })],
    StampsTakenBack: ({ data }, before, zoneOf) => [month(before.tenant, localMonth(data.occurredAt, zoneOf(data.storeId)), data.storeId, { stampsTakenBack: data.stamps })],
  },
  answer(rows) {
    const months = addUp(rows, 'month', VOUCHER_COUNTERS);
    const totals = totalOf(months, VOUCHER_COUNTERS);
    const issued = totals.issuedByStampCards + totals.issuedByGifts + totals.issuedForPoints;
    // Uses that stand (not cancelled) per voucher issued.
    return { totals: { ...totals, issued, useRate: rate(totals.used - totals.usesCancelled, issued) }, months };
  },
};
