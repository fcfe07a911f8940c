import type { ReadDocument } from '@setia/read-store';
import { addDays, localDate } from '@setia/domain';
import type { Dashboard } from './dashboard';
import { addCounters } from './dashboard';

/**
 * Active customers on any local day, for the chain and per store, kept as changes by day: the
 * figure on day D is the sum of the changes of the days up to D. A customer is active on D over
 * a window of W days when they bought on D or on one of the W − 1 days before; each purchase day
 * makes them active for the W days from it, so the days they count on are a union of intervals,
 * and a new purchase day adds at most one interval to it (a +1 where it starts, a −1 the day
 * after it ends). `customers` is the same with no end: who had bought at all by D.
 */
export interface ActiveCustomerChangesDoc extends ReadDocument {
  tenant: string;
  /** A store, or `*` for the whole chain (a customer who bought at two stores counts at each, once in the chain). */
  storeId: string;
  date: string;
  customers: number;
  last30Days: number;
  last90Days: number;
}

/** The store id of the chain's rows; `*` is no store id. */
export const WHOLE_CHAIN = '*';
const COLLECTION = 'active_customer_changes';
const COUNTERS = ['customers', 'last30Days', 'last90Days'] as const satisfies ReadonlyArray<keyof ActiveCustomerChangesDoc>;
const WINDOWS: Array<[field: (typeof COUNTERS)[number], days: number]> = [
  ['customers', Infinity],
  ['last30Days', 30],
  ['last90Days', 90],
];

type Change = { date: string; field: (typeof COUNTERS)[number]; amount: 1 | -1 };

/** Where a new purchase day stands among a customer's purchase days (in one scope): whether it is one, and the days right before and after it. */
interface Neighbours {
  known: boolean;
  prev: string | undefined;
  next: string | undefined;
}

const noNeighbours = (): Neighbours => ({ known: false, prev: undefined, next: undefined });

/** Counts `date`, a purchase day of the scope, into where `day` stands. */
function meet(at: Neighbours, date: string, day: string): void {
  if (date === day) at.known = true;
  else if (date < day) {
    if (at.prev === undefined || date > at.prev) at.prev = date;
  } else if (at.next === undefined || date < at.next) at.next = date;
}

/**
 * The changes a new purchase day `day` makes to a customer's active days, given the days they
 * had bought on before (in that scope). Active over W days from a purchase day x means on
 * x … x + W − 1; of the new day's interval, the days the previous purchase day already covers
 * (up to prev + W − 1) and those from the next purchase day on are counted already.
 */
export function activeDayChanges(days: readonly string[], day: string): Change[] {
  const around = noNeighbours();
  for (const date of days) meet(around, date, day);
  return changesAround(around, day);
}

function changesAround({ known, prev, next }: Neighbours, day: string): Change[] {
  if (known) return [];
  const changes: Change[] = [];
  for (const [field, window] of WINDOWS) {
    if (!Number.isFinite(window)) {
      // Who had bought at all: from the first purchase day on, so only an earlier first day changes it.
      if (prev === undefined) changes.push({ date: day, field, amount: 1 }, ...(next !== undefined ? [{ date: next, field, amount: -1 as const }] : []));
      continue;
    }
    const prevEnd = prev === undefined ? undefined : addDays(prev, window);
    const dayEnd = addDays(day, window);
    const start = prevEnd !== undefined && prevEnd > day ? prevEnd : day;
    const afterEnd = next !== undefined && next < dayEnd ? next : dayEnd;
    if (afterEnd <= start) continue;
    changes.push({ date: start, field, amount: 1 }, { date: afterEnd, field, amount: -1 });
  }
  return changes;
}

export const activeCustomersDashboard: Dashboard<ActiveCustomerChangesDoc, { customers: number; last30Days: number; last90Days: number }> = {
  name: 'active-customers',
  collection: COLLECTION,
  period: 'date',
  sort: ['date'],
  indexes: [{ collection: COLLECTION, fields: [['tenant', 1], ['storeId', 1], ['date', 1]] }],
  on: {
    PurchaseRecorded: ({ data }, before, zoneOf) => {
      const day = localDate(data.occurredAt, zoneOf(data.storeId));
      // One pass over the customer's store-days (`<storeId>|<date>`, every day they bought on) for
      // both scopes: it grows with their history, and every purchase reads it.
      const chain = noNeighbours();
      const store = noNeighbours();
      for (const entry of before.storeDays) {
        const bar = entry.lastIndexOf('|');
        const date = entry.slice(bar + 1);
        meet(chain, date, day);
        if (bar === data.storeId.length && entry.startsWith(data.storeId)) meet(store, date, day);
      }
      const scopes: Array<[storeId: string, around: Neighbours]> = [
        [WHOLE_CHAIN, chain],
        [data.storeId, store],
      ];
      return scopes.flatMap(([storeId, around]) => {
        const byDate = new Map<string, Partial<Record<(typeof COUNTERS)[number], number>>>();
        for (const { date, field, amount } of changesAround(around, day)) {
          const counters = byDate.get(date) ?? {};
          counters[field] = (counters[field] ?? 0) + amount;
          byDate.set(date, counters);
        }
        return [...byDate].map(([date, counters]) => addCounters<ActiveCustomerChangesDoc>(COLLECTION, { tenant: before.tenant, storeId, date }, COUNTERS, counters));
      });
    },
  },
  // Rows are the changes of one scope up to the day asked for: their sums are the figures on that day.
  answer: (rows) => ({
    customers: rows.reduce((sum, row) => sum + row.customers, 0),
    last30Days: rows.reduce((sum, row) => sum + row.last30Days, 0),
    last90Days: rows.reduce((sum, row) => sum + row.last90Days, 0),
  }),
};
