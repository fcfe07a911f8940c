import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplicationModule } from '@setia/application';
import { EventStoreModule } from '@setia/event-store';
import type { SetiaConfig } from '@setia/platform';
import { CUSTOMER_COMMAND_HANDLERS } from './customers/customer.commands';
import { GetBalanceAsOfHandler, GetCustomerHandler, GetLedgerHandler } from './customers/customer.queries';
import { CustomersController, TillController } from './customers/customers.controller';
import { HealthController } from './health.controller';
import { ProblemFilter } from './http/problem.filter';
import { validationPipe } from './http/validation';
import { ConfigureProgramHandler, GetProgramHandler } from './program/program.commands';
import { ProgramController } from './program/program.controller';

/** The HTTP API: commands from tills and admins, queries on customers. */
@Module({})
export class ApiModule {
  static forRoot(config: SetiaConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [EventStoreModule.forRoot(config.eventStore), CqrsModule.forRoot(), ApplicationModule],
      controllers: [HealthController, ProgramController, TillController, CustomersController],
      providers: [
        { provide: APP_PIPE, useFactory: validationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
        ...CUSTOMER_COMMAND_HANDLERS,
        ConfigureProgramHandler,
        GetProgramHandler,
        GetCustomerHandler,
        GetLedgerHandler,
        GetBalanceAsOfHandler,
      ],
    };
  }
}
