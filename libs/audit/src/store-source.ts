import { customerStream, programStream } from '@setia/domain';
import type { EventStore } from '@setia/event-store';
import type { AuditEvent } from './audit-event';
import { auditEvent } from './audit-event';
import type { AuditScope } from './ledger-auditor';

/**
 * Events read from $all per call. A page stays alive while it is checked, and each young-generation
 * collection copies it: 1,000 costs no more per event to read than 10,000, and verify ran faster.
 */
export const READ_PAGE = 1_000;

export interface SourceBatch {
  events: AuditEvent[];
  /** The position of the batch's last event: how far the pass has come. */
  position: string | null;
}

/**
 * The scope's events in the store's global order, in batches. A customer is two stream reads
 * (the ledger and its program); a tenant is one pass over $all, reading only the streams wanted.
 */
export async function* readScope(
  store: EventStore,
  scope: AuditScope,
  wants: (stream: string) => boolean,
  withRecordedAt = true,
): AsyncGenerator<SourceBatch> {
  if (scope.customerId !== undefined) {
    const [program, ledger] = await Promise.all([
      store.readStream(programStream(scope.tenant)),
      store.readStream(customerStream(scope.tenant, scope.customerId)),
    ]);
    const events = [...program, ...ledger].map((event) => auditEvent(event, withRecordedAt)).sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    yield { events, position: events.length > 0 ? events[events.length - 1].position : null };
    return;
  }
  let after: string | undefined;
  for (;;) {
    // The store skips other streams before reading their data; a page is full until $all ends.
    // With the stored text, the hash chain is checked without serialising each event again.
    const page = await store.readAll({ ...(after !== undefined && { after }), maxCount: READ_PAGE, streamFilter: wants, withStoredText: true });
    if (page.length === 0) return;
    after = page[page.length - 1].position;
    yield { events: page.map((event) => auditEvent(event, withRecordedAt)), position: after };
    if (page.length < READ_PAGE) return;
  }
}

/**
 * A tenant's events stream by stream (see StreamByStreamAuditor): the program stream whole
 * through `addProgram`, then the streams `wants` accepts, stream after stream in the order of
 * their names, through `add`; for a store with `readInStreamOrder`. Progress is the share of the
 * store's rows looked at (the filter sees each once), as the rows are read in another order than
 * their positions.
 */
export async function passOverInStreamOrder(
  store: EventStore,
  tenant: string,
  wants: (stream: string) => boolean,
  addProgram: (event: AuditEvent) => void,
  add: (event: AuditEvent) => void,
  onProgress?: ProgressListener,
): Promise<void> {
  const read = store.readInStreamOrder?.bind(store);
  if (!read) throw new Error('this event store cannot be read stream by stream');
  const last = onProgress ? positionNumber(await lastStorePosition(store)) : 0;
  const program = await store.readStream(programStream(tenant));
  for (const event of program) addProgram(auditEvent(event, false));
  let events = program.length;
  let looked = 0;
  const counted = (stream: string) => {
    looked += 1;
    return wants(stream);
  };
  let after: { stream: string; revision: number } | undefined;
  for (;;) {
    const page = await read({ ...(after && { after }), maxCount: READ_PAGE, streamFilter: counted, withStoredText: true });
    for (const event of page) add(auditEvent(event, false));
    events += page.length;
    if (page.length < READ_PAGE) break;
    const end = page[page.length - 1];
    after = { stream: end.streamName, revision: end.revision };
    onProgress?.({ events, fraction: last > 0 ? Math.min(1, looked / last) : null });
  }
  onProgress?.({ events, fraction: last > 0 ? 1 : null });
}

/** The position of the store's newest event, to estimate how far a pass over $all has come. */
export async function lastStorePosition(store: EventStore): Promise<string | null> {
  const [last] = await store.readAll({ direction: 'backwards', maxCount: 1 });
  return last?.position ?? null;
}

/** A position as a number for progress estimates: SQLite row ids, EventStoreDB commit positions. */
export function positionNumber(position: string | null): number {
  if (position === null) return 0;
  const n = Number(position.split('/')[0]);
  return Number.isFinite(n) ? n : 0;
}

/** How far a pass has come: events handled, and the share of the store read (0–1) when known. */
export type ProgressListener = (progress: { events: number; fraction: number | null }) => void;

/** Every event of the scope through `add`, in the store's global order, reporting progress after each page. */
export async function passOver(
  store: EventStore,
  scope: AuditScope,
  wants: (stream: string) => boolean,
  add: (event: AuditEvent) => void,
  onProgress?: ProgressListener,
  withRecordedAt = false,
): Promise<void> {
  const last = scope.customerId === undefined && onProgress ? positionNumber(await lastStorePosition(store)) : 0;
  let events = 0;
  let fraction: number | null = null;
  for await (const batch of readScope(store, scope, wants, withRecordedAt)) {
    for (const event of batch.events) add(event);
    events += batch.events.length;
    fraction = last > 0 ? Math.min(1, positionNumber(batch.position) / last) : null;
    onProgress?.({ events, fraction });
  }
  // The streams wanted may end before the store does: the pass has still read all of it.
  if (last > 0 && fraction !== 1) onProgress?.({ events, fraction: 1 });
}
