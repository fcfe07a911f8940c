import { hash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { canonicalJson, claimStream, IdAlreadyUsed } from '@setia/domain';
import type { ClaimKind } from '@setia/domain';
import { EVENT_STORE, WrongExpectedRevision } from '@setia/event-store';
import type { EventStore, StreamAppend } from '@setia/event-store';
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

/** Whose the id is and the request's details, in one text equal for equal requests. */
const requestTextOf = (claim: Claim) => canonicalJson({ customerId: claim.customerId, request: claim.request });
/** A request's fingerprint: the SHA-256 of its text, a short fixed size however long the request. */
const fingerprintOf = (requestText: string) => hash('sha256', requestText, 'base64url');

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
    const { streamName, events, expectedRevision } = this.claimAppend(tenant, claim);
    try {
      // Most ids are new: try to claim first, and look only when someone has.
      await this.store.appendToStream(streamName, events, { expectedRevision });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision)) throw error;
      await this.confirm(tenant, claim);
    }
  }

  /**
   * The append that claims the id, to make with the events that use it (appendToStreams); the
   * store refuses it (WrongExpectedRevision on its stream) when the id was claimed before, and
   * `confirm` then tells whether that was the same request.
   */
  claimAppend(tenant: string, claim: Claim): StreamAppend {
    const event = { type: 'IdClaimed', data: { customerId: claim.customerId, fingerprint: fingerprintOf(requestTextOf(claim)) } satisfies IdClaimed };
    return {
      streamName: claimStream(tenant, claim.kind, claim.id),
      events: envelope([event], `claim:${claim.kind}:${claim.id}`, { tenant }),
      expectedRevision: 'no_stream',
    };
  }

  /** The id is claimed already: accepted when the same request claimed it, IdAlreadyUsed otherwise. */
  async confirm(tenant: string, claim: Claim): Promise<void> {
    const existing = await this.lookup(tenant, claim.kind, claim.id);
    const requestText = requestTextOf(claim);
    // Claims recorded before fingerprints were hashed hold the request's text itself.
    const sameRequest = existing !== undefined && (existing.fingerprint === fingerprintOf(requestText) || existing.fingerprint === requestText);
    if (!sameRequest) throw new IdAlreadyUsed(claim.field, claim.id);
  }

  /** Whose the id is, if it was claimed. */
  async lookup(tenant: string, kind: ClaimKind, id: string): Promise<IdClaimed | undefined> {
    const [event] = await this.store.readStream(claimStream(tenant, kind, id), { maxCount: 1 });
    return event?.data as IdClaimed | undefined;
  }
}
