import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplicationModule } from '@setia/application';
import { EventStoreModule } from '@setia/event-store';
import { PersonalDataModule } from '@setia/personal-data';
import { HealthModule, MetricsModule } from '@setia/platform';
import type { SetiaConfig } from '@setia/platform';
import { ReadStoreModule } from '@setia/read-store';
import { AccessBootstrap, ACCESS_CONFIG, PLATFORM_KEY_NOTICE } from './access/access-bootstrap';
import { AccessController } from './access/access.controller';
import { ClockController } from './access/clock.controller';
import { AccessGuard, RATE_LIMITER } from './access/access.guard';
import { CallerController } from './access/caller.controller';
import { CAMPAIGN_HANDLERS, CampaignsController } from './campaigns/campaigns.controller';
import { OFFER_HANDLERS, OffersController } from './offers/offers.controller';
import { DefineSegmentHandler, SegmentsController } from './segments/segments.controller';
import { RateLimiter } from './access/rate-limiter';
import { CUSTOMER_COMMAND_HANDLERS } from './customers/customer.commands';
import { FindMemberByCardHandler, GetBalanceAsOfHandler, GetCustomerHandler, GetLedgerHandler, GetLotsHandler, GetMemberOffersHandler, GetTillSummaryHandler, QuoteBasketHandler } from './customers/customer.queries';
import { CardsController, CustomersController, TillController } from './customers/customers.controller';
import { FeedbackCommentsController, GetFeedbackCommentsHandler } from './customers/feedback-comments';
import { PARTNER_HANDLERS, PartnersController } from './customers/partners';
import { VOUCHER_HANDLERS, VouchersController } from './customers/vouchers';
import { EventStoreHealth, ReadStoreHealth } from './health-checks';
import { ProblemFilter } from './http/problem.filter';
import { BodyValidationPipe } from './http/validation';
import { ConfigureProgramHandler, GetProgramHandler } from './program/program.commands';
import { GetMemberHistoryHandler, GetMemberProfileHandler, GetMemberRewardsHandler, MemberController } from './member/member.controller';
import { ProgramController } from './program/program.controller';
import { GetProgramRevisionsHandler, ProgramRevisionsController } from './program/program-revisions';
import { ActiveCustomersController, GetActiveCustomersHandler } from './read-models/active-customers';
import { GetPurchaseCountsHandler, PurchaseCountsController } from './read-models/purchase-counts';
import { READ_MODEL_QUERY_HANDLERS } from './read-models/read-model.queries';
import { CustomerListController, DashboardsController } from './read-models/read-models.controller';

/** The HTTP API: commands from tills and admins, queries on customers, ledgers and read models. */
@Module({})
export class ApiModule {
  static forRoot(config: SetiaConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        EventStoreModule.forRoot(config.eventStore, { writerThread: true }),
        PersonalDataModule.forRoot(config.vault),
        ReadStoreModule.forRoot(config.readStore),
        HealthModule,
        MetricsModule.forRoot(config.metrics),
        CqrsModule.forRoot(),
        ApplicationModule,
      ],
      controllers: [
        AccessController,
        ClockController,
        CallerController,
        ProgramController,
        ProgramRevisionsController,
        SegmentsController,
        CampaignsController,
        OffersController,
        TillController,
        CardsController,
        CustomerListController,
        CustomersController,
        DashboardsController,
        ActiveCustomersController,
        PurchaseCountsController,
        FeedbackCommentsController,
        MemberController,
        VouchersController,
        PartnersController,
      ],
      providers: [
        { provide: APP_PIPE, useClass: BodyValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: ACCESS_CONFIG, useValue: config.access },
        { provide: PLATFORM_KEY_NOTICE, useValue: { format: config.logging.format, dataDir: config.dataDir } },
        { provide: RATE_LIMITER, useValue: new RateLimiter(config.access.rateLimit.perSecond, config.access.rateLimit.burst) },
        AccessBootstrap,
        ...CUSTOMER_COMMAND_HANDLERS,
        ConfigureProgramHandler,
        GetProgramHandler,
        ...CAMPAIGN_HANDLERS,
        ...OFFER_HANDLERS,
        DefineSegmentHandler,
        GetProgramRevisionsHandler,
        GetActiveCustomersHandler,
        GetPurchaseCountsHandler,
        GetFeedbackCommentsHandler,
        ...VOUCHER_HANDLERS,
        ...PARTNER_HANDLERS,
        GetCustomerHandler,
        GetLedgerHandler,
        GetLotsHandler,
        GetBalanceAsOfHandler,
        GetTillSummaryHandler,
        QuoteBasketHandler,
        GetMemberOffersHandler,
        FindMemberByCardHandler,
        GetMemberProfileHandler,
        GetMemberHistoryHandler,
        GetMemberRewardsHandler,
        ...READ_MODEL_QUERY_HANDLERS,
        EventStoreHealth,
        ReadStoreHealth,
      ],
    };
  }
}
