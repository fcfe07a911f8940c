import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { EventStoreModule } from '@setia/event-store';
import { HealthModule } from '@setia/platform';
import type { SetiaConfig } from '@setia/platform';
import { ProjectorModule } from '@setia/projections';
import { ReadStoreModule } from '@setia/read-store';
import { EventStoreHealth, ReadStoreHealth } from '../../api/src/health-checks';

/** The projector alone: event store → read models, with /health and /health/ready. */
@Module({})
export class ProjectorAppModule {
  static forRoot(config: SetiaConfig): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [EventStoreModule.forRoot(config.eventStore), ReadStoreModule.forRoot(config.readStore), HealthModule, ProjectorModule],
      providers: [EventStoreHealth, ReadStoreHealth],
    };
  }
}
