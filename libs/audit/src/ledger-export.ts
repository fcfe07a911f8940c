import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseCustomerStream } from '@setia/domain';
import type { AuditEvent } from './audit-event';
import type { Difference, Notice } from './difference';
import type { AuditResult, AuditScope } from './ledger-auditor';
import { byPlace, LedgerAuditor } from './ledger-auditor';
import { LEDGER_CSV_HEADER, ledgerCsvRow } from './ledger-csv';

/**
 * An export for auditors, in one directory:
 * - `events.jsonl`: one event per line (stream, revision, position, id, type, data, metadata,
 *   recordedAt) in the store's global order: the tenant's (or one customer's) ledgers and the
 *   program they were decided under;
 * - `ledger.csv`: every movement of points with the balance and tier after it;
 * - `events.index.tsv`: per line of events.jsonl its stream, revision, position and SHA-256, so a
 *   changed, missing or moved line is found and named;
 * - `manifest.json`: counts per stream, first and last positions, the SHA-256 of every file and
 *   the head of the line chain (c₀ = 64 zeros, cᵢ = SHA-256(cᵢ₋₁ ‖ SHA-256(lineᵢ)) in hex).
 * Keep the manifest apart (or sign it): it is what the files are checked against.
 */
export const EXPORT_FORMAT = 'setia-ledger-export/1';
export const EXPORT_FILES = { events: 'events.jsonl', ledger: 'ledger.csv', index: 'events.index.tsv', manifest: 'manifest.json' } as const;
const CHAIN_START = '0'.repeat(64);

export interface ExportedFile {
  name: string;
  lines: number;
  bytes: number;
  sha256: string;
}

export interface StreamSummary {
  count: number;
  firstRevision: number;
  lastRevision: number;
  firstPosition: string;
  lastPosition: string;
  /** The stream's last event hash (its chain head), or null when it has no hash chain. */
  lastHash: string | null;
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  scope: AuditScope;
  createdAt: string;
  /** Where the events came from (adapter and location, no credentials). */
  source: string;
  events: number;
  firstPosition: string | null;
  lastPosition: string | null;
  files: { events: ExportedFile; ledger: ExportedFile; index: ExportedFile };
  lineChain: { algorithm: string; head: string };
  streams: Record<string, StreamSummary>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const chainNext = (previous: string, lineDigest: string) => sha256(previous + lineDigest);

/** One export line: the event exactly as the store holds it, keys in a fixed order. */
export function exportLine(event: AuditEvent): string {
  return JSON.stringify({
    stream: event.stream,
    revision: event.revision,
    position: event.position,
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    ...(event.recordedAt !== undefined && { recordedAt: event.recordedAt }),
  });
}

/** A file written in large chunks, with its digest, line and byte counts kept as it goes. */
class FileSink {
  private readonly fd: number;
  private readonly hash = createHash('sha256');
  private buffer: string[] = [];
  private buffered = 0;
  lines = 0;
  bytes = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  line(text: string): void {
    this.buffer.push(text, '\n');
    this.buffered += text.length + 1;
    this.lines += 1;
    if (this.buffered > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const chunk = Buffer.from(this.buffer.join(''), 'utf8');
    this.hash.update(chunk);
    writeSync(this.fd, chunk);
    this.bytes += chunk.length;
    this.buffer = [];
    this.buffered = 0;
  }

  close(name: string): ExportedFile {
    this.flush();
    closeSync(this.fd);
    return { name, lines: this.lines, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

/** The ledger CSV rows events give, line by line, with the auditor that keeps the balances. */
class LedgerCsvBuilder {
  constructor(private readonly auditor: LedgerAuditor) {}

  row(event: AuditEvent, line: number): string | undefined {
    const customer = parseCustomerStream(event.stream);
    const check = customer && this.auditor.customer(event.stream);
    if (!customer || !check) return undefined;
    return ledgerCsvRow(line, customer.customerId, event, check.current());
  }
}

/**
 * Writes an export while auditing what it writes: feed it the scope's events in global order,
 * then `finish` writes the manifest and gives the audit of the exported events.
 */
export class LedgerExportWriter {
  private readonly auditor: LedgerAuditor;
  private readonly csv: LedgerCsvBuilder;
  private readonly events: FileSink;
  private readonly ledger: FileSink;
  private readonly index: FileSink;
  private chain = CHAIN_START;
  private lineNo = 0;
  private readonly streams = new Map<string, StreamSummary>();

  constructor(
    readonly dir: string,
    readonly scope: AuditScope,
    private readonly source: string,
  ) {
    mkdirSync(dir, { recursive: true });
    this.auditor = new LedgerAuditor(scope);
    this.csv = new LedgerCsvBuilder(this.auditor);
    this.events = new FileSink(join(dir, EXPORT_FILES.events));
    this.ledger = new FileSink(join(dir, EXPORT_FILES.ledger));
    this.index = new FileSink(join(dir, EXPORT_FILES.index));
    this.ledger.line(LEDGER_CSV_HEADER);
  }

  /** Whether the export holds events of this stream: ledgers and program, not internal id claims. */
  wants(stream: string): boolean {
    return this.auditor.wants(stream) && !stream.startsWith('claim-');
  }

  add(event: AuditEvent): void {
    const text = exportLine(event);
    const line = ++this.lineNo;
    const digest = sha256(text);
    this.chain = chainNext(this.chain, digest);
    this.events.line(text);
    this.index.line(`${line}\t${event.stream}\t${event.revision}\t${event.position}\t${digest}`);
    this.auditor.add(event, line);
    const row = this.csv.row(event, line);
    if (row !== undefined) this.ledger.line(row);
    const summary = this.streams.get(event.stream);
    const hash = typeof event.metadata.hash === 'string' ? event.metadata.hash : null;
    if (!summary) {
      this.streams.set(event.stream, {
        count: 1,
        firstRevision: event.revision,
        lastRevision: event.revision,
        firstPosition: event.position,
        lastPosition: event.position,
        lastHash: hash,
      });
    } else {
      summary.count += 1;
      summary.lastRevision = event.revision;
      summary.lastPosition = event.position;
      summary.lastHash = hash;
    }
  }

  finish(now: Date = new Date()): { manifest: ExportManifest; audit: AuditResult } {
    const audit = this.auditor.finish();
    const manifest: ExportManifest = {
      format: EXPORT_FORMAT,
      scope: this.scope,
      createdAt: now.toISOString(),
      source: this.source,
      events: this.lineNo,
      firstPosition: audit.firstPosition,
      lastPosition: audit.lastPosition,
      files: {
        events: this.events.close(EXPORT_FILES.events),
        ledger: this.ledger.close(EXPORT_FILES.ledger),
        index: this.index.close(EXPORT_FILES.index),
      },
      lineChain: { algorithm: 'c0 = 64 zeros; ci = sha256(hex(c(i-1)) + hex(sha256(line i))), hex', head: this.chain },
      streams: Object.fromEntries(this.streams),
    };
    writeFileSync(join(this.dir, EXPORT_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    return { manifest, audit };
  }
}

export interface ExportVerification {
  manifest: ExportManifest;
  /** Lines read from events.jsonl. */
  lines: number;
  audit: AuditResult;
  differences: Difference[];
  notices: Notice[];
}

interface IndexEntry {
  line: number;
  stream: string;
  revision: number;
  position: string;
}

/** The manifest of an export given as its directory, its manifest or its events file. */
export function exportManifestPath(path: string): string {
  if (existsSync(path) && statSync(path).isDirectory()) return join(path, EXPORT_FILES.manifest);
  if (path.endsWith('.json')) return path;
  return join(dirname(path), EXPORT_FILES.manifest);
}

/**
 * Checks an export offline against its manifest: every line of events.jsonl against the index
 * (altered, missing, added and moved lines, named by line, stream and revision), the line chain
 * and file digests, the counts per stream, and the events themselves with the same audit as a
 * live store (hash chains, order, ledgers replayed with the program in force). The ledger CSV
 * must be what the events give.
 */
export async function verifyExport(
  path: string,
  onProgress?: (linesRead: number, bytesRead: number, totalBytes: number) => void,
): Promise<ExportVerification> {
  const manifestPath = exportManifestPath(path);
  const dir = dirname(manifestPath);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ExportManifest;
  if (manifest.format !== EXPORT_FORMAT) throw new Error(`${manifestPath} is not a Setia ledger export manifest (${EXPORT_FORMAT})`);
  const differences: Difference[] = [];
  const fileDiff = (file: string, message: string) => differences.push({ kind: 'export-manifest', message: `${file}: ${message}` });

  // The index, checked against the manifest, tells where each original line was.
  const indexFile = join(dir, manifest.files.index.name);
  const indexText = readFileSync(indexFile, 'utf8');
  let indexUsable = sha256(indexText) === manifest.files.index.sha256;
  if (!indexUsable) fileDiff(manifest.files.index.name, 'does not match the manifest digest; lines are located by their contents only');
  const entries: IndexEntry[] = [];
  const byDigest = new Map<string, number>();
  let chain = CHAIN_START;
  for (const row of indexText.split('\n')) {
    if (row === '') continue;
    const [line, stream, revision, position, digest] = row.split('\t');
    entries.push({ line: Number(line), stream, revision: Number(revision), position });
    byDigest.set(digest, entries.length - 1);
    chain = chainNext(chain, digest);
  }
  if (indexUsable && chain !== manifest.lineChain.head) {
    fileDiff(manifest.files.index.name, 'its line chain does not end at the manifest\'s head');
    indexUsable = false;
  }

  const eventsFile = join(dir, manifest.files.events.name);
  const totalBytes = statSync(eventsFile).size;
  const fileHash = createHash('sha256');
  let bytesRead = 0;
  const input = createReadStream(eventsFile);
  input.on('data', (chunk) => {
    fileHash.update(chunk);
    bytesRead += chunk.length;
  });
  const auditor = new LedgerAuditor(manifest.scope);
  const csv = new LedgerCsvBuilder(auditor);
  const csvRows: string[] = [LEDGER_CSV_HEADER];
  /** Per line of the file: the index entry it matches, or -1. */
  const matched: number[] = [];
  const matchedBy = new Int32Array(entries.length).fill(0);
  const unmatchedLines: Array<{ line: number; stream?: string; revision?: number; position?: string }> = [];
  let lineChain = CHAIN_START;
  let lineNo = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    const line = ++lineNo;
    const digest = sha256(text);
    lineChain = chainNext(lineChain, digest);
    const entry = byDigest.get(digest);
    let event: AuditEvent | undefined;
    try {
      event = fromExportLine(text);
    } catch (error) {
      differences.push({ kind: 'unreadable-event', line, message: `not an export line: ${(error as Error).message}` });
    }
    if (entry === undefined) {
      matched.push(-1);
      unmatchedLines.push({ line, ...(event && { stream: event.stream, revision: event.revision, position: event.position }) });
    } else {
      matched.push(entry);
      matchedBy[entry] += 1;
      if (matchedBy[entry] > 1) {
        differences.push({
          kind: 'export-line-added',
          line,
          ...(event && { stream: event.stream, revision: event.revision, position: event.position }),
          message: `the line repeats line ${entries[entry].line}`,
        });
      }
    }
    if (event) {
      auditor.add(event, line);
      const row = csv.row(event, line);
      if (row !== undefined) csvRows.push(row);
    }
    if (onProgress && (line & 0x3fff) === 0) onProgress(line, bytesRead, totalBytes);
  }
  onProgress?.(lineNo, totalBytes, totalBytes);

  if (fileHash.digest('hex') !== manifest.files.events.sha256) {
    fileDiff(manifest.files.events.name, 'does not match the manifest digest (the file was changed)');
  }
  if (lineChain !== manifest.lineChain.head) fileDiff(manifest.files.events.name, 'its line chain does not match the manifest');
  if (lineNo !== manifest.files.events.lines) fileDiff(manifest.files.events.name, `has ${lineNo} lines, the manifest says ${manifest.files.events.lines}`);

  if (indexUsable) differences.push(...locateLines(entries, matched, unmatchedLines));
  else {
    for (const unmatched of unmatchedLines) {
      differences.push({ kind: 'export-line-altered', ...unmatched, message: 'the line is not one the export wrote' });
    }
  }

  const audit = auditor.finish();
  differences.push(...audit.differences, ...compareStreams(manifest, audit));
  differences.push(...compareLedgerCsv(join(dir, manifest.files.ledger.name), manifest.files.ledger, csvRows));
  differences.sort(byPlace);
  return { manifest, lines: lineNo, audit, differences, notices: audit.notices };
}

/**
 * Names each line that differs from what the export wrote: altered (its text is new), missing
 * (an original line no longer in the file) and moved (an original line out of its order: not
 * on the longest run of lines still in their original order).
 */
function locateLines(
  entries: readonly IndexEntry[],
  matched: readonly number[],
  unmatchedLines: ReadonlyArray<{ line: number; stream?: string; revision?: number; position?: string }>,
): Difference[] {
  const differences: Difference[] = [];
  const present = new Uint8Array(entries.length);
  for (const entry of matched) if (entry >= 0) present[entry] = 1;
  // An altered line still names its stream and revision (unless those were altered too).
  const missing = new Map<string, number>();
  if (unmatchedLines.length > 0) {
    entries.forEach((entry, i) => {
      if (present[i] === 0) missing.set(`${entry.stream}\u0000${entry.revision}`, i);
    });
  }
  for (const unmatched of unmatchedLines) {
    const key = `${unmatched.stream}\u0000${unmatched.revision}`;
    const was = missing.get(key) ?? -1;
    if (was >= 0) {
      present[was] = 1;
      missing.delete(key);
    }
    differences.push({
      kind: 'export-line-altered',
      ...unmatched,
      message:
        was >= 0
          ? `the line was altered (it was written as line ${entries[was].line})`
          : 'the line is not one the export wrote (altered beyond recognition, or added)',
    });
  }
  entries.forEach((entry, i) => {
    if (present[i]) return;
    differences.push({
      kind: 'export-line-removed',
      line: entry.line,
      stream: entry.stream,
      revision: entry.revision,
      position: entry.position,
      message: `line ${entry.line} of the export is missing from the file`,
    });
  });
  const inOrder = longestIncreasing(matched);
  matched.forEach((entry, i) => {
    if (entry < 0 || inOrder.has(i)) return;
    const original = entries[entry];
    differences.push({
      kind: 'export-line-moved',
      line: i + 1,
      stream: original.stream,
      revision: original.revision,
      position: original.position,
      message: `the line was moved: the export wrote it as line ${original.line}`,
    });
  });
  return differences;
}

/** Indexes (into `values`) of one longest strictly increasing run of the non-negative values. */
function longestIncreasing(values: readonly number[]): Set<number> {
  const tails: number[] = [];
  const tailIndex: number[] = [];
  const previous = new Int32Array(values.length).fill(-1);
  values.forEach((value, i) => {
    if (value < 0) return;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = value;
    tailIndex[lo] = i;
    previous[i] = lo > 0 ? tailIndex[lo - 1] : -1;
  });
  const result = new Set<number>();
  for (let i = tailIndex.length > 0 ? tailIndex[tailIndex.length - 1] : -1; i >= 0; i = previous[i]) result.add(i);
  return result;
}

function compareStreams(manifest: ExportManifest, audit: AuditResult): Difference[] {
  const differences: Difference[] = [];
  const found = new Map(audit.chains.map((chain) => [chain.stream, chain]));
  for (const [stream, expected] of Object.entries(manifest.streams)) {
    const chain = found.get(stream);
    const count = chain?.events ?? 0;
    if (count !== expected.count) {
      differences.push({ kind: 'export-manifest', stream, message: `the file has ${count} events of this stream, the manifest says ${expected.count}` });
    } else if (chain && expected.lastHash !== chain.lastHash) {
      differences.push({ kind: 'export-manifest', stream, message: 'the stream\'s last hash differs from the manifest\'s' });
    }
  }
  for (const stream of found.keys()) {
    if (!(stream in manifest.streams)) differences.push({ kind: 'export-manifest', stream, message: 'the manifest does not list this stream' });
  }
  return differences;
}

/** The ledger CSV must be the file the manifest names, and what the events give. */
function compareLedgerCsv(path: string, expected: ExportedFile, rows: readonly string[]): Difference[] {
  const differences: Difference[] = [];
  const regenerated = `${rows.join('\n')}\n`;
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const fileMatches = sha256(text) === expected.sha256;
  if (!fileMatches) differences.push({ kind: 'export-ledger', message: `${expected.name} does not match the manifest digest` });
  if (text === regenerated) return differences;
  const fileRows = text.split('\n');
  const count = Math.max(fileRows.length, rows.length + 1);
  let reported = 0;
  for (let i = 0; i < count && reported < 20; i++) {
    const want = i < rows.length ? rows[i] : '';
    if ((fileRows[i] ?? '') === want) continue;
    reported += 1;
    differences.push({
      kind: 'export-ledger',
      message: `${expected.name} line ${i + 1} is ${JSON.stringify(fileRows[i] ?? '')}, the events give ${JSON.stringify(want)}`,
    });
  }
  return differences;
}

/** An export line back to the event it holds. */
export function fromExportLine(text: string): AuditEvent {
  const value = JSON.parse(text) as Partial<AuditEvent>;
  if (
    typeof value !== 'object' || value === null ||
    typeof value.stream !== 'string' || typeof value.revision !== 'number' || typeof value.position !== 'string' ||
    typeof value.type !== 'string' || typeof value.metadata !== 'object' || value.metadata === null
  ) {
    throw new Error('stream, revision, position, type and metadata are required');
  }
  return value as AuditEvent;
}
