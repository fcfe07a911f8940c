import type { ReadDocument } from '@setia/read-store';
import { localMonth } from '@setia/domain';
import type { Dashboard } from './dashboard';
import { addCounters, byPeriodAndStore, publicFields, rate, totalOf } from './dashboard';

/** NPS and CSAT answers per store and month. */
export interface FeedbackDoc extends ReadDocument {
  tenant: string;
  storeId: string;
  month: string;
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
  csatAnswers: number;
  csatSum: number;
  /** CSAT answers of 4 or 5. */
  csatSatisfied: number;
}

const COLLECTION = 'feedback';
export const FEEDBACK_COUNTERS = ['answers', 'promoters', 'passives', 'detractors', 'csatAnswers', 'csatSum', 'csatSatisfied'] as const satisfies ReadonlyArray<keyof FeedbackDoc>;

type Totals = Record<(typeof FEEDBACK_COUNTERS)[number], number>;

/** NPS: promoters − detractors as % of answers, one decimal; CSAT: the average and the share of 4s and 5s. */
const scores = (row: Totals) => ({
  nps: row.answers === 0 ? null : Math.round(((row.promoters - row.detractors) / row.answers) * 1000) / 10,
  csatAverage: row.csatAnswers === 0 ? null : Math.round((row.csatSum / row.csatAnswers) * 100) / 100,
  csatSatisfiedRate: rate(row.csatSatisfied, row.csatAnswers),
});

type Scores = ReturnType<typeof scores>;

export const feedbackDashboard: Dashboard<FeedbackDoc, { totals: Totals & Scores; months: Array<Omit<FeedbackDoc, '_id' | '_position' | 'tenant'> & Scores> }> = {
  name: 'feedback',
  collection: COLLECTION,
  period: 'month',
  sort: ['month', 'storeId'],
  indexes: [byPeriodAndStore(COLLECTION, 'month')],
  on: {
    FeedbackSubmitted: ({ data }, before, zoneOf) => {
      const { storeId, occurredAt, nps, csat } = data;
      return [
        addCounters<FeedbackDoc>(COLLECTION, { tenant: before.tenant, storeId, month: localMonth(occurredAt, zoneOf(storeId)) }, FEEDBACK_COUNTERS, {
          answers: 1,
          promoters: nps >= 9 ? 1 : 0,
          passives: nps === 7 || nps === 8 ? 1 : 0,
          detractors: nps <= 6 ? 1 : 0,
          csatAnswers: csat === undefined ? 0 : 1,
          csatSum: csat ?? 0,
          csatSatisfied: csat !== undefined && csat >= 4 ? 1 : 0,
        }),
      ];
    },
  },
  answer(rows) {
    const totals = totalOf(rows, FEEDBACK_COUNTERS);
    return { totals: { ...totals, ...scores(totals) }, months: rows.map((doc) => ({ ...publicFields(doc), ...scores(doc) })) };
  },
};
