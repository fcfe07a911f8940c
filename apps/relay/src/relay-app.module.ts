import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { EventStoreModule } from '@setia/event-store';
import { RelayModule } from '@setia/messaging';
import type { RelayOptions } from '@setia/messaging';
import { PersonalDataModule } from '@setia/personal-data';
import type { SetiaConfig } from '@setia/platform';

/** The relay alone: event store → Kafka (or the local sink); the relay service and the all-in-one's relay thread run it. */
@Module({})
export class RelayAppModule {
  static forRoot(config: SetiaConfig, options: RelayOptions = {}): DynamicModule {
    return {
      module: RelayAppModule,
      imports: [
        EventStoreModule.forRoot(config.eventStore),
        PersonalDataModule.forRoot(config.vault),
        RelayModule.forRoot(config.messaging, options),
      ],
    };
  }
}
