import { Controller, Get, Inject, Query as QueryString, UseInterceptors } from '@nestjs/common';
import { GenerationSwitchInterceptor } from '../http/generation-switch.interceptor';
import { Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { COLLECTIONS } from '@setia/projections';
import { READ_STORE_ENGINE } from '@setia/read-store';
import type { ReadStoreEngine } from '@setia/read-store';
import { Allow } from '@setia/platform';
import { ID_PATTERN } from '../http/fields';
import { TenantParam } from '../http/params';
import { textParam } from './read-model.params';
import { activeStore } from './read-model.queries';
import type { Reflecting } from './read-model.queries';

/** Bars of the purchase-frequency histogram: purchases per customer, `to` null for "and more". */
export const PURCHASE_COUNT_BUCKETS: ReadonlyArray<{ from: number; to: number | null }> = [
  { from: 1, to: 1 },
  { from: 2, to: 2 },
  { from: 3, to: 3 },
  { from: 4, to: 5 },
  { from: 6, to: 10 },
  { from: 11, to: 20 },
  { from: 21, to: null },
];

export class GetPurchaseCounts extends Query<Reflecting & { buckets: Array<{ from: number; to: number | null; customers: number }> }> {
  constructor(readonly tenant: string, readonly storeId?: string) {
    super();
  }
}

/** How many customers made 1, 2, 3, 4–5 … purchases in all (net of nothing: a returned purchase still counts). */
@QueryHandler(GetPurchaseCounts)
export class GetPurchaseCountsHandler implements IQueryHandler<GetPurchaseCounts> {
  constructor(@Inject(READ_STORE_ENGINE) private readonly engine: ReadStoreEngine) {}

  async execute({ tenant, storeId }: GetPurchaseCounts) {
    const { store, reflecting } = await activeStore(this.engine);
    const buckets = await Promise.all(
      PURCHASE_COUNT_BUCKETS.map(async ({ from, to }) => ({
        from,
        to,
        customers: await store.count(COLLECTIONS.customers, {
          tenant,
          purchaseCount: { $gte: from, ...(to !== null && { $lte: to }) },
          ...(storeId !== undefined && { lastPurchaseStoreId: storeId }),
        }),
      })),
    );
    return { ...reflecting, buckets };
  }
}

@ApiTags('dashboards')
@ApiBearerAuth()
@Allow('admin', 'analyst')
@Controller('v1/tenants/:tenant/dashboards/purchase-counts')
@UseInterceptors(GenerationSwitchInterceptor)
export class PurchaseCountsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Purchase frequency as a histogram: customers by number of purchases (1, 2, 3, 4–5, 6–10, 11–20, 21 and more)' })
  @ApiQuery({ name: 'storeId', required: false, description: 'the store of their last purchase', schema: { type: 'string', pattern: ID_PATTERN.source } })
  purchaseCounts(@TenantParam() tenant: string, @QueryString('storeId') storeId?: string) {
    return this.queries.execute(new GetPurchaseCounts(tenant, textParam('storeId', storeId, ID_PATTERN)));
  }
}
