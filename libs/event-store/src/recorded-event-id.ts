import { hash } from 'node:crypto';

/**
 * The id an event is recorded under: a UUID (RFC 9562 version 8, the layout of version 5 with
 * SHA-256) of the id the caller gave it and its content — type, and data and metadata as the JSON
 * text stored. The same given id with other content is therefore another id, so a store that
 * recognises a repeated append by its ids (EventStoreDB does, see `EventStore`) takes an append
 * as a repeat only when it holds the very same events, byte for byte.
 *
 * Every adapter records events under this id, so an event has the same id in SQLite and in
 * EventStoreDB. Lengths before the given id, the type and the data keep the parts apart (a type
 * may hold any character).
 */
export function recordedEventId(givenId: string, type: string, dataText: string, metadataText: string): string {
  const hex = hash('sha256', `${givenId.length}:${givenId}${type.length}:${type}${dataText.length}:${dataText}${metadataText}`, 'hex');
  // Version 8 is the 13th hex digit; the variant (binary 10) the top two bits of the 17th.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
