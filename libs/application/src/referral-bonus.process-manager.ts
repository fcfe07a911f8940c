import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DomainError, parseCustomerStream } from '@setia/domain';
import type { ReferralQualified } from '@setia/domain';
import { CHECKPOINT_STORE, EVENT_STORE } from '@setia/event-store';
import type { CheckpointStore, EventStore, RecordedEvent, Subscription } from '@setia/event-store';
import { CustomerLedger } from './customer-ledger.service';

const RESTART_DELAY_MS = 1000;

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

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    private readonly ledger: CustomerLedger,
  ) {}

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

  private async start(): Promise<void> {
    const after = await this.checkpoints.load(ReferralBonusProcessManager.subscriberName);
    this.subscription = this.store.subscribeToAll(
      {
        onEvents: (events) => this.handle(events),
        onLive: () => {
          this.live = true;
        },
        onError: (error) => {
          this.live = false;
          this.logger.error(`stopped: ${error.message}; restarting from the checkpoint`);
          if (!this.stopped) this.restartTimer = setTimeout(() => void this.start(), RESTART_DELAY_MS);
        },
      },
      { after, streamPrefixes: ['customer-'] },
    );
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
