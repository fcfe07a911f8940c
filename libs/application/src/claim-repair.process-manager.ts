import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CHECKPOINT_STORE, EVENT_STORE } from '@setia/event-store';
import type { CheckpointStore, EventStore, RecordedEvent } from '@setia/event-store';
import { CheckpointedSubscription } from './checkpointed-subscription';
import { ClaimRegistry } from './claims';

/** How long a claim is left to the request that made it, before its write is finished or released here. */
const GRACE_MS = 30_000;

/**
 * On an event store that writes stream by stream (EventStoreDB before KurrentDB 25.1), finds
 * every claim left without the events it was made for — the request crashed, or its write timed
 * out twice — and finishes that write or releases the id (ClaimRegistry), without waiting for the
 * request to be retried or another request for the id. Driven by the durable subscription to
 * claim streams from its own checkpoint; a claim is looked at once it is older than a grace
 * period. Idle where appends to several streams are atomic: no such claim is written there.
 */
@Injectable()
export class ClaimRepair implements OnApplicationBootstrap, OnApplicationShutdown {
  static readonly subscriberName = 'claim-repair';
  private readonly logger = new Logger(ClaimRepair.name);
  readonly subscription: CheckpointedSubscription;
  /** Grace before a claim is looked at; tests shorten it. */
  graceMs = GRACE_MS;
  private stopped = false;
  private wakeUp: (() => void) | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) checkpoints: CheckpointStore,
    private readonly claims: ClaimRegistry,
  ) {
    this.subscription = new CheckpointedSubscription(store, checkpoints, ClaimRepair.subscriberName, ['claim-'], (events) => this.handle(events), this.logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.store.atomicAcrossStreams) await this.subscription.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.subscription.stop();
  }

  private async handle(events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type !== 'IdClaimed' || !(event.data as { pending?: unknown }).pending) continue;
      await this.sleepUntil(event.recordedAt.getTime() + this.graceMs);
      // Stopped while waiting: the batch is left unfinished, so its checkpoint is not saved.
      if (this.stopped) throw new Error('stopped');
      const outcome = await this.claims.finishPending(event.streamName, event.revision);
      if (outcome === 'written') this.logger.log(`${event.streamName}: its claim's events were not written; now they are`);
      if (outcome === 'released') this.logger.log(`${event.streamName}: its claim's events can no longer be written; the id is released`);
    }
  }

  private sleepUntil(time: number): Promise<void> {
    const ms = time - Date.now();
    if (ms <= 0 || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wakeUp?.(), ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
    });
  }
}
