import { hash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { canonicalJson, claimStream, IdAlreadyUsed, storedHash } from '@setia/domain';
import type { ClaimKind } from '@setia/domain';
import { AppendTooLarge, EVENT_STORE, WrongExpectedRevision } from '@setia/event-store';
import type { EventStore, EventToAppend, RecordedEvent, StreamAppend } from '@setia/event-store';
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

/** The append a claim was made for, as a store writing stream by stream makes it after the claim. */
export interface PendingWrite {
  streamName: string;
  /** The stream's revision the append expects (-1: no stream). */
  expectedRevision: number;
  events: Array<Pick<EventToAppend, 'id' | 'type' | 'data' | 'metadata'>>;
}

interface IdClaimed {
  customerId: string;
  fingerprint: string;
  /**
   * Only on a store that writes stream by stream (EventStoreDB before KurrentDB 25.1): the write
   * the claim is for, made right after it. Until those events are in their stream, whoever finds
   * the claim finishes the write, or releases the id once that stream has moved on without them.
   */
  pending?: PendingWrite;
}

interface IdReleased {
  customerId: string;
  fingerprint: string;
  /** Why the claimed write can never be made. */
  reason: string;
}

/**
 * Where an id's claim stands for a request: the last event of its stream is this very request's
 * claim (`mine`), or the id is free again after a release. The revision and hash of that last
 * event are what the next claim event expects and chains to.
 */
export interface ClaimStanding {
  standing: 'mine' | 'free';
  revision: number;
  lastHash: string | null;
}

/** Whose the id is and the request's details, in one text equal for equal requests. */
const requestTextOf = (claim: Claim) => canonicalJson({ customerId: claim.customerId, request: claim.request });
/** A request's fingerprint: the SHA-256 of its text, a short fixed size however long the request. */
const fingerprintOf = (requestText: string) => hash('sha256', requestText, 'base64url');

/**
 * Ids that are unique within a tenant for ever (receipts, returns, redemptions, feedback,
 * referral codes). Each is claimed in its own stream `claim-<tenant>-<kind>-<id>`; the
 * expected-revision check on that stream makes the claim atomic on every event store, so the same
 * receipt cannot be recorded for two customers, and the claim tells whose stream an id is in.
 *
 * A store that writes an append to several streams one after another could leave a claim without
 * the events it was made for (a crash between the two writes, a timeout, a lost connection). So
 * there the claim carries that write (`pending`), and whoever meets the claim — another request
 * for the id, a retry, or ClaimRepair — finishes it: the events are appended where they were
 * decided (a repeat if they are there), or, once their stream has moved on without them so that
 * they can never be written, the id is released and may be claimed again. A released claim is
 * followed by `IdReleased`; the current claim is the last event of the stream.
 */
@Injectable()
export class ClaimRegistry {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Records the claim, or accepts it when the same request claimed it before. */
  async claim(tenant: string, claim: Claim): Promise<void> {
    let standing: ClaimStanding | undefined;
    for (;;) {
      const { streamName, events, expectedRevision } = this.claimAppend(tenant, claim, standing);
      try {
        // Most ids are new: try to claim first, and look only when someone has.
        await this.store.appendToStream(streamName, events, { expectedRevision });
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
        standing = await this.confirm(tenant, claim);
        if (standing.standing === 'mine') return;
      }
    }
  }

  /** Whether an attempt appends a claim event: always where the claim carries the write (see the class), else until the claim is known to be this request's. */
  needsAppend(standing: ClaimStanding | undefined): boolean {
    return !this.store.atomicAcrossStreams || standing?.standing !== 'mine';
  }

  /**
   * The append that claims the id, to make with the events that use it (appendToStreams, claim
   * first); the store refuses it (WrongExpectedRevision on its stream) when the stream moved, and
   * `confirm` then tells where the claim stands. `standing`: where it stood, when known; `write`:
   * the append the claim is for, carried by the claim where the store writes stream by stream.
   */
  claimAppend(tenant: string, claim: Claim, standing?: ClaimStanding, write?: StreamAppend): StreamAppend {
    const data: IdClaimed = { customerId: claim.customerId, fingerprint: fingerprintOf(requestTextOf(claim)) };
    if (write && !this.store.atomicAcrossStreams) data.pending = pendingOf(write);
    return {
      streamName: claimStream(tenant, claim.kind, claim.id),
      events: envelope([{ type: 'IdClaimed', data }], claimCommand(claim.kind, claim.id), { tenant }, standing?.lastHash ?? null),
      expectedRevision: standing ? standing.revision : 'no_stream',
    };
  }

  /**
   * The claim event of `claimAppend` was written (a store writing stream by stream wrote it before
   * refusing a stream after it): where the claim stands now. Undefined where the store writes all
   * or none, as then nothing was written.
   */
  written(claimAppend: StreamAppend): ClaimStanding | undefined {
    if (this.store.atomicAcrossStreams) return undefined;
    const expected = claimAppend.expectedRevision;
    return { standing: 'mine', revision: (typeof expected === 'number' ? expected : -1) + 1, lastHash: storedHash(claimAppend.events[0]) };
  }

  /**
   * The id is claimed already: where that leaves this request. Its own claim (a retry after a
   * crash, another process), or free again after a release: the standing. Another request's claim
   * whose write is unfinished is finished or released first (see the class). Another request's:
   * IdAlreadyUsed.
   */
  async confirm(tenant: string, claim: Claim): Promise<ClaimStanding> {
    const streamName = claimStream(tenant, claim.kind, claim.id);
    for (;;) {
      const last = (await this.store.readStream(streamName, { direction: 'backwards', maxCount: 1 }))[0];
      if (!last) return { standing: 'free', revision: -1, lastHash: null };
      const at = { revision: last.revision, lastHash: storedHash(last) };
      if (last.type === 'IdReleased') return { standing: 'free', ...at };
      const claimed = last.data as IdClaimed;
      const requestText = requestTextOf(claim);
      // Claims recorded before fingerprints were hashed hold the request's text itself.
      if (claimed.fingerprint === fingerprintOf(requestText) || claimed.fingerprint === requestText) return { standing: 'mine', ...at };
      if (!claimed.pending) throw new IdAlreadyUsed(claim.field, claim.id);
      const outcome = await this.finishOrRelease(last);
      if (outcome === 'written') throw new IdAlreadyUsed(claim.field, claim.id);
      // Released, or the claim stream moved meanwhile: read it again.
    }
  }

  /** Whose the id is, if it is claimed (a released claim is no one's). */
  async lookup(tenant: string, kind: ClaimKind, id: string): Promise<Omit<IdClaimed, 'pending'> | undefined> {
    const [last] = await this.store.readStream(claimStream(tenant, kind, id), { direction: 'backwards', maxCount: 1 });
    if (!last || last.type !== 'IdClaimed') return undefined;
    const { customerId, fingerprint } = last.data as IdClaimed;
    return { customerId, fingerprint };
  }

  /**
   * The claim at this revision of its stream, if it is still the last one and its write is
   * unfinished: finished, or the id released (see the class). For ClaimRepair, which meets every
   * claim in turn (a later one will come to it too).
   */
  async finishPending(streamName: string, revision: number): Promise<'written' | 'released' | 'nothing to do'> {
    const [last] = await this.store.readStream(streamName, { direction: 'backwards', maxCount: 1 });
    if (!last || last.revision !== revision || last.type !== 'IdClaimed' || !(last.data as IdClaimed).pending) return 'nothing to do';
    const outcome = await this.finishOrRelease(last);
    return outcome === 'claim moved' ? 'nothing to do' : outcome;
  }

  /**
   * Appends the claim's pending write where it was decided, with the same events: written now,
   * or a repeat of it already there. Refused, because the stream moved on without those events
   * (or the write is larger than the store takes), it can never be made: the id is released. A
   * claim stream that moved meanwhile (another finisher, a new claim) is left to be read again.
   */
  private async finishOrRelease(claimEvent: RecordedEvent): Promise<'written' | 'released' | 'claim moved'> {
    const claimed = claimEvent.data as IdClaimed;
    const pending = claimed.pending!;
    let reason: string;
    try {
      await this.store.appendToStream(pending.streamName, pending.events, { expectedRevision: pending.expectedRevision < 0 ? 'no_stream' : pending.expectedRevision });
      return 'written';
    } catch (error) {
      if (error instanceof WrongExpectedRevision) reason = `${pending.streamName} moved past revision ${pending.expectedRevision} without the claimed events`;
      else if (error instanceof AppendTooLarge) reason = error.message;
      else throw error;
    }
    const released: IdReleased = { customerId: claimed.customerId, fingerprint: claimed.fingerprint, reason };
    // The claim's own tenant and command, from its metadata: the release is the next event of the same claim.
    const { tenant, commandId } = claimEvent.metadata as { tenant: string; commandId: string };
    try {
      await this.store.appendToStream(claimEvent.streamName, envelope([{ type: 'IdReleased', data: released }], commandId, { tenant }, storedHash(claimEvent)), {
        expectedRevision: claimEvent.revision,
      });
      return 'released';
    } catch (error) {
      if (error instanceof WrongExpectedRevision) return 'claim moved';
      throw error;
    }
  }
}

const claimCommand = (kind: ClaimKind, id: string) => `claim:${kind}:${id}`;

function pendingOf(write: StreamAppend): PendingWrite {
  const expected = write.expectedRevision;
  if (expected !== 'no_stream' && typeof expected !== 'number') throw new Error(`a claimed write expects a revision, not ${String(expected)}`);
  return {
    streamName: write.streamName,
    expectedRevision: expected === 'no_stream' ? -1 : expected,
    events: write.events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })),
  };
}
