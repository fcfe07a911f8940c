import { Inject } from '@nestjs/common';
import { Query, QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import { TENANT_TIME } from '@setia/application';
import type { TenantTime } from '@setia/application';
import { CustomerNotFound } from '@setia/domain';
import { COLLECTIONS, dashboardNamed, PROJECTOR_CHECKPOINT, docId, publicFields } from '@setia/projections';
import type { CustomerDoc, DashboardAnswers, ProgramDoc } from '@setia/projections';
import { READ_STORE_ENGINE } from '@setia/read-store';
import type { Filter, ReadStore, ReadStoreEngine } from '@setia/read-store';
import type { Cursor } from './read-model.params';
import { encodeCursor } from './read-model.params';

/** Every read-model answer says which event it reflects, so a reader knows how fresh it is. */
export interface Reflecting {
  checkpoint: string | null;
  /** When the event at the checkpoint was recorded (null before the first, or for a checkpoint written without it). */
  checkpointRecordedAt: string | null;
  generation: string;
}

/** The generation queries read, and the checkpoint its answers reflect. */
export async function activeStore(engine: ReadStoreEngine): Promise<{ store: ReadStore; reflecting: Reflecting }> {
  const generation = await engine.activeGeneration();
  const store = engine.generation(generation);
  const checkpoint = await store.getCheckpointRecord(PROJECTOR_CHECKPOINT);
  return { store, reflecting: { checkpoint: checkpoint?.position ?? null, checkpointRecordedAt: checkpoint?.recordedAt ?? null, generation } };
}

function customerProfile(doc: CustomerDoc) {
  const { recentReceipts, purchaseMonths, storeDays, storeMonths, ...profile } = publicFields(doc);
  return profile;
}

function range(field: string, from?: string, to?: string): Filter {
  if (from === undefined && to === undefined) return {};
  return { [field]: { ...(from !== undefined && { $gte: from }), ...(to !== undefined && { $lte: to }) } };
}

type CustomerProfile = ReturnType<typeof customerProfile>;

export class GetCustomerProfile extends Query<Reflecting & { customer: CustomerProfile }> {
  constructor(readonly tenant: string, readonly customerId: string) {
    super();
  }
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

export class ListCustomers extends Query<Reflecting & { customers: CustomerProfile[]; nextCursor: string | null }> {
  constructor(readonly tenant: string, readonly filter: CustomerListFilter) {
    super();
  }
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

export interface DashboardFilter {
  from?: string;
  to?: string;
  storeId?: string;
}

export class GetDashboard<Name extends keyof DashboardAnswers = keyof DashboardAnswers> extends Query<Reflecting & DashboardAnswers[Name]> {
  constructor(readonly tenant: string, readonly name: Name, readonly filter: DashboardFilter = {}) {
    super();
  }
}

/** A dashboard's answer: its rows of the tenant (in the period and store asked for), as the dashboard shapes them. */
@QueryHandler(GetDashboard)
export class GetDashboardHandler implements IQueryHandler<GetDashboard> {
  constructor(
    @Inject(READ_STORE_ENGINE) private readonly engine: ReadStoreEngine,
    @Inject(TENANT_TIME) private readonly time: TenantTime,
  ) {}

  async execute<Name extends keyof DashboardAnswers>({ tenant, name, filter }: GetDashboard<Name>): Promise<Reflecting & DashboardAnswers[Name]> {
    const dashboard = dashboardNamed(name);
    if (!dashboard) throw new Error(`no dashboard named ${name}`);
    const { store, reflecting } = await activeStore(this.engine);
    const query: Filter = { tenant, ...(dashboard.period ? range(dashboard.period, filter.from, filter.to) : {}) };
    if (filter.storeId) query.storeId = filter.storeId;
    const sorted = (fields: readonly string[]) => ({ sort: fields.map((field) => [field, 1] as [string, 1]) });
    const rows = await store.find(dashboard.collection, query, sorted(dashboard.sort));
    // The dashboard of that name: its answer is the one DashboardAnswers names.
    const answer = (await dashboard.answer(rows as never[], {
      program: (await store.get(COLLECTIONS.programs, tenant)) as ProgramDoc | null,
      now: await this.time.now(tenant),
      rows: (collection, sort) => store.find(collection, { tenant }, sorted(sort)),
    })) as DashboardAnswers[Name];
    return { ...reflecting, ...answer };
  }
}

export const READ_MODEL_QUERY_HANDLERS = [GetCustomerProfileHandler, ListCustomersHandler, GetDashboardHandler];
