import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplicationModule } from '@setia/application';
import { EventStoreModule } from '@setia/event-store';
import { HealthModule } from '@setia/platform';
import type { SetiaConfig } from '@setia/platform';
import { ReadStoreModule } from '@setia/read-store';
import { CUSTOMER_COMMAND_HANDLERS } from './customers/customer.commands';
import { GetBalanceAsOfHandler, GetCustomerHandler, GetLedgerHandler } from './customers/customer.queries';
import { CustomersController, TillController } from './customers/customers.controller';
import { EventStoreHealth, ReadStoreHealth } from './health-checks';
import { ProblemFilter } from './http/problem.filter';
import { validationPipe } from './http/validation';
import { ConfigureProgramHandler, GetProgramHandler } from './program/program.commands';
import { ProgramController } from './program/program.controller';
import { READ_MODEL_QUERY_HANDLERS } from './read-models/read-model.queries';
import { CustomerListController, DashboardsController } from './read-models/read-models.controller';

/** The HTTP API: commands from tills and admins, queries on customers, ledgers and read models. */
@Module({})
export class ApiModule {
  static forRoot(config: SetiaConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        EventStoreModule.forRoot(config.eventStore),
        ReadStoreModule.forRoot(config.readStore),
        HealthModule,
        CqrsModule.forRoot(),
        ApplicationModule,
      ],
      controllers: [ProgramController, TillController, CustomerListController, CustomersController, DashboardsController],
      providers: [
        { provide: APP_PIPE, useFactory: validationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
        ...CUSTOMER_COMMAND_HANDLERS,
        ConfigureProgramHandler,
        GetProgramHandler,
        GetCustomerHandler,
        GetLedgerHandler,
        GetBalanceAsOfHandler,
        ...READ_MODEL_QUERY_HANDLERS,
        EventStoreHealth,
        ReadStoreHealth,
      ],
    };
  }
}
