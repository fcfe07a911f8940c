import type { CustomerEvent, CustomerEventType } from '@setia/domain';
import type { IndexSpec, ReadDocument } from '@setia/read-store';
import { docId } from '../documents';
import type { ZoneOf } from '../program-profile';
import type { LotMove } from '../lot-moves';
import type { CustomerDoc, ProgramDoc } from '../read-models';

/**
 * A dashboard: one read-model collection of counters, how a customer's events update it, and the
 * answer the API gives from its rows. One file per dashboard in this folder, listed in index.ts.
 */

/**
 * A change to one dashboard document: counters added to, created at zero when missing. The
 * projector applies it unless the document already holds the event (its `_position`).
 */
export interface DashboardUpdate {
  collection: string;
  id: string;
  /**
   * The document after the change. `doc` is the projector's own shallow copy for the batch, so
   * its own fields may be changed in place (not the objects or arrays they hold, which it shares
   * with the document as stored).
   */
  apply(doc: ReadDocument | null): ReadDocument;
}

/** How one event type updates the dashboard; `before` is the customer's document before the event, `moves` what it does to their lots. */
type Updates = {
  [Type in CustomerEventType]?: (event: Extract<CustomerEvent, { type: Type }>, before: CustomerDoc, zoneOf: ZoneOf, moves: readonly LotMove[]) => DashboardUpdate[];
};

/** What an answer may read besides its own rows: the tenant's program, the tenant's time, other collections' rows. */
export interface AnswerContext {
  program: ProgramDoc | null;
  now: string;
  rows(collection: string, sort: string[]): Promise<ReadDocument[]>;
}

export interface Dashboard<Doc extends ReadDocument, Answer extends object> {
  /** Its name in the API: `/v1/tenants/{tenant}/dashboards/<name>`. */
  name: string;
  collection: string;
  /** The field a period (`from`, `to`) filters its rows on; null when it has no period. */
  period: string | null;
  /** The order of the rows an answer reads. */
  sort: readonly string[];
  /** The indexes its answers read by. */
  indexes: readonly IndexSpec[];
  on: Updates;
  answer(rows: Doc[], context: AnswerContext): Answer | Promise<Answer>;
}

type Counters<Doc> = { [K in keyof Doc as Doc[K] extends number ? K : never]?: number };

/**
 * Adds to the counters of the document keyed by `keys` (the tenant first, then the dimensions,
 * in `_id` order); a missing document starts with every counter of its collection at zero.
 */
export function addCounters<Doc extends ReadDocument>(
  collection: string,
  keys: Record<string, string>,
  counterFields: readonly string[],
  counters: Counters<Doc>,
): DashboardUpdate {
  const id = docId(...Object.values(keys));
  return {
    collection,
    id,
    apply(doc) {
      const next: Record<string, unknown> = doc ?? { _id: id, _position: '', ...keys, ...Object.fromEntries(counterFields.map((field) => [field, 0])) };
      for (const field in counters) next[field] = (next[field] as number) + (counters[field as keyof typeof counters] as number);
      return next as ReadDocument;
    },
  };
}

/** A document without the projector's bookkeeping. */
export function publicFields<Doc extends ReadDocument>(doc: Doc): Omit<Doc, '_id' | '_position' | 'tenant'> {
  const { _id, _position, tenant, ...fields } = doc as Doc & { tenant?: string };
  return fields as Omit<Doc, '_id' | '_position' | 'tenant'>;
}

export const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

export const sum = <Doc>(rows: Doc[], field: keyof Doc) => rows.reduce((total, row) => total + (row[field] as number), 0);

/** Counters added up over all rows, field by field. */
export function totalOf<Doc, Field extends keyof Doc>(rows: Doc[], fields: readonly Field[]): Record<Field, number> {
  return Object.fromEntries(fields.map((field) => [field, sum(rows, field)])) as Record<Field, number>;
}

/** Rows of several stores added up per key (a month), counters field by field, in key order. */
export function addUp<Doc extends ReadDocument, Counter extends keyof Doc>(rows: Doc[], key: keyof Doc, counters: readonly Counter[]): Array<Pick<Doc, Counter> & Record<string, unknown>> {
  const totals = new Map<unknown, Record<string, unknown>>();
  for (const row of rows) {
    let total = totals.get(row[key]);
    if (!total) totals.set(row[key], (total = { [key]: row[key], ...Object.fromEntries(counters.map((field) => [field, 0])) }));
    for (const field of counters) total[field as string] = (total[field as string] as number) + (row[field] as number);
  }
  return [...totals.values()] as Array<Pick<Doc, Counter> & Record<string, unknown>>;
}

/** The index of a monthly or daily dashboard kept per store: tenant, then the period, then the store. */
export const byPeriodAndStore = (collection: string, period: string): IndexSpec => ({ collection, fields: [['tenant', 1], [period, 1], ['storeId', 1]] });
