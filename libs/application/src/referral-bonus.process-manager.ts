import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DomainError, parseCustomerStream, ProgramNotConfigured } from '@setia/domain';
import type { ReferralConfirmed, ReferralQualified } from '@setia/domain';
import { CHECKPOINT_STORE, EVENT_STORE } from '@setia/event-store';
import type { CheckpointStore, EventStore, RecordedEvent } from '@setia/event-store';
import { CheckpointedSubscription } from './checkpointed-subscription';
import { CustomerLedger } from './customer-ledger.service';
import { ProgramService } from './program.service';

/**
 * Pays the referrer when a referred friend's purchase qualifies, or, where the bonuses wait for the
 * return window, when the referral is confirmed (a cancelled one pays nothing). Driven by the durable
 * subscription to all events from its own checkpoint, never by an in-memory bus: after a crash
 * it resumes from the checkpoint, and a repeated event pays nothing twice because the
 * referrer's decider records one bonus per friend.
 */
@Injectable()
export class ReferralBonusProcessManager implements OnApplicationBootstrap, OnApplicationShutdown {
  static readonly subscriberName = 'referral-bonus';
  private readonly logger = new Logger(ReferralBonusProcessManager.name);
  readonly subscription: CheckpointedSubscription;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CHECKPOINT_STORE) checkpoints: CheckpointStore,
    private readonly ledger: CustomerLedger,
    private readonly programs: ProgramService,
  ) {
    this.subscription = new CheckpointedSubscription(store, checkpoints, ReferralBonusProcessManager.subscriberName, ['customer-'], (events) => this.handle(events), this.logger);
  }

  /** Starts the subscription; when that fails (the checkpoint store down) it is retried, never thrown. */
  async onApplicationBootstrap(): Promise<void> {
    await this.subscription.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription.stop();
  }

  /** True once the subscription has caught up with the stored events. */
  isLive(): boolean {
    return this.subscription.isLive();
  }

  private async handle(events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type === 'ReferralQualified' && (event.data as ReferralQualified['data']).confirmsAt === undefined) {
        await this.payReferrer(event as RecordedEvent<'ReferralQualified', ReferralQualified['data']>);
      }
      if (event.type === 'ReferralConfirmed') await this.payReferrer(event as RecordedEvent<'ReferralConfirmed', ReferralConfirmed['data']>);
    }
  }

  private async payReferrer(event: RecordedEvent<'ReferralQualified' | 'ReferralConfirmed', ReferralQualified['data'] | ReferralConfirmed['data']>): Promise<void> {
    const referee = parseCustomerStream(event.streamName);
    if (!referee) return;
    const { referrerId, receiptId, storeId, referrerBonus, occurredAt, programRevision } = event.data;
    try {
      // The bonus is decided under the revision the friend's purchase (or the confirmation) was: it names it, and its lot's expiry follows it.
      const program = await this.programs.atRevision(referee.tenant, programRevision);
      if (!program) throw new ProgramNotConfigured(referee.tenant);
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
          data: { refereeId: referee.customerId, receiptId, storeId, points: referrerBonus, occurredAt, program },
        }),
      });
    } catch (error) {
      // A refused decision is final; retrying it would stop every later referral.
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn(`referrer bonus for ${referee.customerId} refused: ${error.message}`);
    }
  }
}
