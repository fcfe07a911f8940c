import type { EventMetadata, RecordedEvent } from '@setia/event-store';

/**
 * An event as an auditor sees it: what the store recorded, with its place in its stream and in
 * the store's global order. The same shape is one line of an export file, so a store and an
 * export are checked by the same code.
 */
export interface AuditEvent {
  stream: string;
  revision: number;
  position: string;
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  /** When the store recorded it; absent in exports made without it. */
  recordedAt?: string;
  /** Data and metadata as the store holds them (JSON text), where the store gives them: the chain is checked on it. */
  storedText?: { data: string; metadata: string };
}

/** `withRecordedAt: false` leaves the store's time out, for checks that do not show it (it costs a Date formatting per event). */
export function auditEvent(event: RecordedEvent, withRecordedAt = true): AuditEvent {
  const audit: AuditEvent = {
    stream: event.streamName,
    revision: event.revision,
    position: event.position,
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  };
  if (withRecordedAt) audit.recordedAt = event.recordedAt.toISOString();
  if (event.storedText !== undefined) audit.storedText = event.storedText;
  return audit;
}

/** Whether a stream is one of a tenant's: its customers, its program, its id claims, or its campaigns' budgets. */
export function tenantStreams(tenant: string): (stream: string) => boolean {
  // Built once: this runs for every event of the store (inside the SQLite query for a verify).
  const program = `program-${tenant}`;
  const customers = `customer-${tenant}-`;
  const claims = `claim-${tenant}-`;
  const budgets = `budget-${tenant}-`;
  const slices = `budgetslice-${tenant}-`;
  return (stream) => stream === program || stream.startsWith(customers) || stream.startsWith(claims) || stream.startsWith(budgets) || stream.startsWith(slices);
}
