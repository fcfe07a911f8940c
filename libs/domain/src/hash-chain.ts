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

/** The text chainHash hashes, put together from data and metadata (without the hash) already serialised. */
function chainedText(previousHash: string | null, type: string, dataText: string, metadataText: string): string {
  return `{"previousHash":${JSON.stringify(previousHash)},"type":${JSON.stringify(type)},"data":${dataText},"metadata":${metadataText}}`;
}

/**
 * A decision's events to append, chained one after the other from `previousHash`, all with the
 * same metadata: each event's hash (what chainHash gives) and its data and metadata as a store
 * keeps them, with the hash as the metadata's last field. Everything is serialised once for the
 * hash and the store both (the metadata once for all the events): JSON.stringify of an event gives
 * the same text as its parts' texts put together.
 */
export function chainEvents(
  previousHash: string | null,
  events: ReadonlyArray<{ type: string; data: object }>,
  metadata: { readonly [field: string]: unknown },
): Array<{ hash: string; storedText: { data: string; metadata: string } }> {
  if ('hash' in metadata) throw new Error('events to chain have no hash in their metadata yet');
  const metadataText = JSON.stringify(metadata);
  const metadataOpen = metadataText === '{}' ? '{' : `${metadataText.slice(0, -1)},`;
  let previous = previousHash;
  return events.map((event) => {
    const data = JSON.stringify(event.data);
    const hashed = hash('sha256', chainedText(previous, event.type, data, metadataText), 'hex');
    previous = hashed;
    return { hash: hashed, storedText: { data, metadata: `${metadataOpen}"hash":"${hashed}"}` } };
  });
}

/**
 * Whether `stored` is the chain hash of the event after `previousHash`: the answer of comparing it
 * with chainHash, cheaper when the event comes with its data and metadata as the store holds them
 * (`storedText`, the text its `data` and `metadata` were read from).
 * Text written by JSON.stringify (as the app appends) is hashed as it is, without serialising the
 * parsed values again; text that does not give the hash (written in another form, or altered) is
 * checked through chainHash. A match on the text means it is the very text hashed when written
 * (SHA-256), so chainHash would match too.
 */
export function matchesChainHash(
  stored: string,
  previousHash: string | null,
  event: { type: string; data: unknown; metadata: ChainedMetadata; storedText?: { data: string; metadata: string } },
): boolean {
  const text = event.storedText;
  if (text !== undefined) {
    // The app appends the hash as the metadata's last field.
    const own = `"hash":${JSON.stringify(stored)}}`;
    if (text.metadata.endsWith(own)) {
      const before = text.metadata.slice(0, text.metadata.length - own.length);
      const metadata = before === '{' ? '{}' : before.endsWith(',') ? `${before.slice(0, -1)}}` : null;
      if (metadata !== null) {
        if (hash('sha256', chainedText(previousHash, event.type, text.data, metadata), 'hex') === stored) return true;
      }
    }
  }
  return chainHash(previousHash, event) === stored;
}

/** The hash stored on an event, or null for events written before hashes existed. */
export function storedHash(event: { metadata: ChainedMetadata }): string | null {
  return typeof event.metadata.hash === 'string' ? event.metadata.hash : null;
}
