import type { CustomerEvent, CustomerState } from '@setia/domain';
import { occurredAt, pointsMoved } from '@setia/domain';
import type { AuditEvent } from './audit-event';

/** The ledger lines of an export: every movement of points, with the balance right after it. */
export const LEDGER_CSV_HEADER =
  'line,stream,customerId,revision,position,occurredAt,type,reason,reference,points,balance,tier,programRevision';

/** One CSV row for an event that moves points, or undefined for one that does not. */
export function ledgerCsvRow(line: number, customerId: string, event: AuditEvent, after: CustomerState): string | undefined {
  const customerEvent = event as unknown as CustomerEvent;
  const points = pointsMoved(customerEvent);
  if (points === 0) return undefined;
  const data = event.data as Record<string, unknown>;
  const reference = data.redemptionId ?? data.returnId ?? data.receiptId ?? data.feedbackId ?? '';
  const programRevision = typeof data.programRevision === 'number' ? data.programRevision : '';
  return [
    line,
    event.stream,
    customerId,
    event.revision,
    event.position,
    occurredAt(customerEvent),
    event.type,
    data.reason ?? '',
    reference,
    points,
    after.points,
    after.tier ?? '',
    programRevision,
  ]
    .map(csvField)
    .join(',');
}

/** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
export function csvField(value: unknown): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
