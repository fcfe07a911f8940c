import { Controller, Get, Inject, Query as QueryString } from '@nestjs/common';
import { Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CLOCK } from '@setia/application';
import type { Clock } from '@setia/application';
import { COLLECTIONS } from '@setia/projections';
import { READ_STORE_ENGINE } from '@setia/read-store';
import type { Filter, ReadStoreEngine } from '@setia/read-store';
import { Allow } from '@setia/platform';
import { ID_PATTERN } from '../http/fields';
import { TenantParam } from '../http/params';
import { textParam } from './read-model.params';
import { activeStore } from './read-model.queries';
import type { Reflecting } from './read-model.queries';

const DAY_MS = 86_400_000;

export class GetActiveCustomers extends Query<Reflecting & { asOf: string; customers: number; last30Days: number; last90Days: number }> {
  constructor(readonly tenant: string, readonly storeId?: string) {
    super();
  }
}

/**
 * Active customers: those whose last purchase is at most 30 (90) days before now, counted on the
 * customers' index of last purchases. With a store, those whose last purchase was there, so the
 * stores' figures add up to the chain's.
 */
@QueryHandler(GetActiveCustomers)
export class GetActiveCustomersHandler implements IQueryHandler<GetActiveCustomers> {
  constructor(@Inject(READ_STORE_ENGINE) private readonly engine: ReadStoreEngine, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ tenant, storeId }: GetActiveCustomers) {
    const { store, reflecting } = await activeStore(this.engine);
    const asOf = this.clock.now();
    const since = (days: number) => new Date(Date.parse(asOf) - days * DAY_MS).toISOString();
    const count = (lastPurchaseAt: Filter[string]) =>
      store.count(COLLECTIONS.customers, { tenant, lastPurchaseAt, ...(storeId !== undefined && { lastPurchaseStoreId: storeId }) });
    const [customers, last30Days, last90Days] = await Promise.all([count({ $gt: '' }), count({ $gte: since(30) }), count({ $gte: since(90) })]);
    return { ...reflecting, asOf, customers, last30Days, last90Days };
  }
}

@ApiTags('dashboards')
@ApiBearerAuth()
@Allow('admin', 'analyst')
@Controller('v1/tenants/:tenant/dashboards/active-customers')
export class ActiveCustomersController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Customers who bought at all, in the last 30 days and in the last 90 days (by their last purchase)' })
  @ApiQuery({ name: 'storeId', required: false, description: 'the store of their last purchase', schema: { type: 'string', pattern: ID_PATTERN.source } })
  activeCustomers(@TenantParam() tenant: string, @QueryString('storeId') storeId?: string) {
    return this.queries.execute(new GetActiveCustomers(tenant, textParam('storeId', storeId, ID_PATTERN)));
  }
}
