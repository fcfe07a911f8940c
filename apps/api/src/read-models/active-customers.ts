import { Controller, Get, Inject, Query as QueryString, UseInterceptors } from '@nestjs/common';
import { GenerationSwitchInterceptor } from '../http/generation-switch.interceptor';
import { Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { TENANT_TIME } from '@setia/application';
import type { TenantTime } from '@setia/application';
import { localDate } from '@setia/domain';
import { activeCustomersDashboard, COLLECTIONS, WHOLE_CHAIN, zonesOf } from '@setia/projections';
import type { ActiveCustomerChangesDoc, ProgramDoc } from '@setia/projections';
import { READ_STORE_ENGINE } from '@setia/read-store';
import type { ReadStoreEngine } from '@setia/read-store';
import { Allow } from '@setia/platform';
import { ID_PATTERN } from '../http/fields';
import { TenantParam } from '../http/params';
import { DAY_SCHEMA, dateParam, textParam } from './read-model.params';
import { activeStore } from './read-model.queries';
import type { Reflecting } from './read-model.queries';

export class GetActiveCustomers extends Query<Reflecting & { asOf: string; storeId: string | null; customers: number; last30Days: number; last90Days: number }> {
  constructor(readonly tenant: string, readonly storeId?: string, readonly asOf?: string) {
    super();
  }
}

/**
 * Active customers on a local day (today unless asked; never later than today): who had bought
 * at all by then, and who bought on that day or the 29 (89) before it, from the changes by day
 * the projector keeps (dashboards/active-customers.ts). With a store, who bought at that store;
 * the day is the store's (or else the tenant's) local day.
 */
@QueryHandler(GetActiveCustomers)
export class GetActiveCustomersHandler implements IQueryHandler<GetActiveCustomers> {
  constructor(@Inject(READ_STORE_ENGINE) private readonly engine: ReadStoreEngine, @Inject(TENANT_TIME) private readonly time: TenantTime) {}

  async execute({ tenant, storeId, asOf }: GetActiveCustomers) {
    const { store, reflecting } = await activeStore(this.engine);
    const program = (await store.get(COLLECTIONS.programs, tenant)) as ProgramDoc | null;
    const today = localDate(await this.time.now(tenant), zonesOf(program)(storeId));
    const day = asOf === undefined || asOf > today ? today : asOf;
    const rows = (await store.find(activeCustomersDashboard.collection, { tenant, storeId: storeId ?? WHOLE_CHAIN, date: { $lte: day } })) as ActiveCustomerChangesDoc[];
    const figures = activeCustomersDashboard.answer(rows, { program, now: today, rows: async () => [] }) as { customers: number; last30Days: number; last90Days: number };
    return { ...reflecting, asOf: day, storeId: storeId ?? null, ...figures };
  }
}

@ApiTags('dashboards')
@ApiBearerAuth()
@Allow('admin', 'analyst')
@Controller('v1/tenants/:tenant/dashboards/active-customers')
@UseInterceptors(GenerationSwitchInterceptor)
export class ActiveCustomersController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Customers who had bought at all, in the 30 days and in the 90 days up to a local day (today unless asked)' })
  @ApiQuery({ name: 'storeId', required: false, description: 'a store: customers who bought there', schema: { type: 'string', pattern: ID_PATTERN.source } })
  @ApiQuery({ name: 'asOf', required: false, description: 'the local day, YYYY-MM-DD (a later day than today answers for today)', schema: DAY_SCHEMA })
  activeCustomers(@TenantParam() tenant: string, @QueryString('storeId') storeId?: string, @QueryString('asOf') asOf?: string) {
    return this.queries.execute(new GetActiveCustomers(tenant, textParam('storeId', storeId, ID_PATTERN), dateParam('asOf', asOf)));
  }
}
