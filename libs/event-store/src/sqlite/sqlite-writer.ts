import type { Database as Db, Statement } from 'better-sqlite3';
import type { ExpectedRevision, StreamSnapshot } from '../event-store.port';

/** One stream's part of an append, serialised. */
export interface StreamRows {
  stream: string;
  expected: ExpectedRevision;
  rows: Array<{ id: string; type: string; data: string; metadata: string }>;
}

/** What one commit writes: appends (each to one stream or several, all or nothing) and snapshots. */
export interface CommitRequest {
  appends: StreamRows[][];
  snapshots: Array<[stream: string, snapshot: StreamSnapshot]>;
}

/**
 * A stream's part of an append as written: its last revision and its last event's position (the
 * store's last position when the part wrote nothing); for a repeat, where those events were first written.
 */
export interface WrittenPart {
  revision: number;
  position: number;
  repeat?: true;
}

/** An append refused, with nothing of it written: the stream whose expected revision did not hold. */
export interface Refusal {
  refused: { stream: string; expected: ExpectedRevision; actual: number };
}

/** An append written, or refused. */
export type AppendOutcome = { written: WrittenPart[] } | Refusal;

/** A part as written inside the transaction: no position when it wrote nothing. */
type PartInTransaction = Omit<WrittenPart, 'position'> & { position?: number };

/**
 * A commit's outcome. `seq` is the value this commit gave the `commits` row and `previousSeq` the
 * one it found: when that is not the previous commit's `seq` of this writer, another writer (another
 * process) committed in between.
 */
export type CommitReply = { outcomes: AppendOutcome[]; seq: number; previousSeq: number } | { failed: { message: string; code?: string } };

/**
 * An append as one string, for the writer thread: made when the append is asked for, while its
 * texts are still in the CPU's caches. Posted at commit time as a list of its strings, each was
 * read again from memory: the post took 6.1–8.3% of the API's thread under purchases with five
 * campaigns, 4.9–5.4% with the appends encoded (the encoding included; 7 December 2026). Fields, each
 * its length in UTF-16 code units, a colon and its text: the number of streams, then per stream its
 * name, expected revision and number of rows, then per row its id, type, data and metadata.
 */
export function encodeAppend(append: StreamRows[]): string {
  const fields: string[] = [];
  const add = (text: string) => fields.push(`${text.length}:`, text);
  add(String(append.length));
  for (const part of append) {
    add(part.stream);
    add(String(part.expected));
    add(String(part.rows.length));
    for (const row of part.rows) {
      add(row.id);
      add(row.type);
      add(row.data);
      add(row.metadata);
    }
  }
  return fields.join('');
}

const COLON = 0x3a;
const ZERO = 0x30;

export function decodeAppend(text: string): StreamRows[] {
  let at = 0;
  const field = (): string => {
    let length = 0;
    for (let code = text.charCodeAt(at++); code !== COLON; code = text.charCodeAt(at++)) length = length * 10 + code - ZERO;
    at += length;
    return text.slice(at - length, at);
  };
  const count = () => Number(field());
  const append: StreamRows[] = new Array(count());
  for (let i = 0; i < append.length; i++) {
    const stream = field();
    const expectedText = field();
    const expected: ExpectedRevision = /^-?\d+$/.test(expectedText) ? Number(expectedText) : (expectedText as ExpectedRevision);
    const rows: StreamRows['rows'] = new Array(count());
    for (let r = 0; r < rows.length; r++) rows[r] = { id: field(), type: field(), data: field(), metadata: field() };
    append[i] = { stream, expected, rows };
  }
  return append;
}

/** A commit request as sent to the writer thread: its appends encoded (encodeAppend), its snapshots as they are. */
export interface EncodedCommitRequest {
  appends: string[];
  snapshots: CommitRequest['snapshots'];
}

export function decodeCommitRequest({ appends, snapshots }: EncodedCommitRequest): CommitRequest {
  return { appends: appends.map(decodeAppend), snapshots };
}

/**
 * A commit's reply as numbers, sent back from the writer thread. Per append: its number of parts
 * then each part's revision, position and 1 for a repeat (else 0); or -1 for a refusal, found in
 * `refusals` in the same order.
 */
export type FlatCommitReply = { outcomes: number[]; refusals: Array<Refusal['refused']>; seq: number; previousSeq: number } | Extract<CommitReply, { failed: unknown }>;

export function flattenCommitReply(reply: CommitReply): FlatCommitReply {
  if ('failed' in reply) return reply;
  const outcomes: number[] = [];
  const refusals: Array<Refusal['refused']> = [];
  for (const outcome of reply.outcomes) {
    if ('refused' in outcome) {
      outcomes.push(-1);
      refusals.push(outcome.refused);
      continue;
    }
    outcomes.push(outcome.written.length);
    for (const part of outcome.written) outcomes.push(part.revision, part.position, part.repeat ? 1 : 0);
  }
  return { outcomes, refusals, seq: reply.seq, previousSeq: reply.previousSeq };
}

export function unflattenCommitReply(flat: FlatCommitReply): CommitReply {
  if ('failed' in flat) return flat;
  const outcomes: AppendOutcome[] = [];
  let refusal = 0;
  for (let at = 0; at < flat.outcomes.length; ) {
    const count = flat.outcomes[at++];
    if (count === -1) {
      outcomes.push({ refused: flat.refusals[refusal++] });
      continue;
    }
    const written: WrittenPart[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const revision = flat.outcomes[at++];
      const position = flat.outcomes[at++];
      written[i] = flat.outcomes[at++] === 1 ? { revision, position, repeat: true } : { revision, position };
    }
    outcomes.push({ written });
  }
  return { outcomes, seq: flat.seq, previousSeq: flat.previousSeq };
}

/** Streams whose last revision the writer remembers, so most appends check theirs without a query. */
const MAX_KNOWN_REVISIONS = 100_000;

interface KnownInTransaction {
  revision: number;
  /** Kept after the commit: not a stream expected not to exist (a claim, written once). */
  remember: boolean;
}

function satisfies(expected: ExpectedRevision, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === -1;
    case 'stream_exists':
      return actual >= 0;
    default:
      return actual === expected;
  }
}

/**
 * The event store's write transactions. Appends from concurrent writers are committed together
 * (group commit), so a durable fsync per commit still allows tens of thousands of appends per
 * second. Several processes may write to the same file: each stream's expected revision is
 * checked inside the write transaction, and each transaction moves the `commits` row on, which
 * tells the writers and the readers of every process when someone else wrote. It runs on the
 * store's own thread (see SqliteEventStore), or inline on the store's connection.
 */
export class SqliteWriter {
  private readonly statements: {
    bumpSeq: Statement<[string], { seq: number }>;
    lastRevision: Statement<[string], { revision: number }>;
    idsAfter: Statement<[string, number, number], [id: string, position: number]>;
    insert: Statement<[string, number, string, string, string, string, number]>;
    insertFirst: Statement<[string, string, string, string, string, number]>;
    deleteFrom: Statement<[number]>;
    lastPosition: Statement<[], { position: number | null }>;
    keepSnapshot: Statement<[string, number, string | null, string, Buffer]>;
    begin: Statement<[]>;
    commit: Statement<[]>;
  };
  /** Streams' last revisions as of this writer's last commit, which held while no one else committed. */
  private readonly knownRevisions = new Map<string, number>();
  private lastSeq: number | undefined;

  constructor(
    private readonly db: Db,
    /** This writer's name in the `commits` row. */
    private readonly writerId: string,
  ) {
    this.statements = {
      bumpSeq: db.prepare('UPDATE commits SET seq = seq + 1, writer = ? WHERE id = 0 RETURNING seq'),
      lastRevision: db.prepare('SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1'),
      idsAfter: db.prepare<[string, number, number], [string, number]>('SELECT id, position FROM events WHERE stream = ? AND revision > ? ORDER BY revision ASC LIMIT ?').raw(true),
      insert: db.prepare('INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      // A stream's first event, unless the stream has one: no row written when it has (changes 0).
      insertFirst: db.prepare(
        'INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at) VALUES (?, 0, ?, ?, ?, ?, ?) ON CONFLICT (stream, revision) DO NOTHING',
      ),
      deleteFrom: db.prepare('DELETE FROM events WHERE position >= ?'),
      lastPosition: db.prepare('SELECT MAX(position) AS position FROM events'),
      keepSnapshot: db.prepare(
        'INSERT INTO snapshots (stream, revision, hash, fold, bytes) VALUES (?, ?, ?, ?, ?) ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash, fold = excluded.fold, bytes = excluded.bytes WHERE excluded.revision >= snapshots.revision',
      ),
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
    };
  }

  /** One transaction: every append written or refused on its own, the snapshots kept, then committed. */
  commit(request: CommitRequest): CommitReply {
    const inTransaction = new Map<string, KnownInTransaction>();
    try {
      this.statements.begin.run();
      const seq = this.statements.bumpSeq.get(this.writerId)!.seq;
      // Under the write lock: whoever committed since this writer's last commit may have moved any stream.
      if (seq - 1 !== this.lastSeq) this.knownRevisions.clear();
      const recordedAt = Date.now();
      const written = request.appends.map((append) => this.write(append, inTransaction, recordedAt));
      // A part that wrote nothing (an expected-revision check) gets the store's last position at
      // commit: the last one the transaction wrote, queried only when it wrote nothing.
      let head: number | undefined;
      for (const parts of written) if (Array.isArray(parts)) for (const part of parts) if (part.position !== undefined && !part.repeat) head = Math.max(head ?? 0, part.position);
      const headPosition = () => (head ??= this.statements.lastPosition.get()?.position ?? 0);
      const outcomes = written.map((parts): AppendOutcome =>
        Array.isArray(parts) ? { written: parts.map((part) => ({ ...part, position: part.position ?? headPosition() })) } : parts,
      );
      for (const [stream, snapshot] of request.snapshots) this.statements.keepSnapshot.run(stream, snapshot.revision, snapshot.hash, snapshot.fold, snapshot.bytes);
      this.statements.commit.run();
      this.lastSeq = seq;
      if (this.knownRevisions.size + inTransaction.size > MAX_KNOWN_REVISIONS) this.knownRevisions.clear();
      for (const [stream, known] of inTransaction) if (known.remember) this.knownRevisions.set(stream, known.revision);
      return { outcomes, seq, previousSeq: seq - 1 };
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.lastSeq = undefined;
      const { message, code } = error as Error & { code?: string };
      return { failed: { message, ...(code !== undefined && { code }) } };
    }
  }

  /**
   * Inside the write transaction: one append's rows, or its refusal with nothing of it written.
   * Each stream is judged by the port's rule (see EventStore): its expected revision holds, or the
   * stream has passed it and holds the append's events right after it (a repeat), or it is a
   * conflict. A stream expected not to exist is checked by writing its first event, at revision 0
   * if nothing is there (the lookup the insert makes anyway): most appends claim an id that no one
   * has (ClaimRegistry).
   */
  private write(append: StreamRows[], inTransaction: Map<string, KnownInTransaction>, recordedAt: number): PartInTransaction[] | Refusal {
    const parts: PartInTransaction[] = new Array(append.length);
    const known = (stream: string) => inTransaction.get(stream)?.revision ?? this.knownRevisions.get(stream);
    const lookUp = (stream: string) => known(stream) ?? this.statements.lastRevision.get(stream)?.revision ?? -1;
    /** Each stream's last revision before this append; undefined for a stream written by its first-event insert. */
    const lastRevisions: Array<number | undefined> = new Array(append.length);
    /** Position of the first row this append wrote: on a refusal, it and everything after it go. */
    let firstPosition: number | undefined;
    let refused: number | undefined;
    let repeated: number | undefined;
    let writes = false;
    for (let i = 0; i < append.length; i++) {
      const part = append[i];
      if (part.expected === 'no_stream' && part.rows.length > 0 && known(part.stream) === undefined) {
        const [first] = part.rows;
        const info = this.statements.insertFirst.run(part.stream, first.id, first.type, first.data, first.metadata, recordedAt);
        if (info.changes === 1) {
          const position = Number(info.lastInsertRowid);
          firstPosition ??= position;
          const rest = this.insert(part, 0, recordedAt, 1);
          parts[i] = { revision: rest.revision, position: rest.position ?? position };
          writes = true;
          continue;
        }
      }
      const last = lookUp(part.stream);
      lastRevisions[i] = last;
      if (satisfies(part.expected, last)) {
        writes ||= part.rows.length > 0;
        continue;
      }
      const repeat = this.repeatOf(part, last);
      if (repeat) {
        parts[i] = repeat;
        repeated ??= i;
      } else {
        refused = i;
        break;
      }
    }
    // A repeat of some streams beside writes to others is neither the same append nor a new one.
    if (refused === undefined && repeated !== undefined && writes) refused = repeated;
    if (refused !== undefined) {
      if (firstPosition !== undefined) this.statements.deleteFrom.run(firstPosition);
      const part = append[refused];
      return { refused: { stream: part.stream, expected: part.expected, actual: lastRevisions[refused] ?? lookUp(part.stream) } };
    }
    for (let i = 0; i < append.length; i++) {
      if (parts[i] !== undefined) continue;
      parts[i] = this.insert(append[i], lastRevisions[i]!, recordedAt);
    }
    parts.forEach((part, i) => {
      if (!part.repeat) inTransaction.set(append[i].stream, { revision: part.revision, remember: append[i].expected !== 'no_stream' });
    });
    return parts;
  }

  /**
   * The stream's events right after the expected revision, when they are the part's events (the
   * same recorded ids, in order, all of them there): the part is a repeat of them. Only a stream
   * expected at a revision, or not to exist, can be repeated.
   */
  private repeatOf(part: StreamRows, last: number): WrittenPart | undefined {
    const expected = part.expected === 'no_stream' ? -1 : part.expected;
    if (typeof expected !== 'number' || part.rows.length === 0 || last <= expected) return undefined;
    const stored = this.statements.idsAfter.all(part.stream, expected, part.rows.length);
    if (stored.length !== part.rows.length || stored.some(([id], n) => id !== part.rows[n].id)) return undefined;
    return { revision: expected + part.rows.length, position: stored[stored.length - 1][1], repeat: true };
  }

  /** Inside the write transaction: the stream's rows (from the row `fromRow` on) after its last revision. */
  private insert(part: StreamRows, lastRevision: number, recordedAt: number, fromRow = 0): PartInTransaction {
    let revision = lastRevision;
    let position: number | undefined;
    for (let i = fromRow; i < part.rows.length; i++) {
      const row = part.rows[i];
      revision += 1;
      const info = this.statements.insert.run(part.stream, revision, row.id, row.type, row.data, row.metadata, recordedAt);
      position = Number(info.lastInsertRowid);
    }
    return { revision, position };
  }
}
