import type { ReadDocument } from '@setia/read-store';
import { localMonth } from '@setia/domain';
import type { Dashboard } from './dashboard';
import { addCounters, addUp, totalOf } from './dashboard';

/**
 * Partner settlement, per month and partner: the gift-card codes given to members and the points
 * they cost, in the local month of the store of the redemption. A cancelled redemption burns its
 * code: it stays counted, as the partner's card was handed out.
 */
export interface PartnerSettlementDoc extends ReadDocument {
  tenant: string;
  month: string;
  partnerId: string;
  codesGiven: number;
  points: number;
}

const COLLECTION = 'partner_settlement';
export const PARTNER_SETTLEMENT_COUNTERS = ['codesGiven', 'points'] as const satisfies ReadonlyArray<keyof PartnerSettlementDoc>;

type Totals = Record<(typeof PARTNER_SETTLEMENT_COUNTERS)[number], number>;

export const partnerSettlementDashboard: Dashboard<PartnerSettlementDoc, { totals: Totals; partners: Array<Record<string, unknown>>; months: Array<Record<string, unknown>> }> = {
  name: 'partner-settlement',
  collection: COLLECTION,
  period: 'month',
  sort: ['month', 'partnerId'],
  indexes: [{ collection: COLLECTION, fields: [['tenant', 1], ['month', 1], ['partnerId', 1]] }],
  on: {
    PartnerCodeGiven: ({ data }, before, zoneOf) => [
      addCounters<PartnerSettlementDoc>(COLLECTION, { tenant: before.tenant, month: localMonth(data.occurredAt, zoneOf(data.storeId)), partnerId: data.partnerId }, PARTNER_SETTLEMENT_COUNTERS, {
        codesGiven: 1,
        points: data.points,
      }),
    ],
  },
  answer(rows) {
    return {
      totals: totalOf(rows, PARTNER_SETTLEMENT_COUNTERS),
      partners: addUp(rows, 'partnerId', PARTNER_SETTLEMENT_COUNTERS),
      months: rows.map(({ month, partnerId, codesGiven, points }) => ({ month, partnerId, codesGiven, points })),
    };
  },
};
