import { Logger } from '@nestjs/common';
import { parseCustomerStream } from '@setia/domain';
import type { CheckpointStore, EventStore, Position, RecordedEvent, Subscription } from '@setia/event-store';
import { PERSONAL_FIELDS } from '@setia/personal-data';
import type { PersonalData } from '@setia/personal-data';
import { isSkip, toMessage } from './cloud-event';
import type { EventPublisher, OutgoingMessage, PublisherStatus } from './publisher.port';

export interface RelayOptions {
  /** Name of the relay's checkpoint. */
  subscriberName?: string;
  /** Largest number of events read, published and checkpointed together. */
  batchSize?: number;
  topicPrefix?: string;
  /** First wait after a failed publish; doubles up to retryMaxMs. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** While idle, how often the publisher's connection is checked (so health shows a lost broker). */
  checkIntervalMs?: number;
  /** Wait before re-subscribing after the subscription itself failed (event store error). */
  restartDelayMs?: number;
  /**
   * Opens sealed personal fields, so a message can carry what is derived from them (birthMonth,
   * hasComment) while the customer's key exists; without it, or once erased, nothing is derived.
   */
  personalData?: Pick<PersonalData, 'open'>;
}

export type RelayState = 'stopped' | 'starting' | 'catching-up' | 'live' | 'disconnected';

/** What the relay reports on /health. */
export interface RelayStatus {
  state: RelayState;
  /** The publisher reached its target the last time it tried. */
  connected: boolean;
  publisher: PublisherStatus;
  lastError?: { message: string; at: string };
  /** Since when publishing fails, while it does. */
  disconnectedSince?: string;
  /** How many times publishing went from working to failing since start. */
  disconnections: number;
  /** Last position fully published and checkpointed. */
  checkpoint?: Position;
  published: number;
  /** Events of internal streams and of types without a public schema, not published. */
  skipped: number;
  lastPublishedAt?: string;
}

export interface RelayHealth extends RelayStatus {
  /** How far behind the newest stored event the relay is. */
  lag: {
    /** Events (of any stream) after the checkpoint, where positions count events (SQLite); else null. */
    events: number | null;
    /** Age of the oldest event not yet published; 0 when caught up. */
    seconds: number;
  };
}

class RelayStopped extends Error {
  constructor() {
    super('the relay is stopping');
  }
}

/**
 * The relay: a durable subscription to all events from its own checkpoint that publishes each
 * customer and program event as a CloudEvent. Per batch: map, publish, and only once the publisher
 * acknowledged, save the checkpoint. A failed publish is retried with backoff until it succeeds or
 * the relay stops, so nothing is skipped; a crash between publish and checkpoint re-sends that
 * batch (at least once; duplicates carry the same ce_id).
 */
export class Relay {
  static readonly defaultSubscriberName = 'relay';
  private readonly logger = new Logger('Relay');
  private readonly name: string;
  private readonly batchSize: number;
  private subscription: Subscription | undefined;
  private state: RelayState = 'stopped';
  private stopping = false;
  private publishing = false;
  /** The batch being published and checkpointed, if any. */
  private inFlight: Promise<void> = Promise.resolve();
  private live = false;
  private checkpoint: Position | undefined;
  private published = 0;
  private skipped = 0;
  private disconnections = 0;
  private disconnectedSince: Date | undefined;
  private lastError: RelayStatus['lastError'];
  private lastPublishedAt: Date | undefined;
  private checkTimer: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private wakeRetry: (() => void) | undefined;
  private readonly warnedTypes = new Set<string>();
  private waiters: Array<{ position: Position; resolve: () => void }> = [];

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly publisher: EventPublisher,
    private readonly options: RelayOptions = {},
  ) {
    this.name = options.subscriberName ?? Relay.defaultSubscriberName;
    this.batchSize = options.batchSize ?? 2000;
  }

  /** Connects the publisher (rejecting with a clear error when it cannot) and starts relaying. */
  async start(): Promise<void> {
    this.stopping = false;
    this.state = 'starting';
    try {
      await this.publisher.connect();
    } catch (error) {
      this.state = 'stopped';
      this.lastError = { message: (error as Error).message, at: new Date().toISOString() };
      throw error;
    }
    await this.subscribe();
    const interval = this.options.checkIntervalMs ?? 5000;
    if (this.publisher.check && interval > 0) {
      this.checkTimer = setInterval(() => void this.checkWhileIdle(), interval);
      this.checkTimer.unref();
    }
    const target = this.publisher.status();
    this.logger.log(`publishing to ${target.kind} ${target.target} from ${this.checkpoint ? `position ${this.checkpoint}` : 'the first event'}`);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.checkTimer);
    clearTimeout(this.restartTimer);
    this.wakeRetry?.();
    await this.subscription?.stop();
    this.subscription = undefined;
    await this.inFlight.catch(() => undefined);
    await this.publisher.close();
    this.state = 'stopped';
  }

  status(): RelayStatus {
    const publisher = this.publisher.status();
    return {
      state: this.state,
      connected: publisher.connected && this.disconnectedSince === undefined,
      publisher,
      ...(this.lastError && { lastError: this.lastError }),
      ...(this.disconnectedSince && { disconnectedSince: this.disconnectedSince.toISOString() }),
      disconnections: this.disconnections,
      ...(this.checkpoint && { checkpoint: this.checkpoint }),
      published: this.published,
      skipped: this.skipped,
      ...(this.lastPublishedAt && { lastPublishedAt: this.lastPublishedAt.toISOString() }),
    };
  }

  /** The status with the lag behind the newest stored event (two small reads of the store). */
  async health(): Promise<RelayHealth> {
    const status = this.status();
    const [head] = await this.store.readAll({ direction: 'backwards', maxCount: 1 });
    if (!head || (this.checkpoint !== undefined && head.position <= this.checkpoint)) {
      return { ...status, lag: { events: 0, seconds: 0 } };
    }
    const [oldest] = await this.store.readAll({ after: this.checkpoint, maxCount: 1 });
    const numeric = /^\d+$/.test(head.position) && (this.checkpoint === undefined || /^\d+$/.test(this.checkpoint));
    return {
      ...status,
      lag: {
        events: numeric ? Number(head.position) - Number(this.checkpoint ?? 0) : null,
        seconds: oldest ? Math.max(0, (Date.now() - oldest.recordedAt.getTime()) / 1000) : 0,
      },
    };
  }

  /** Resolves once the checkpoint is at or after this position (tests, benchmarks, shutdown). */
  waitForCheckpoint(position: Position, timeoutMs = 30_000): Promise<void> {
    if (this.checkpoint !== undefined && this.checkpoint >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.resolve !== done);
        reject(new Error(`relay checkpoint ${this.checkpoint ?? 'none'} did not reach ${position} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ position, resolve: done });
    });
  }

  private async subscribe(): Promise<void> {
    await this.inFlight.catch(() => undefined);
    this.inFlight = Promise.resolve();
    this.checkpoint = await this.checkpoints.load(this.name);
    if (this.stopping) return;
    if (this.state !== 'disconnected') this.state = 'catching-up';
    this.subscription = this.store.subscribeToAll(
      {
        onEvents: (events) => this.handle(events),
        onLive: () => {
          this.live = true;
          if (this.state === 'catching-up') this.state = 'live';
        },
        onError: (error) => {
          if (this.stopping || error instanceof RelayStopped) return;
          this.logger.error(`subscription stopped: ${error.message}; restarting from the checkpoint`);
          this.lastError = { message: error.message, at: new Date().toISOString() };
          this.restartTimer = setTimeout(() => {
            this.subscribe().catch((failure: Error) => this.logger.error(`could not restart: ${failure.message}`));
          }, this.options.restartDelayMs ?? 1000);
        },
      },
      { after: this.checkpoint, batchSize: this.batchSize },
    );
  }

  /**
   * Maps a batch and hands it to the publishing chain, then returns so the subscription reads the
   * next batch while this one is on its way: reading and mapping overlap the broker's round trip,
   * yet only one publish is in flight at a time (the idempotent producer keeps order), and
   * checkpoints are saved in order, each after its batch was acknowledged.
   */
  private async handle(events: RecordedEvent[]): Promise<void> {
    const messages: OutgoingMessage[] = [];
    for (const stored of events) {
      const event = await this.readable(stored);
      const message = toMessage(event, { topicPrefix: this.options.topicPrefix });
      if (!isSkip(message)) {
        messages.push(message);
        continue;
      }
      this.skipped += 1;
      if (message.skipped === 'unknown-type' && !this.warnedTypes.has(event.type)) {
        this.warnedTypes.add(event.type);
        this.logger.warn(`not published: ${message.reason}`);
      }
    }
    // A failure of the previous batch (stop, checkpoint store) surfaces here and ends the subscription.
    await this.inFlight;
    this.inFlight = this.publishAndCheckpoint(messages, events[events.length - 1].position);
    this.inFlight.catch((error: Error) => {
      // Reported here; the subscription ends on its next batch and restarts from the checkpoint.
      if (this.stopping || error instanceof RelayStopped) return;
      this.lastError = { message: error.message, at: new Date().toISOString() };
      this.logger.error(`could not finish a batch: ${error.message}`);
    });
  }

  /** The event with its personal fields opened, when it has any (most events have none). */
  private async readable(event: RecordedEvent): Promise<RecordedEvent> {
    const personalData = this.options.personalData;
    if (!personalData || !PERSONAL_FIELDS[event.type]) return event;
    const customer = parseCustomerStream(event.streamName);
    if (!customer) return event;
    const [opened] = await personalData.open(customer.tenant, customer.customerId, [event]);
    return opened;
  }

  private async publishAndCheckpoint(messages: OutgoingMessage[], position: Position): Promise<void> {
    this.publishing = true;
    try {
      await this.publishUntilAcknowledged(messages);
    } finally {
      this.publishing = false;
    }
    await this.checkpoints.save(this.name, position);
    this.checkpoint = position;
    this.published += messages.length;
    if (messages.length > 0) this.lastPublishedAt = new Date();
    if (this.waiters.length > 0) {
      const reached = this.waiters.filter((waiter) => waiter.position <= position);
      this.waiters = this.waiters.filter((waiter) => waiter.position > position);
      for (const waiter of reached) waiter.resolve();
    }
  }

  private async publishUntilAcknowledged(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    let delay = this.options.retryInitialMs ?? 250;
    const maxDelay = this.options.retryMaxMs ?? 5000;
    for (;;) {
      if (this.stopping) throw new RelayStopped();
      try {
        await this.publisher.publish(messages);
        this.markConnected();
        return;
      } catch (error) {
        this.markDisconnected(error as Error, messages.length);
      }
      await this.pause(delay);
      delay = Math.min(maxDelay, delay * 2);
    }
  }

  private async checkWhileIdle(): Promise<void> {
    if (this.publishing || this.stopping || !this.publisher.check) return;
    try {
      await this.publisher.check();
      if (!this.publishing) this.markConnected();
    } catch (error) {
      if (!this.publishing && !this.stopping) this.markDisconnected(error as Error, 0);
    }
  }

  private markConnected(): void {
    if (this.disconnectedSince) {
      const seconds = ((Date.now() - this.disconnectedSince.getTime()) / 1000).toFixed(1);
      this.logger.log(`publishing again after ${seconds} s`);
      this.disconnectedSince = undefined;
    }
    if (this.state === 'disconnected') this.state = this.live ? 'live' : 'catching-up';
  }

  private markDisconnected(error: Error, pending: number): void {
    this.lastError = { message: error.message, at: new Date().toISOString() };
    if (this.disconnectedSince) return;
    this.disconnectedSince = new Date();
    this.disconnections += 1;
    this.state = 'disconnected';
    const target = this.publisher.status();
    this.logger.warn(
      `cannot publish to ${target.kind} ${target.target}: ${error.message}; ` +
        `retrying until it answers${pending > 0 ? ` (${pending} events waiting, checkpoint ${this.checkpoint ?? 'none'})` : ''}`,
    );
  }

  /** Waits before the next attempt; stop() cuts it short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeRetry = () => {
        this.wakeRetry = undefined;
        done();
      };
    });
  }
}
