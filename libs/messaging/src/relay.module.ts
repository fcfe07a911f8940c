import { Inject, Injectable, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CHECKPOINT_STORE, EVENT_STORE } from '@setia/event-store';
import type { CheckpointStore, EventStore } from '@setia/event-store';
import { PersonalData } from '@setia/personal-data';
import { lagGauges } from '@setia/platform';
import type { SetiaConfig } from '@setia/platform';
import { KafkaPublisher } from './kafka-publisher';
import { LocalSinkPublisher } from './local-sink-publisher';
import { EVENT_PUBLISHER } from './publisher.port';
import type { EventPublisher } from './publisher.port';
import { Relay } from './relay';
import type { RelayHealth, RelayOptions, RelayStatus } from './relay';

const RELAY_OPTIONS = Symbol('RELAY_OPTIONS');

/** The publisher the configuration chose: Kafka when brokers are set, else the local sink. */
export function createPublisher(config: SetiaConfig['messaging']): EventPublisher {
  return config.kind === 'kafka'
    ? new KafkaPublisher({ brokers: config.brokers, clientId: config.clientId, topicPartitions: config.topicPartitions })
    : new LocalSinkPublisher(config.dir);
}

/**
 * The relay inside a Nest application: starts on bootstrap (an unreachable Kafka fails the start
 * with BrokerUnreachable, a ConfigError naming KAFKA_BROKERS) and stops on shutdown, before the
 * event store closes. Inject it to show `health()` on /health.
 */
@Injectable()
export class RelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: Relay;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CHECKPOINT_STORE) checkpoints: CheckpointStore,
    @Inject(EVENT_PUBLISHER) publisher: EventPublisher,
    @Inject(RELAY_OPTIONS) options: RelayOptions,
    personalData: PersonalData,
  ) {
    this.relay = new Relay(store, checkpoints, publisher, { ...options, personalData });
    lagGauges('relay', async () => (await this.relay.health()).lag);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }

  status(): RelayStatus {
    return this.relay.status();
  }

  health(): Promise<RelayHealth> {
    return this.relay.health();
  }
}

/**
 * `RelayModule.forRoot(config.messaging)`: needs EVENT_STORE and CHECKPOINT_STORE from a global
 * EventStoreModule and PersonalData from a global PersonalDataModule (as the API and the
 * all-in-one app import them). Exports RelayService.
 */
@Module({})
export class RelayModule {
  static forRoot(messaging: SetiaConfig['messaging'], options: RelayOptions = {}): DynamicModule {
    return {
      module: RelayModule,
      providers: [
        { provide: EVENT_PUBLISHER, useFactory: () => createPublisher(messaging) },
        { provide: RELAY_OPTIONS, useValue: options },
        RelayService,
      ],
      exports: [RelayService],
    };
  }
}
