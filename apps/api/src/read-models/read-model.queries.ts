import { Inject } from '@nestjs/common';
import { QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import { CustomerNotFound } from '@setia/domain';
import { COLLECTIONS, FEEDBACK_COUNTERS, FUNNEL_COUNTERS, PROJECTOR_CHECKPOINT, REFERRAL_COUNTERS, docId } from '@setia/projections';
import type {
  CohortDoc,
  CustomerDoc,
  FeedbackDoc,
  FunnelDoc,
  PointsLiabilityDoc,
  PurchaseFrequencyDoc,
  ReferralDoc,
  StoreDailyDoc,
  TierDoc,
} from '@setia/projections';
import { READ_STORE_ENGINE } from '@setia/read-store';
import type { Filter, ReadDocument, ReadStore, ReadStoreEngine } from '@setia/read-store';
import type { Cursor } from './read-model.params';
import { encodeCursor } from './read-model.params';

/** Every read-model answer says which event it reflects, so a reader knows how fresh it is. */
export interface Reflecting {
  checkpoint: string | null;
  generation: string;
}

async function activeStore(engine: ReadStoreEngine): Promise<{ store: ReadStore; reflecting: Reflecting }> {
  const generation = await engine.activeGeneration();
  const store = engine.generation(generation);
  const checkpoint = (await store.getCheckpoint(PROJECTOR_CHECKPOINT)) ?? null;
  return { store, reflecting: { checkpoint, generation } };
}

/** A document without the projector's bookkeeping. */
function publicFields<Doc extends ReadDocument>(doc: Doc): Omit<Doc, '_id' | '_position' | 'tenant'> {
  const { _id, _position, tenant, ...fields } = doc as Doc & { tenant?: string };
  return fields as Omit<Doc, '_id' | '_position' | 'tenant'>;
}

function customerProfile(doc: CustomerDoc) {
  const { recentReceipts, purchaseMonths, storeDays, storeMonths, ...profile } = publicFields(doc);
  return profile;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

function range(field: string, from?: string, to?: string): Filter {
  if (from === undefined && to === undefined) return {};
  return { [field]: { ...(from !== undefined && { $gte: from }), ...(to !== undefined && { $lte: to }) } };
}

export class GetCustomerProfile {
  constructor(readonly tenant: string, readonly customerId: string) {}
}

@QueryHandler(GetCustomerProfile)
export class GetCustomerProfileHandler implements IQueryHandler<GetCustomerProfile> {
  constructor(@Inject(READ_STORE_ENGINE) private readonly engine: ReadStoreEngine) {}

  async execute({ tenant, customerId }: GetCustomerProfile) {
    const { store, reflecting } = await activeStore(this.engine);
    const doc = (await store.get(COLLECTIONS.customers, docId(tenant, customerId))) as CustomerDoc | null;
    if (!doc) throw new CustomerNotFound(customerId);
    return { ...reflecting, customer: customerProfile(doc) };
  }
}

export interface CustomerListFilter {
  tier?: string;
  stage?: 'buyer' | 'customer' | 'member';
  storeId?: string;
  lastPurchaseBefore?: string;
  limit: number;
  cursor?: Cursor;
}

export class ListCustomers {
  constructor(readonly tenant: string, readonly filter: CustomerListFilter) {}
}

@QueryHandler(ListCustomers)
export class ListCustomersHandler implements IQueryHandler<ListCustomers> {
  constructor(@Inject(READ_STORE_ENGINE) private readonly engine: ReadStoreEngine) {}

  async execute({ tenant, filter }: ListCustomers) {
    const { store, reflecting } = await activeStore(this.engine);
    const query: Filter = { tenant };
    if (filter.tier) query.tier = filter.tier;
    if (filter.stage) query.stage = filter.stage;
    if (filter.storeId) query.homeStoreId = filter.storeId;
    // The at-risk list: customers whose last purchase is older than a date, longest gone first.
    const atRisk = filter.lastPurchaseBefore !== undefined;
    if (atRisk) query.lastPurchaseAt = { $lt: filter.lastPurchaseBefore! };
    const sortField = atRisk ? 'lastPurchaseAt' : 'customerId';
    const docs = (await store.find(COLLECTIONS.customers, query, {
      sort: [[sortField, 1]],
      limit: filter.limit + 1,
      after: filter.cursor ? { values: filter.cursor.values, id: filter.cursor.id } : undefined,
    })) as CustomerDoc[];
    const page = docs.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      ...reflecting,
      customers: page.map(customerProfile),
      nextCursor: docs.length > filter.limit && last ? encodeCursor({ values: [last[sortField] as string], id: last._id }) : null,
    };
  }
}

export type DashboardName =
  | 'tiers'
  | 'store-daily'
  | 'cohorts'
  | 'funnel'
  | 'purchase-frequency'
  | 'feedback'
  | 'referrals'
  | 'points-liability';

export interface DashboardFilter {
  from?: string;
  to?: string;
  storeId?: string;
}

export class GetDashboard {
  constructor(readonly tenant: string, readonly name: DashboardName, readonly filter: DashboardFilter = {}) {}
}

const sum = <Doc>(rows: Doc[], field: keyof Doc) => rows.reduce((total, row) => total + (row[field] as number), 0);

/** Counters added up over all rows, field by field. */
function totalOf<Doc, Field extends keyof Doc>(rows: Doc[], fields: readonly Field[]): Record<Field, number> {
  return Object.fromEntries(fields.map((field) => [field, sum(rows, field)])) as Record<Field, number>;
}

/** Rows of several stores added up per key (a month), counters field by field, in key order. */
function addUp<Doc extends ReadDocument>(rows: Doc[], key: keyof Doc, counters: ReadonlyArray<keyof Doc>): Array<Record<string, unknown>> {
  const totals = new Map<unknown, Record<string, unknown>>();
  for (const row of rows) {
    let total = totals.get(row[key]);
    if (!total) totals.set(row[key], (total = { [key]: row[key], ...Object.fromEntries(counters.map((field) => [field, 0])) }));
    for (const field of counters) total[field as string] = (total[field as string] as number) + (row[field] as number);
  }
  return [...totals.values()];
}

@QueryHandler(GetDashboard)
export class GetDashboardHandler implements IQueryHandler<GetDashboard> {
  constructor(@Inject(READ_STORE_ENGINE) private readonly engine: ReadStoreEngine) {}

  async execute({ tenant, name, filter }: GetDashboard) {
    const { store, reflecting } = await activeStore(this.engine);
    const rows = async <Doc extends ReadDocument>(collection: string, dateField: string | null, sortFields: string[]) => {
      const query: Filter = { tenant, ...(dateField ? range(dateField, filter.from, filter.to) : {}) };
      if (filter.storeId) query.storeId = filter.storeId;
      return (await store.find(collection, query, { sort: sortFields.map((field) => [field, 1] as [string, 1]) })) as Doc[];
    };
    switch (name) {
      case 'tiers': {
        const tiers = await rows<TierDoc>(COLLECTIONS.tiers, null, ['tier']);
        return { ...reflecting, members: sum(tiers, 'members'), tiers: tiers.map(({ tier, members }) => ({ tier, members })) };
      }
      case 'store-daily': {
        const days = await rows<StoreDailyDoc>(COLLECTIONS.storeDaily, 'date', ['date', 'storeId']);
        return { ...reflecting, days: days.map(publicFields) };
      }
      case 'cohorts': {
        const stores = await rows<CohortDoc>(COLLECTIONS.cohorts, 'cohortMonth', ['cohortMonth', 'storeId']);
        const cohorts = new Map<string, { cohortMonth: string; customers: number; active: number[] }>();
        for (const { cohortMonth, customers, active } of stores) {
          const cohort = cohorts.get(cohortMonth) ?? { cohortMonth, customers: 0, active: [] };
          cohort.customers += customers;
          active.forEach((count, k) => (cohort.active[k] = (cohort.active[k] ?? 0) + count));
          cohorts.set(cohortMonth, cohort);
        }
        return {
          ...reflecting,
          cohorts: [...cohorts.values()].map(({ cohortMonth, customers, active }) => ({
            cohortMonth,
            customers,
            active,
            retention: active.map((count) => rate(count, customers)),
          })),
        };
      }
      case 'funnel': {
        const months = addUp(await rows<FunnelDoc>(COLLECTIONS.funnel, 'month', ['month', 'storeId']), 'month', FUNNEL_COUNTERS) as unknown as FunnelDoc[];
        const totals = totalOf(months, FUNNEL_COUNTERS);
        const conversion = (row: typeof totals) => ({
          buyerToRepeatRate: rate(row.newRepeatCustomers, row.newBuyers),
          buyerToMemberRate: rate(row.newMembersWhoBought, row.newBuyers),
        });
        return {
          ...reflecting,
          totals: { ...totals, ...conversion(totals) },
          months: months.map((row) => ({ ...row, ...conversion(row) })),
        };
      }
      case 'purchase-frequency': {
        const months = await rows<PurchaseFrequencyDoc>(COLLECTIONS.purchaseFrequency, 'month', ['month', 'storeId']);
        return {
          ...reflecting,
          months: months.map((doc) => ({
            ...publicFields(doc),
            purchasesPerCustomer: rate(doc.purchases, doc.uniqueCustomers),
            repeatPurchaseRate: rate(doc.repeatCustomers, doc.uniqueCustomers),
          })),
        };
      }
      case 'feedback': {
        const months = await rows<FeedbackDoc>(COLLECTIONS.feedback, 'month', ['month', 'storeId']);
        const scores = (row: Pick<FeedbackDoc, 'answers' | 'promoters' | 'detractors' | 'csatAnswers' | 'csatSum' | 'csatSatisfied'>) => ({
          nps: row.answers === 0 ? null : Math.round(((row.promoters - row.detractors) / row.answers) * 1000) / 10,
          csatAverage: row.csatAnswers === 0 ? null : Math.round((row.csatSum / row.csatAnswers) * 100) / 100,
          csatSatisfiedRate: rate(row.csatSatisfied, row.csatAnswers),
        });
        const totals = totalOf(months, FEEDBACK_COUNTERS);
        return {
          ...reflecting,
          totals: { ...totals, ...scores(totals) },
          months: months.map((doc) => ({ ...publicFields(doc), ...scores(doc) })),
        };
      }
      case 'referrals': {
        const months = addUp(await rows<ReferralDoc>(COLLECTIONS.referrals, 'month', ['month', 'storeId']), 'month', REFERRAL_COUNTERS) as unknown as ReferralDoc[];
        const totals = totalOf(months, REFERRAL_COUNTERS);
        return {
          ...reflecting,
          totals: { ...totals, conversionRate: rate(totals.qualified, totals.registered) },
          months: months.map((row) => ({ ...row, conversionRate: rate(row.qualified, row.registered) })),
        };
      }
      case 'points-liability': {
        const tiers = await rows<PointsLiabilityDoc>(COLLECTIONS.pointsLiability, null, ['tier']);
        const earned = sum(tiers, 'earned');
        const redeemed = sum(tiers, 'redeemed');
        return {
          ...reflecting,
          outstanding: sum(tiers, 'outstanding'),
          earned,
          redeemed,
          reversed: sum(tiers, 'reversed'),
          expired: sum(tiers, 'expired'),
          redemptionRate: rate(redeemed, earned),
          byTier: tiers.map(publicFields),
        };
      }
    }
  }
}

export const READ_MODEL_QUERY_HANDLERS = [GetCustomerProfileHandler, ListCustomersHandler, GetDashboardHandler];
