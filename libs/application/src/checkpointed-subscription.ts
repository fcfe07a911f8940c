import type { Logger } from '@nestjs/common';
import type { CheckpointStore, EventStore, RecordedEvent, Subscription } from '@setia/event-store';

/** First pause before the subscription is started again after a failure; it doubles up to the largest. */
const RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * A process manager's durable subscription: to the streams with the given prefixes, from its own
 * checkpoint, which is saved after each batch is handled, so a crash repeats work (handlers are
 * idempotent) and never skips it. Any failure — loading the checkpoint, handling, saving — is
 * logged and the whole start is tried again after a pause that grows, so no rejection escapes (a
 * timer's promise that rejected would end the process).
 */
export class CheckpointedSubscription {
  /** Pause before the first restart; tests shorten it. */
  restartDelayMs = RESTART_DELAY_MS;
  private subscription: Subscription | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private live = false;
  /** Failures since the subscription last made progress: the next restart waits longer. */
  private failures = 0;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly name: string,
    private readonly streamPrefixes: string[],
    private readonly handle: (events: RecordedEvent[]) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** True once the subscription has caught up with the stored events. */
  isLive(): boolean {
    return this.live;
  }

  /** Loads the checkpoint and subscribes from it; never throws (see the class). */
  async start(): Promise<void> {
    if (this.stopped) return;
    let after;
    try {
      after = await this.checkpoints.load(this.name);
    } catch (error) {
      this.restartLater(`cannot load its checkpoint: ${(error as Error).message}`);
      return;
    }
    if (this.stopped) return;
    this.subscription = this.store.subscribeToAll(
      {
        onEvents: async (events) => {
          await this.handle(events);
          await this.checkpoints.save(this.name, events[events.length - 1].position);
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
      { after, streamPrefixes: this.streamPrefixes },
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    await this.subscription?.stop();
  }

  private restartLater(why: string): void {
    if (this.stopped) return;
    const delay = Math.min(MAX_RESTART_DELAY_MS, this.restartDelayMs * 2 ** this.failures);
    this.failures += 1;
    this.logger.error(`${why}; restarting from the checkpoint in ${delay} ms`);
    this.restartTimer = setTimeout(() => void this.start(), delay);
  }
}
