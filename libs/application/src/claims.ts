import { Inject, Injectable } from '@nestjs/common';
import { canonicalJson, claimStream, IdAlreadyUsed } from '@setia/domain';
import type { ClaimKind } from '@setia/domain';
import { EVENT_STORE, WrongExpectedRevision } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';
import { envelope } from './envelope';

export interface Claim {
  kind: ClaimKind;
  id: string;
  /** The request field that carries the id, for the error message. */
  field: string;
  /** Whose stream the id belongs to. */
  customerId: string;
  /** The request's details; the same id with other details is refused. */
  request: unknown;
}

interface IdClaimed {
  customerId: string;
  fingerprint: string;
}

/**
 * Ids that are unique within a tenant for ever (receipts, returns, redemptions, feedback,
 * referral codes). Each is claimed once in its own stream `claim-<tenant>-<kind>-<id>`; the
 * expected-revision check on that stream makes the claim atomic on every event store, so the same
 * receipt cannot be recorded for two customers, and the claim tells whose stream an id is in.
 */
@Injectable()
export class ClaimRegistry {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Records the claim, or accepts it when the same request claimed it before. */
  async claim(tenant: string, claim: Claim): Promise<void> {
    const fingerprint = canonicalJson({ customerId: claim.customerId, request: claim.request });
    const event = { type: 'IdClaimed', data: { customerId: claim.customerId, fingerprint } satisfies IdClaimed };
    try {
      // Most ids are new: try to claim first, and look only when someone has.
      await this.store.appendToStream(
        claimStream(tenant, claim.kind, claim.id),
        envelope([event], `claim:${claim.kind}:${claim.id}`, { tenant }),
        { expectedRevision: 'no_stream' },
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision)) throw error;
      const existing = await this.lookup(tenant, claim.kind, claim.id);
      if (existing?.fingerprint !== fingerprint) throw new IdAlreadyUsed(claim.field, claim.id);
    }
  }

  /** Whose the id is, if it was claimed. */
  async lookup(tenant: string, kind: ClaimKind, id: string): Promise<IdClaimed | undefined> {
    const [event] = await this.store.readStream(claimStream(tenant, kind, id), { maxCount: 1 });
    return event?.data as IdClaimed | undefined;
  }
}
