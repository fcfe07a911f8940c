import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';
import { HealthRegistry } from '@setia/platform';
import { READ_STORE_ENGINE } from '@setia/read-store';
import type { ReadStoreEngine } from '@setia/read-store';

/** Up while the event store answers a read of its newest event. */
@Injectable()
export class EventStoreHealth {
  constructor(registry: HealthRegistry, @Inject(EVENT_STORE) store: EventStore) {
    registry.register('eventStore', async () => {
      await store.readAll({ direction: 'backwards', maxCount: 1 });
      return { up: true };
    });
  }
}

/** Up while the read store answers which generation is active. */
@Injectable()
export class ReadStoreHealth {
  constructor(registry: HealthRegistry, @Inject(READ_STORE_ENGINE) engine: ReadStoreEngine) {
    registry.register('readStore', async () => ({ up: true, generation: await engine.activeGeneration() }));
  }
}
