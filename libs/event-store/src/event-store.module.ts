import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Global, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationShutdown } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import type { SetiaConfig } from '@setia/platform';
import { CHECKPOINT_STORE } from './checkpoint-store.port';
import { EVENT_STORE } from './event-store.port';
import type { EventStore } from './event-store.port';
import { SqliteCheckpointStore } from './sqlite/sqlite-checkpoint-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Provides EVENT_STORE and CHECKPOINT_STORE with the adapter the configuration chose. */
@Global()
@Module({})
export class EventStoreModule {
  static forRoot(config: SetiaConfig['eventStore']): DynamicModule {
    if (config.kind !== 'sqlite') throw new Error(`event store ${config.kind} is not available in this build`);
    mkdirSync(dirname(config.file), { recursive: true });
    return {
      module: EventStoreModule,
      providers: [
        { provide: EVENT_STORE, useFactory: () => new SqliteEventStore(config.file, { synchronous: config.synchronous }) },
        { provide: CHECKPOINT_STORE, useFactory: () => new SqliteCheckpointStore(config.file) },
        EventStoreLifecycle,
      ],
      exports: [EVENT_STORE, CHECKPOINT_STORE],
    };
  }
}
