import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ProcessManagersModule } from '@setia/application';
import { EventStoreModule } from '@setia/event-store';
import { PersonalDataModule } from '@setia/personal-data';
import { HealthModule, MetricsModule } from '@setia/platform';
import type { SetiaConfig } from '@setia/platform';
import { ProjectorModule } from '@setia/projections';
import { ReadStoreModule } from '@setia/read-store';
import { EventStoreHealth, ReadStoreHealth } from '../../api/src/health-checks';

/**
 * The projector service: event store → read models, and the process managers (referral bonus),
 * each on its own durable subscription. Run one per deployment; /health and /health/ready.
 */
@Module({})
export class ProjectorAppModule {
  static forRoot(config: SetiaConfig): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [
        // The scheduler's passes append while they decide the next members (see Scheduler).
        EventStoreModule.forRoot(config.eventStore, { writerThread: true }),
        // The process managers append through the customer ledger, which reads sealed fields.
        PersonalDataModule.forRoot(config.vault),
        ReadStoreModule.forRoot(config.readStore),
        HealthModule,
        MetricsModule.forRoot(config.metrics),
        ProjectorModule,
        ProcessManagersModule.forRoot(config),
      ],
      providers: [EventStoreHealth, ReadStoreHealth],
    };
  }
}
