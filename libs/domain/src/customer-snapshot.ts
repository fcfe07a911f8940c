import { hash } from 'node:crypto';
import { foldCustomer } from './customer.state';
import type { CustomerState } from './customer.state';
import { PersistentMap } from './persistent-map';
// The sample of one event of every type the publishing and replay tests go through: the fold's fingerprint.
import { EVERY_CUSTOMER_EVENT } from './testing/fixtures';

/**
 * A customer's state as text, to keep beside their stream (a snapshot) and read back instead of
 * folding the stream again. The state is plain data but for its persistent maps, maps and sets, which
 * are written as tagged entries (`$persistent`, `$map`, `$set`: no id of the state's may start with
 * `$`, see ID_PATTERN); `undefined` fields are left out, as JSON does.
 */
export function encodeCustomerState(state: CustomerState): string {
  return JSON.stringify(toPlain(state));
}

/** The state `encodeCustomerState` wrote. */
export function decodeCustomerState(text: string): CustomerState {
  return fromPlain(JSON.parse(text)) as CustomerState;
}

/**
 * Which fold made a snapshot: a digest of the text of the state folded from one event of every
 * type. A change to what the fold keeps (a rule's slice, a field of the state) changes it, and a
 * snapshot of another fold is then not used; `FORMAT` is raised for a change that sample misses.
 */
export function customerStateFold(): string {
  return (fold ??= hash('sha256', `${FORMAT}\n${encodeCustomerState(foldCustomer(Object.values(EVERY_CUSTOMER_EVENT)))}`, 'hex').slice(0, 16));
}

/**
 * A read of a customer that folded this many events or more keeps their snapshot. Reading one costs
 * about what folding 10 to 20 events does (its text is as long as theirs, and is opened and parsed
 * the same way), so a snapshot pays for members with long ledgers, and a member of fewer events is
 * read from their stream as before (measured: docs/scale.md, "Snapshots").
 */
export const SNAPSHOT_AFTER_EVENTS = 32;

const FORMAT = 1;
let fold: string | undefined;

type Tagged = { $persistent: Array<[unknown, unknown]> } | { $map: Array<[unknown, unknown]> } | { $set: unknown[] };

function toPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof PersistentMap) return { $persistent: entriesOf(value) } satisfies Tagged;
  if (value instanceof Map) return { $map: entriesOf(value) } satisfies Tagged;
  if (value instanceof Set) return { $set: Array.from(value, toPlain) } satisfies Tagged;
  if (Array.isArray(value)) return value.map(toPlain);
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(value)) plain[key] = toPlain((value as Record<string, unknown>)[key]);
  return plain;
}

const entriesOf = (map: ReadonlyMap<unknown, unknown>): Array<[unknown, unknown]> => Array.from(map.entries(), ([key, item]) => [key, toPlain(item)]);

/** Rebuilds the tagged values in place: the parsed text is not shared with anything. */
function fromPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = fromPlain(value[i]);
    return value;
  }
  const object = value as Record<string, unknown>;
  if (Array.isArray(object.$persistent)) return PersistentMap.of(entriesFrom(object.$persistent));
  if (Array.isArray(object.$map)) return new Map(entriesFrom(object.$map));
  if (Array.isArray(object.$set)) return new Set((object.$set as unknown[]).map(fromPlain));
  for (const key of Object.keys(object)) object[key] = fromPlain(object[key]);
  return object;
}

function entriesFrom(entries: Array<[unknown, unknown]>): Array<[unknown, unknown]> {
  for (const entry of entries) entry[1] = fromPlain(entry[1]);
  return entries;
}
