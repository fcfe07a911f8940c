import { Inject, Injectable } from '@nestjs/common';
import { clockStream, decideClockMove, evolveClock, NotASandbox, storedHash } from '@setia/domain';
import type { ClockEvent, TenantClockState } from '@setia/domain';
import { EVENT_STORE, WrongExpectedRevision } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';
import { AccessRegistry } from './access-registry';
import type { Principal } from './access-registry';
import { CLOCK } from './clock';
import type { Clock, TenantTime } from './clock';
import { envelope } from './envelope';
import { KeyedLock } from './keyed-lock';

const MAX_ATTEMPTS = 5;

/**
 * The time of each tenant: the system clock's, but for a sandbox tenant, whose clock an admin
 * moves forward (`clock-<tenant>`). Whether a tenant is a sandbox never changes, so it is asked
 * once; a sandbox's time is read from its stream each time, as another API process may move it.
 */
@Injectable()
export class TenantClocks implements TenantTime {
  private readonly sandboxes = new Map<string, string | null>();
  private readonly lock = new KeyedLock();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: AccessRegistry,
  ) {}

  /** The tenant's time now. */
  async now(tenant: string): Promise<string> {
    const since = await this.sandboxSince(tenant);
    return since === null ? this.clock.now() : (await this.load(tenant, since)).state.now;
  }

  async isSandbox(tenant: string): Promise<boolean> {
    return (await this.sandboxSince(tenant)) !== null;
  }

  /** Moves a sandbox tenant's clock forward to `to`; its time before and after. */
  async move(tenant: string, to: string, by: Principal): Promise<{ from: string; now: string }> {
    const since = await this.sandboxSince(tenant);
    if (since === null) throw new NotASandbox(tenant);
    return this.lock.run(tenant, async () => {
      for (let attempt = 1; ; attempt++) {
        const { state, revision, lastHash } = await this.load(tenant, since);
        const events = decideClockMove(state, to, by.keyId);
        if (events.length === 0) return { from: state.now, now: state.now };
        try {
          await this.store.appendToStream(clockStream(tenant), envelope(events, `clock:${to}`, { tenant, principal: by.keyId }, lastHash), {
            expectedRevision: revision < 0 ? 'no_stream' : revision,
          });
          return { from: state.now, now: to };
        } catch (error) {
          if (!(error instanceof WrongExpectedRevision) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    });
  }

  private async sandboxSince(tenant: string): Promise<string | null> {
    let since = this.sandboxes.get(tenant);
    if (since === undefined) {
      since = await this.access.sandboxSince(tenant);
      // Only a tenant that exists is remembered: one created a moment later is asked again.
      if (since !== null || (await this.access.tenantExists(tenant))) this.sandboxes.set(tenant, since);
    }
    return since;
  }

  private async load(tenant: string, since: string): Promise<{ state: TenantClockState; revision: number; lastHash: string | null }> {
    const events = await this.store.readStream(clockStream(tenant));
    let state: TenantClockState = { now: since };
    for (const event of events) state = evolveClock(state, event as unknown as ClockEvent);
    const last = events[events.length - 1];
    return { state, revision: last ? last.revision : -1, lastHash: last ? storedHash(last) : null };
  }
}
