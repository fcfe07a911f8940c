import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DomainError, parseCustomerStream } from '@setia/domain';
import type { ReferralQualified } from '@setia/domain';
import { CHECKPOINT_STORE, EVENT_STORE } from '@setia/event-store';
import type { CheckpointStore, EventStore, RecordedEvent, Subscription } from '@setia/event-store';
import { CustomerLedger } from './customer-ledger.service';

/** First pause before the subscription is started again after a failure; it doubles up to the largest. */
const RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * Pays the referrer when a referred friend's purchase qualifies. Driven by the durable
 * subscription to all events from its own checkpoint, never by an in-memory bus: after a crash
 * it resumes from the checkpoint, and a repeated event pays nothing twice because the
 * referrer's decider records one bonus per friend.
 */
@Injectable()
export class ReferralBonusProcessManager implements OnApplicationBootstrap, OnApplicationShutdown {
  static readonly subscriberName = 'referral-bonus';
  private readonly logger = new Logger(ReferralBonusProcessManager.name);
  private subscription: Subscription | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private live = false;
  /** Failures since the subscription last started: the next restart waits longer. */
  private failures = 0;
  /** Pause before the first restart; tests shorten it. */
  restartDelayMs = RESTART_DELAY_MS;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    private readonly ledger: CustomerLedger,
  ) {}

  /** Starts the subscription; when that fails (the checkpoint store down) it is retried, never thrown. */
  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    await this.subscription?.stop();
  }

  /** True once the subscription has caught up with the stored events. */
  isLive(): boolean {
    return this.live;
  }

  /**
   * Loads the checkpoint and subscribes from it. Any failure — loading the checkpoint, or the
   * subscription stopping — is logged and the whole start is tried again after a pause, so no
   * rejection escapes (a timer's promise that rejected would end the process).
   */
  private async start(): Promise<void> {
    if (this.stopped) return;
    let after;
    try {
      after = await this.checkpoints.load(ReferralBonusProcessManager.subscriberName);
    } catch (error) {
      this.restartLater(`cannot load its checkpoint: ${(error as Error).message}`);
      return;
    }
    if (this.stopped) return;
    this.subscription = this.store.subscribeToAll(
      {
        onEvents: async (events) => {
          await this.handle(events);
          this.failures = 0;
        },
        onLive: () => {
          this.live = true;
          this.failures = 0;
        },
        onError: (error) => {
          this.live = false;
          this.restartLater(`stopped: ${error.message}`);
        },
      },
      { after, streamPrefixes: ['customer-'] },
    );
  }

  private restartLater(why: string): void {
    if (this.stopped) return;
    const delay = Math.min(MAX_RESTART_DELAY_MS, this.restartDelayMs * 2 ** this.failures);
    this.failures += 1;
    this.logger.error(`${why}; restarting from the checkpoint in ${delay} ms`);
    this.restartTimer = setTimeout(() => void this.start(), delay);
  }

  private async handle(events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type === 'ReferralQualified') await this.payReferrer(event as RecordedEvent<'ReferralQualified', ReferralQualified['data']>);
    }
    await this.checkpoints.save(ReferralBonusProcessManager.subscriberName, events[events.length - 1].position);
  }

  private async payReferrer(event: RecordedEvent<'ReferralQualified', ReferralQualified['data']>): Promise<void> {
    const referee = parseCustomerStream(event.streamName);
    if (!referee) return;
    const { referrerId, receiptId, storeId, referrerBonus, occurredAt, programRevision } = event.data;
    try {
      await this.ledger.execute({
        context: {
          tenant: referee.tenant,
          correlationId: event.metadata.correlationId,
          causationId: event.id,
          principal: `process:${ReferralBonusProcessManager.subscriberName}`,
        },
        customerId: referrerId,
        commandId: `referrer-bonus:${referee.customerId}`,
        needsProgram: false,
        build: () => ({
          type: 'AwardReferrerBonus',
          data: { refereeId: referee.customerId, receiptId, storeId, points: referrerBonus, occurredAt, programRevision },
        }),
      });
    } catch (error) {
      // A refused decision is final; retrying it would stop every later referral.
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn(`referrer bonus for ${referee.customerId} refused: ${error.message}`);
    }
  }
}
