import { hash } from 'node:crypto';

/** An event's metadata as the chain sees it: the stored hash, if any, among the other fields. */
type ChainedMetadata = { readonly hash?: unknown; readonly [field: string]: unknown };

/**
 * Tamper evidence: each event's metadata carries `hash`, a SHA-256 over the previous event's hash
 * in the same stream, the event's type, data and metadata (all of it but the hash itself). Changing,
 * removing or reordering an event breaks the chain from that point on. The hash is over the JSON
 * text of the event as stored (event stores keep the key order they were given), so a verifier
 * recomputes it from what it reads. Pure, and here rather than in the application so the auditor's
 * workers check chains without loading the application.
 */
export function chainHash(previousHash: string | null, event: { type: string; data: unknown; metadata: ChainedMetadata }): string {
  const { hash: _own, ...metadata } = event.metadata;
  // The one-shot hash: a Hash object per event cost as much again on the write path.
  return hash('sha256', JSON.stringify({ previousHash, type: event.type, data: event.data, metadata }), 'hex');
}

/** The hash stored on an event, or null for events written before hashes existed. */
export function storedHash(event: { metadata: ChainedMetadata }): string | null {
  return typeof event.metadata.hash === 'string' ? event.metadata.hash : null;
}
