import { hash } from 'node:crypto';
import type { EventMetadata } from '@setia/event-store';

/**
 * Tamper evidence: each event's metadata carries `hash`, a SHA-256 over the previous event's hash
 * in the same stream, the event's type, data and metadata (all of it but the hash itself). Changing,
 * removing or reordering an event breaks the chain from that point on. The hash is over the JSON
 * text of the event as stored (event stores keep the key order they were given), so a verifier
 * recomputes it from what it reads.
 */
export function chainHash(previousHash: string | null, event: { type: string; data: unknown; metadata: EventMetadata }): string {
  const { hash: _own, ...metadata } = event.metadata;
  // The one-shot hash: a Hash object per event cost as much again on the write path.
  return hash('sha256', JSON.stringify({ previousHash, type: event.type, data: event.data, metadata }), 'hex');
}

/** The hash stored on an event, or null for events written before hashes existed. */
export function storedHash(event: { metadata: EventMetadata }): string | null {
  return typeof event.metadata.hash === 'string' ? event.metadata.hash : null;
}
