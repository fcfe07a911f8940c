/**
 * One thing that does not agree, located as precisely as the check allows: the stream and the
 * revision of the event, its global position, and for an export file the line number.
 */
export interface Difference {
  kind: DifferenceKind;
  stream?: string;
  revision?: number;
  position?: string;
  /** 1-based line of an export file. */
  line?: number;
  message: string;
}

export type DifferenceKind =
  | 'hash-mismatch'
  | 'hash-missing'
  | 'revision-gap'
  | 'out-of-order'
  | 'negative-balance'
  | 'decision-mismatch'
  | 'program-missing'
  | 'unreadable-event'
  | 'read-model-mismatch'
  | 'read-model-missing'
  | 'export-digest'
  | 'export-line-altered'
  | 'export-line-removed'
  | 'export-line-added'
  | 'export-line-moved'
  | 'export-manifest'
  | 'export-ledger'
  | 'budget-overspent'
  | 'budget-mismatch';

/** Things worth saying that are not disagreements (a stream older than its hash chain, a lagging read model). */
export interface Notice {
  stream?: string;
  message: string;
}

export function describeDifference(difference: Difference): string {
  const where: string[] = [];
  if (difference.line !== undefined) where.push(`line ${difference.line}`);
  if (difference.stream !== undefined) where.push(`stream ${difference.stream}`);
  if (difference.revision !== undefined) where.push(`revision ${difference.revision}`);
  if (difference.position !== undefined) where.push(`position ${difference.position}`);
  return `${difference.kind}${where.length > 0 ? ` at ${where.join(', ')}` : ''}: ${difference.message}`;
}
