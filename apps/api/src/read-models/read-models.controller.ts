import { Controller, Get, Query as QueryString, UseInterceptors } from '@nestjs/common';
import { GenerationSwitchInterceptor } from '../http/generation-switch.interceptor';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Allow } from '@setia/platform';
import type { DashboardAnswers } from '@setia/projections';
import { ID_PATTERN } from '../http/fields';
import { IdParam, TenantParam } from '../http/params';
import { INSTANT_PATTERN, instantParam, pageNumber } from '../http/paging';
import { cursorParam, DAY_SCHEMA, dateParam, MONTH_SCHEMA, monthParam, oneOfParam, STORE_FILTER_SCHEMA, storeParam, textParam } from './read-model.params';
import { GetCustomerProfile, GetDashboard, ListCustomers } from './read-model.queries';

const STAGES = ['buyer', 'customer', 'member'] as const;

/** Customers as the read models see them: lists for the loyalty team, with cursor pagination. */
@ApiTags('read models')
@ApiBearerAuth()
@Allow('admin', 'analyst')
@Controller('v1/tenants/:tenant/customers')
@UseInterceptors(GenerationSwitchInterceptor)
export class CustomerListController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Customers by tier, stage or home store; with lastPurchaseBefore, the at-risk list (longest gone first)' })
  @ApiQuery({ name: 'tier', required: false, schema: { type: 'string', pattern: '^[^|]{1,64}$' } })
  @ApiQuery({ name: 'stage', required: false, enum: STAGES })
  @ApiQuery({ name: 'storeId', required: false, description: 'home store', schema: { type: 'string', pattern: ID_PATTERN.source } })
  @ApiQuery({ name: 'lastPurchaseBefore', required: false, description: 'ISO 8601 date-time with offset', schema: { type: 'string', format: 'date-time', pattern: INSTANT_PATTERN.source } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page (422 for one this API did not give out)', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' } })
  list(
    @TenantParam() tenant: string,
    @QueryString('tier') tier?: string,
    @QueryString('stage') stage?: string,
    @QueryString('storeId') storeId?: string,
    @QueryString('lastPurchaseBefore') lastPurchaseBefore?: string,
    @QueryString('limit') limit?: string,
    @QueryString('cursor') cursor?: string,
  ) {
    return this.queries.execute(
      new ListCustomers(tenant, {
        tier: textParam('tier', tier, /^[^|]{1,64}$/),
        stage: oneOfParam('stage', stage, STAGES),
        storeId: textParam('storeId', storeId, ID_PATTERN),
        lastPurchaseBefore: lastPurchaseBefore === undefined || lastPurchaseBefore === '' ? undefined : instantParam('lastPurchaseBefore', lastPurchaseBefore),
        limit: pageNumber('limit', limit, 100, 1, 500),
        cursor: cursorParam(cursor),
      }),
    );
  }

  @Get(':customerId/profile')
  @ApiOperation({ summary: 'A customer\'s read-model profile: stage, points, tier and since when, lifetime figures, purchases' })
  profile(@TenantParam() tenant: string, @IdParam('customerId') customerId: string) {
    return this.queries.execute(new GetCustomerProfile(tenant, customerId));
  }
}

/** Dashboards of the program, from the read models. Each answer names the checkpoint it reflects. */
@ApiTags('dashboards')
@ApiBearerAuth()
@Allow('admin', 'analyst')
@Controller('v1/tenants/:tenant/dashboards')
@UseInterceptors(GenerationSwitchInterceptor)
export class DashboardsController {
  constructor(private readonly queries: QueryBus) {}

  private monthly<Name extends keyof DashboardAnswers>(tenant: string, name: Name, from?: string, to?: string, storeId?: string) {
    return this.queries.execute(
      new GetDashboard(tenant, name, { from: monthParam('from', from), to: monthParam('to', to), storeId: storeParam(storeId) }),
    );
  }

  @Get('tiers')
  @ApiOperation({ summary: 'Members per tier' })
  tiers(@TenantParam() tenant: string) {
    return this.queries.execute(new GetDashboard(tenant, 'tiers'));
  }

  @Get('store-daily')
  @ApiOperation({ summary: 'Per store and local day: purchases, revenue, unique, new and returning customers, new members, points, returns' })
  @ApiQuery({ name: 'from', required: false, description: 'first local day, YYYY-MM-DD', schema: DAY_SCHEMA })
  @ApiQuery({ name: 'to', required: false, description: 'last local day, YYYY-MM-DD', schema: DAY_SCHEMA })
  @ApiQuery({ name: 'storeId', required: false, description: 'a store; - for the rows of no store', schema: STORE_FILTER_SCHEMA })
  storeDaily(@TenantParam() tenant: string, @QueryString('from') from?: string, @QueryString('to') to?: string, @QueryString('storeId') storeId?: string) {
    return this.queries.execute(
      new GetDashboard(tenant, 'store-daily', { from: dateParam('from', from), to: dateParam('to', to), storeId: storeParam(storeId) }),
    );
  }

  @Get('campaigns')
  @ApiOperation({ summary: 'Per campaign: budget left, per local day receipts and points given and taken back, and spend per member in the campaign against its holdout' })
  @ApiQuery({ name: 'from', required: false, description: 'first local day, YYYY-MM-DD', schema: DAY_SCHEMA })
  @ApiQuery({ name: 'to', required: false, description: 'last local day, YYYY-MM-DD', schema: DAY_SCHEMA })
  @ApiQuery({ name: 'storeId', required: false, description: 'a store', schema: { type: 'string', pattern: ID_PATTERN.source } })
  campaigns(@TenantParam() tenant: string, @QueryString('from') from?: string, @QueryString('to') to?: string, @QueryString('storeId') storeId?: string) {
    return this.queries.execute(
      new GetDashboard(tenant, 'campaigns', { from: dateParam('from', from), to: dateParam('to', to), storeId: textParam('storeId', storeId, ID_PATTERN) }),
    );
  }

  @Get('offers')
  @ApiOperation({ summary: 'Per member-only offer and per tier discount: the purchases that applied it, what it took off and what they paid, in all and per local day' })
  @ApiQuery({ name: 'from', required: false, description: 'first local day, YYYY-MM-DD', schema: DAY_SCHEMA })
  @ApiQuery({ name: 'to', required: false, description: 'last local day, YYYY-MM-DD', schema: DAY_SCHEMA })
  @ApiQuery({ name: 'storeId', required: false, description: 'a store', schema: { type: 'string', pattern: ID_PATTERN.source } })
  offers(@TenantParam() tenant: string, @QueryString('from') from?: string, @QueryString('to') to?: string, @QueryString('storeId') storeId?: string) {
    return this.queries.execute(
      new GetDashboard(tenant, 'offers', { from: dateParam('from', from), to: dateParam('to', to), storeId: textParam('storeId', storeId, ID_PATTERN) }),
    );
  }

  @Get('cohorts')
  @ApiOperation({ summary: 'Cohort retention: customers by month of first purchase × months since, distinct customers who bought' })
  @ApiQuery({ name: 'from', required: false, description: 'first cohort month, YYYY-MM', schema: MONTH_SCHEMA })
  @ApiQuery({ name: 'to', required: false, description: 'last cohort month, YYYY-MM', schema: MONTH_SCHEMA })
  @ApiQuery({ name: 'storeId', required: false, description: 'store of the first purchase; - for no store', schema: STORE_FILTER_SCHEMA })
  cohorts(@TenantParam() tenant: string, @QueryString('from') from?: string, @QueryString('to') to?: string, @QueryString('storeId') storeId?: string) {
    return this.monthly(tenant, 'cohorts', from, to, storeId);
  }

  @Get('funnel')
  @ApiOperation({ summary: 'Buyers → repeat customers → members per month, with conversion rates' })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM', schema: MONTH_SCHEMA })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM', schema: MONTH_SCHEMA })
  @ApiQuery({ name: 'storeId', required: false, description: 'a store; - for the rows of no store', schema: STORE_FILTER_SCHEMA })
  funnel(@TenantParam() tenant: string, @QueryString('from') from?: string, @QueryString('to') to?: string, @QueryString('storeId') storeId?: string) {
    return this.monthly(tenant, 'funnel', from, to, storeId);
  }

  @Get('purchase-frequency')
  @ApiOperation({ summary: 'Purchases per customer and repeat-purchase rate per store and month' })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM', schema: MONTH_SCHEMA })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM', schema: MONTH_SCHEMA })
  @ApiQuery({ name: 'storeId', required: false, description: 'a store; - for the rows of no store', schema: STORE_FILTER_SCHEMA })
  purchaseFrequency(@TenantParam() tenant: string, @QueryString('from') from?: string, @QueryString('to') to?: string, @QueryString('storeId') storeId?: string) {
    return this.monthly(tenant, 'purchase-frequency', from, to, storeId);
  }

  @Get('feedback')
  @ApiOperation({ summary: 'NPS (promoters − detractors as % of answers) and CSAT per store and month' })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM', schema: MONTH_SCHEMA })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM', schema: MONTH_SCHEMA })
  @ApiQuery({ name: 'storeId', required: false, description: 'a store; - for the rows of no store', schema: STORE_FILTER_SCHEMA })
  feedback(@TenantParam() tenant: string, @QueryString('from') from?: string, @QueryString('to') to?: string, @QueryString('storeId') storeId?: string) {
    return this.monthly(tenant, 'feedback', from, to, storeId);
  }

  @Get('referrals')
  @ApiOperation({ summary: 'Referrals registered and qualified, conversion, bonus points given' })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM', schema: MONTH_SCHEMA })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM', schema: MONTH_SCHEMA })
  @ApiQuery({ name: 'storeId', required: false, description: 'a store; - for the rows of no store', schema: STORE_FILTER_SCHEMA })
  referrals(@TenantParam() tenant: string, @QueryString('from') from?: string, @QueryString('to') to?: string, @QueryString('storeId') storeId?: string) {
    return this.monthly(tenant, 'referrals', from, to, storeId);
  }

  @Get('vouchers')
  @ApiOperation({ summary: 'Vouchers issued (by stamp cards, daily gifts, for points), used, uses cancelled, withdrawn, and stamps collected and taken back, per store and month' })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM', schema: MONTH_SCHEMA })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM', schema: MONTH_SCHEMA })
  @ApiQuery({ name: 'storeId', required: false, description: 'a store; - for the rows of no store', schema: STORE_FILTER_SCHEMA })
  vouchers(@TenantParam() tenant: string, @QueryString('from') from?: string, @QueryString('to') to?: string, @QueryString('storeId') storeId?: string) {
    return this.monthly(tenant, 'vouchers', from, to, storeId);
  }

  @Get('partner-settlement')
  @ApiOperation({ summary: 'Partner settlement: gift-card codes given to members and the points they cost, per partner and month' })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM', schema: MONTH_SCHEMA })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM', schema: MONTH_SCHEMA })
  partnerSettlement(@TenantParam() tenant: string, @QueryString('from') from?: string, @QueryString('to') to?: string) {
    return this.queries.execute(new GetDashboard(tenant, 'partner-settlement', { from: monthParam('from', from), to: monthParam('to', to) }));
  }

  @Get('points-liability')
  @ApiOperation({ summary: 'Outstanding points, per tier, with the redemption rate' })
  pointsLiability(@TenantParam() tenant: string) {
    return this.queries.execute(new GetDashboard(tenant, 'points-liability'));
  }
}
