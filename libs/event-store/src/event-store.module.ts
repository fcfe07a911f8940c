import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Global, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationShutdown } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import type { SetiaConfig } from '@setia/platform';
import { CHECKPOINT_STORE } from './checkpoint-store.port';
import { EVENT_STORE } from './event-store.port';
import type { EventStore } from './event-store.port';
import { EsdbCheckpointStore } from './esdb/esdb-checkpoint-store';
import { EsdbEventStore } from './esdb/esdb-event-store';
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
  /**
   * `writerThread`: the embedded store commits on a thread of its own (see SqliteEventStore). The
   * API takes it: its many small concurrent appends commit while the next requests are decided.
   * So does the projector's process, for its scheduler: a pass decides a chunk of members while the
   * chunk before commits. The relay appends nothing.
   */
  static forRoot(config: SetiaConfig['eventStore'], options: { writerThread?: boolean } = {}): DynamicModule {
    if (config.kind === 'esdb') {
      return {
        module: EventStoreModule,
        providers: [
          // Connects and pings the server: a bad EVENTSTORE_URL or an unreachable server fails start-up
          // within seconds with one Error naming EVENTSTORE_URL (password masked).
          { provide: EVENT_STORE, useFactory: () => EsdbEventStore.connect(config.url) },
          // Checkpoints live in the same EventStoreDB, on the event store's client (closed with it).
          { provide: CHECKPOINT_STORE, useFactory: (store: EsdbEventStore) => new EsdbCheckpointStore(store.client), inject: [EVENT_STORE] },
          EventStoreLifecycle,
        ],
        exports: [EVENT_STORE, CHECKPOINT_STORE],
      };
    }
    mkdirSync(dirname(config.file), { recursive: true });
    return {
      module: EventStoreModule,
      providers: [
        { provide: EVENT_STORE, useFactory: () => new SqliteEventStore(config.file, { synchronous: config.synchronous, writerThread: options.writerThread }) },
        { provide: CHECKPOINT_STORE, useFactory: () => new SqliteCheckpointStore(config.file) },
        EventStoreLifecycle,
      ],
      exports: [EVENT_STORE, CHECKPOINT_STORE],
    };
  }
}
