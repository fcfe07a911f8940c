import type { ReadDocument } from '@setia/read-store';
import { localDate } from '@setia/domain';
import type { Dashboard } from './dashboard';
import { addCounters, byPeriodAndStore } from './dashboard';

/**
 * Per member-only offer (or tier discount: the membership card's), store and local day: the
 * purchases that applied it, what it took off them, and what those purchases were paid. A return
 * gives no discount back: the discount was given at the till.
 */
export interface OfferDayDoc extends ReadDocument {
  tenant: string;
  /** The offer; '' on a tier discount's row. */
  offerId: string;
  /** The tier whose discount it is; '' on an offer's row. */
  tier: string;
  storeId: string;
  date: string;
  receipts: number;
  discount: number;
  spend: number;
}

const COLLECTION = 'offer_days';
export const OFFER_DAY_COUNTERS = ['receipts', 'discount', 'spend'] as const satisfies ReadonlyArray<keyof OfferDayDoc>;

const row = (tenant: string, offerId: string, tier: string, storeId: string, date: string, discount: number, spend: number) =>
  addCounters<OfferDayDoc>(COLLECTION, { tenant, offerId, tier, storeId, date }, OFFER_DAY_COUNTERS, { receipts: 1, discount, spend });

type Totals = { receipts: number; discount: number; spend: number };
const totals = (rows: readonly OfferDayDoc[]): Totals => ({
  receipts: rows.reduce((sum, r) => sum + r.receipts, 0),
  discount: rows.reduce((sum, r) => sum + r.discount, 0),
  spend: rows.reduce((sum, r) => sum + r.spend, 0),
});

function byDay(rows: readonly OfferDayDoc[]): Array<{ date: string } & Totals> {
  const days = new Map<string, OfferDayDoc[]>();
  for (const r of rows) days.set(r.date, [...(days.get(r.date) ?? []), r]);
  return [...days].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([date, own]) => ({ date, ...totals(own) }));
}

interface OffersAnswer {
  offers: Array<{ offerId: string; name: string | null } & Totals & { days: Array<{ date: string } & Totals> }>;
  tierDiscounts: Array<{ tier: string } & Totals & { days: Array<{ date: string } & Totals> }>;
}

export const offersDashboard: Dashboard<OfferDayDoc, OffersAnswer> = {
  name: 'offers',
  collection: COLLECTION,
  period: 'date',
  sort: ['offerId', 'tier', 'date', 'storeId'],
  indexes: [byPeriodAndStore(COLLECTION, 'date')],
  on: {
    PurchaseRecorded: ({ data }, before, zoneOf) => {
      if (!data.appliedOffers && !data.memberDiscount) return [];
      const date = localDate(data.occurredAt, zoneOf(data.storeId));
      const rows = (data.appliedOffers ?? []).map((offer) => row(before.tenant, offer.offerId, '', data.storeId, date, offer.discount, data.total));
      if (data.memberDiscount) rows.push(row(before.tenant, '', data.memberDiscount.tier, data.storeId, date, data.memberDiscount.discount, data.total));
      return rows;
    },
  },
  answer(rows, { program }) {
    const offers = new Map<string, OfferDayDoc[]>();
    const tiers = new Map<string, OfferDayDoc[]>();
    for (const r of rows) {
      if (r.offerId) offers.set(r.offerId, [...(offers.get(r.offerId) ?? []), r]);
      else if (r.tier) tiers.set(r.tier, [...(tiers.get(r.tier) ?? []), r]);
    }
    return {
      offers: [...offers].map(([offerId, own]) => ({ offerId, name: program?.offers?.find((o) => o.offerId === offerId)?.name ?? null, ...totals(own), days: byDay(own) })),
      tierDiscounts: [...tiers].map(([tier, own]) => ({ tier, ...totals(own), days: byDay(own) })),
    };
  },
};
