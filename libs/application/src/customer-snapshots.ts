import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Inject, Injectable } from '@nestjs/common';
import { customerStateFold, customerStream, decodeCustomerState, encodeCustomerState } from '@setia/domain';
import type { CustomerState } from '@setia/domain';
import { EVENT_STORE } from '@setia/event-store';
import type { EventStore, StreamSnapshot } from '@setia/event-store';
import { PersonalData } from '@setia/personal-data';

/** A customer's state as of a revision of their stream, and the hash of the event there. */
export interface CustomerAt {
  state: CustomerState;
  /** Revision of the stream's last event folded; -1 when there is none. */
  revision: number;
  /** Hash of that event, which the next event chains to. */
  lastHash: string | null;
}

/** The first byte of a snapshot's bytes: how the rest is kept. */
const enum Kept {
  /** Compressed state text, sealed with the customer's key. */
  Sealed = 1,
  /** Compressed state text as it is: only for a customer whose personal data was erased. */
  Plain = 0,
}

/**
 * Snapshots of customers' states kept beside their streams (where the event store keeps them), so
 * that reading a customer not in memory reads one row and the few events after it rather than the
 * whole stream (bench:scale: a purchase spread over a million members). A snapshot is a cache: the
 * reader uses it only when it was written by the same fold and the stream still has, at its
 * revision, the event it was taken at; otherwise the stream is read as before. Its personal data
 * is sealed with the customer's key, so erasing the key erases the snapshot's as well.
 */
@Injectable()
export class CustomerSnapshots {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalData,
  ) {}

  /** The customer as last kept, if a snapshot of this fold is there and opens; not yet checked against the stream. */
  async read(tenant: string, customerId: string): Promise<CustomerAt | undefined> {
    if (!this.store.readSnapshot) return undefined;
    const snapshot = await this.store.readSnapshot(customerStream(tenant, customerId));
    if (!snapshot || snapshot.fold !== customerStateFold()) return undefined;
    try {
      const bytes = await this.personalData.openState(tenant, customerId, { sealed: snapshot.bytes[0] === Kept.Sealed, bytes: snapshot.bytes.subarray(1) });
      if (!bytes) return undefined;
      return { state: decodeCustomerState(inflateRawSync(bytes).toString('utf8')), revision: snapshot.revision, lastHash: snapshot.hash };
    } catch {
      // Altered, or sealed with a key that is gone: the stream says what the customer is.
      return undefined;
    }
  }

  /** Keeps the customer's state beside their stream; nothing is kept when it may not be (see PersonalData.sealState). */
  async keep(tenant: string, customerId: string, at: CustomerAt): Promise<void> {
    if (!this.store.keepSnapshot || at.revision < 0) return;
    const text = deflateRawSync(encodeCustomerState(at.state), { level: 1 });
    const kept = await this.personalData.sealState(tenant, customerId, text, at.state.personalDataErased);
    if (!kept) return;
    const snapshot: StreamSnapshot = { revision: at.revision, hash: at.lastHash, fold: customerStateFold(), bytes: Buffer.concat([Buffer.of(kept.sealed ? Kept.Sealed : Kept.Plain), kept.bytes]) };
    this.store.keepSnapshot(customerStream(tenant, customerId), snapshot);
  }
}
