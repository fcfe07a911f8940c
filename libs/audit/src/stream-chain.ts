import { matchesChainHash, storedHash } from '@setia/domain';
import type { AuditEvent } from './audit-event';
import type { Difference } from './difference';

/** What the hash chain of one stream proves. */
export interface ChainReport {
  stream: string;
  events: number;
  /** Revision of the first event that carries a hash; null when none does. */
  chainStartsAt: number | null;
  /** Events before the chain starts: written before hashes existed, so not covered by it. */
  unhashed: number;
  lastRevision: number;
  lastPosition: string | null;
  /** Hash of the stream's last event, or null. */
  lastHash: string | null;
  differences: Difference[];
}

/**
 * Checks one stream's events as they arrive, in stream order: revisions 0, 1, 2 … without gaps,
 * positions rising, and each event's hash equal to the hash recomputed from the previous
 * event's stored hash and the event itself. A stream whose first events have no hash was written
 * before hashes existed; it is verified from the first hashed event on, and the report says so.
 * Once the chain has started, an event without a hash is a difference.
 */
export class StreamChainCheck {
  private readonly report: ChainReport;
  private previousHash: string | null = null;

  constructor(readonly stream: string) {
    this.report = {
      stream,
      events: 0,
      chainStartsAt: null,
      unhashed: 0,
      lastRevision: -1,
      lastPosition: null,
      lastHash: null,
      differences: [],
    };
  }

  add(event: AuditEvent, line?: number): void {
    const report = this.report;
    const at = { stream: event.stream, revision: event.revision, position: event.position, ...(line !== undefined && { line }) };
    const expectedRevision = report.lastRevision + 1;
    if (event.revision > expectedRevision) {
      const missing = event.revision - expectedRevision;
      report.differences.push({
        kind: 'revision-gap',
        ...at,
        message:
          missing === 1
            ? `revision ${expectedRevision} is missing (an event was removed)`
            : `revisions ${expectedRevision} to ${event.revision - 1} are missing (${missing} events removed)`,
      });
    } else if (event.revision < expectedRevision) {
      report.differences.push({
        kind: 'out-of-order',
        ...at,
        message: `revision ${event.revision} comes after revision ${report.lastRevision} (events reordered or repeated)`,
      });
    }
    if (report.lastPosition !== null && !(report.lastPosition < event.position)) {
      report.differences.push({
        kind: 'out-of-order',
        ...at,
        message: `position ${event.position} is not after the stream's previous position ${report.lastPosition}`,
      });
    }

    const hash = storedHash(event);
    if (hash === null) {
      if (report.chainStartsAt === null) report.unhashed += 1;
      else report.differences.push({ kind: 'hash-missing', ...at, message: 'the event has no hash although the stream\'s chain started before it' });
    } else {
      if (report.chainStartsAt === null) report.chainStartsAt = event.revision;
      if (!matchesChainHash(hash, this.previousHash, event)) {
        report.differences.push({
          kind: 'hash-mismatch',
          ...at,
          message: `the ${event.type} event does not match its hash: its type, data or metadata were altered, or the event before it was removed or changed`,
        });
      }
    }
    this.previousHash = hash;
    report.events += 1;
    report.lastRevision = Math.max(report.lastRevision, event.revision);
    report.lastPosition = event.position;
    report.lastHash = hash;
  }

  finish(): ChainReport {
    return { ...this.report, differences: [...this.report.differences] };
  }
}

/** The hash chain of one stream's events, in stream order. */
export function verifyStreamChain(stream: string, events: Iterable<AuditEvent>): ChainReport {
  const check = new StreamChainCheck(stream);
  for (const event of events) check.add(event);
  return check.finish();
}

/** A sentence for a report: how much of the stream the chain covers. */
export function describeChain(report: ChainReport): string {
  if (report.chainStartsAt === null) return `${report.stream}: ${report.events} events, no hash chain (written before hashes existed)`;
  if (report.unhashed > 0) {
    return `${report.stream}: hash chain starts at revision ${report.chainStartsAt}; the ${report.unhashed} earlier events predate it and are not covered`;
  }
  return `${report.stream}: hash chain covers all ${report.events} events`;
}
