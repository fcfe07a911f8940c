import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { NotAPosition, WrongExpectedRevision } from '../errors';
import type {
  AppendResult,
  EventMetadata,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  StreamAppend,
  StreamSnapshot,
  Position,
  ReadAllOptions,
  ReadInStreamOrderOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store.port';
import { metrics } from '@setia/platform';
import { recordedEventId } from '../recorded-event-id';
import { SqliteCheckpointer } from './sqlite-checkpointer';

export interface SqliteEventStoreOptions {
  /** FULL: every commit is on disk before an append resolves. NORMAL: survives a crash of the process only. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How often live subscriptions look for events appended by other processes. */
  pollIntervalMs?: number;
}

/** A row of a read: the COLUMNS in order. Read statements return arrays, which SQLite's binding builds faster than objects. */
type Row = [position: number, stream: string, revision: number, id: string, type: string, data: string, metadata: string, recordedAt: number];
const POSITION = 0;
const STREAM = 1;
const REVISION = 2;

interface StreamRows {
  stream: string;
  expected: ExpectedRevision;
  rows: Array<{ id: string; type: string; data: string; metadata: string }>;
}

/**
 * A stream's part of an append as written: its last revision, and its last event's position (none
 * when empty); for a repeat, where those events were first written.
 */
interface WrittenPart {
  revision: number;
  position: number | undefined;
  repeat?: true;
}

/** Streams' last revisions inside a write transaction (see revisionsInTransaction). */
interface TransactionRevisions {
  /** The last revision if known without a query: moved by this transaction, or a known end. */
  get(stream: string): number | undefined;
  /** The last revision, queried when not known; -1 for no stream. */
  lookUp(stream: string): number;
  /** Records what this transaction wrote. */
  set(stream: string, revision: number): void;
}

/** One call's appends, to one stream or several: committed together or refused together. */
interface PendingAppend {
  streams: StreamRows[];
  /** When it was asked for (performance.now()), for setia_event_store_append_duration_seconds. */
  since: number;
  resolve(results: AppendResult[]): void;
  reject(error: Error): void;
}

const COLUMNS = 'position, stream, revision, id, type, data, metadata, recorded_at';
/** SQL function asking a read's streamFilter: rows of other streams never reach JavaScript. */
const STREAM_FILTER = 'setia_stream_filter';
const READ_QUERIES = {
  'stream-forwards': `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC`,
  'stream-backwards': `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC`,
  // The names as one JSON array: one statement for any number of streams.
  'streams-forwards': `SELECT ${COLUMNS} FROM events WHERE stream IN (SELECT value FROM json_each(?)) ORDER BY stream, revision ASC`,
  'all-forwards': `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position ASC`,
  'all-backwards': `SELECT ${COLUMNS} FROM events WHERE position < ? ORDER BY position DESC`,
  'all-forwards-filtered': `SELECT ${COLUMNS} FROM events WHERE position > ? AND ${STREAM_FILTER}(stream) ORDER BY position ASC`,
  // A row value compared with the (stream, revision) index: the read goes on where the last page ended.
  'by-stream-filtered': `SELECT ${COLUMNS} FROM events WHERE (stream, revision) > (?, ?) AND ${STREAM_FILTER}(stream) ORDER BY stream, revision ASC`,
  'all-backwards-filtered': `SELECT ${COLUMNS} FROM events WHERE position < ? AND ${STREAM_FILTER}(stream) ORDER BY position DESC`,
};
const MAX_CACHED_READS = 64;
/** Appends a commit waits for at most while more keep coming (see flushWhenQuiet). */
const MAX_BATCH = 256;
/** Streams whose end is remembered, so reading a stream's new events is answered without a query. */
const MAX_KNOWN_ENDS = 100_000;

const POSITION_DIGITS = 20;
const encodePosition = (position: number): Position => String(position).padStart(POSITION_DIGITS, '0');
const decodePosition = (position: Position): number => {
  if (!/^\d{1,20}$/.test(position)) throw new NotAPosition(position);
  return Number(position);
};

function toRecorded([position, stream, revision, id, type, data, metadata, recordedAt]: Row): RecordedEvent {
  return {
    id,
    type,
    data: JSON.parse(data),
    metadata: JSON.parse(metadata) as EventMetadata,
    streamName: stream,
    revision,
    position: encodePosition(position),
    recordedAt: new Date(recordedAt),
  };
}

function toRecordedWithText(row: Row): RecordedEvent {
  const event = toRecorded(row);
  event.storedText = { data: row[5], metadata: row[6] };
  return event;
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
 * The embedded event store: one SQLite file in WAL mode. Appends from concurrent writers are
 * committed together (group commit), in one transaction once they stop arriving, so a durable
 * fsync per commit still allows tens of thousands of appends per second. Several processes may
 * open the same file: the expected-revision check runs inside the write transaction. The WAL is
 * copied back into the database file by a thread of its own (SqliteCheckpointer).
 */
export class SqliteEventStore implements EventStore {
  readonly atomicAcrossStreams = true;
  private readonly db: Db;
  private readonly pollIntervalMs: number;
  private readonly statements: {
    lastRevision: Statement<[string], { revision: number }>;
    idsAfter: Statement<[string, number, number], [id: string, position: number]>;
    insert: Statement<[string, number, string, string, string, string, number]>;
    insertFirst: Statement<[string, string, string, string, string, number]>;
    deleteFrom: Statement<[number]>;
    lastPosition: Statement<[], { position: number | null }>;
    dataVersion: Statement<[], number>;
    readSnapshot: Statement<[string], StreamSnapshot>;
    keepSnapshot: Statement<[string, number, string | null, string, Buffer]>;
    begin: Statement<[]>;
    commit: Statement<[]>;
  };
  /**
   * Per stream, its end (last revision + 1), as known when SQLite's data_version was `knownVersion`.
   * Commands read their streams' new events before each decision (program, keys, customer); most
   * of those reads find none, and appends check the same streams' revisions. Reads add streams;
   * data_version changes whenever another connection (another process) commits, and then
   * everything known is forgotten; this connection's own appends keep it up to date.
   */
  private readonly knownEnds = new Map<string, number>();
  private knownVersion = -1;
  /** The data_version check that the reads asked for in this turn of the event loop wait for. */
  private otherWritersCheck: Promise<void> | undefined;
  /** Read statements by query and LIMIT: a literal LIMIT runs several times faster than a bound one. */
  private readonly reads = new Map<string, Statement<unknown[], Row>>();
  private pending: PendingAppend[] = [];
  /** Snapshots to keep with the next commit, by stream (the latest asked for). */
  private pendingSnapshots = new Map<string, StreamSnapshot>();
  private flushScheduled = false;
  /** How many appends were waiting when the previous turn of the event loop looked. */
  private waitingAtLastTurn = 0;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private closed = false;
  private readonly checkpointer: SqliteCheckpointer;
  /** The streamFilter of the read running now (see readAllNow). */
  private streamFilter: ((streamName: string) => boolean) | undefined;

  constructor(file: string, options: SqliteEventStoreOptions = {}) {
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.db = new Database(file);
    this.checkpointer = new SqliteCheckpointer(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    // This connection checkpoints too when a commit brings the WAL past 4,000 pages (16 MB): what
    // the checkpointer thread has not copied yet (all of it, when the thread cannot run). Against
    // SQLite's 1,000, the pages purchases touch again and again (index leaves of busy streams) are
    // copied once per checkpoint rather than at every one, which shortened slow commits.
    this.db.pragma('wal_autocheckpoint = 4000');
    // A page cache of up to 64 MB instead of SQLite's 2 MB: the index pages appends touch (one per
    // busy stream) stay in it. Measured under the HTTP bench (1,000 customers): reads from the file
    // went from 0.7 to 0 per purchase, and WAL writes from 2.7 to 2.1 (no spilling of dirty pages
    // before the commit).
    this.db.pragma('cache_size = -65536');
    this.db.function(STREAM_FILTER, (stream) => (this.streamFilter?.(stream as string) ? 1 : 0));
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        position INTEGER PRIMARY KEY,
        stream TEXT NOT NULL,
        revision INTEGER NOT NULL,
        id TEXT NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        recorded_at INTEGER NOT NULL,
        UNIQUE (stream, revision)
      );
      CREATE TABLE IF NOT EXISTS snapshots (
        stream TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        hash TEXT,
        fold TEXT NOT NULL,
        bytes BLOB NOT NULL
      )`);
    this.statements = {
      lastRevision: this.db.prepare('SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1'),
      idsAfter: this.db.prepare<[string, number, number], [string, number]>('SELECT id, position FROM events WHERE stream = ? AND revision > ? ORDER BY revision ASC LIMIT ?').raw(true),
      insert: this.db.prepare(
        'INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      // A stream's first event, unless the stream has one: no row written when it has (changes 0).
      insertFirst: this.db.prepare(
        'INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at) VALUES (?, 0, ?, ?, ?, ?, ?) ON CONFLICT (stream, revision) DO NOTHING',
      ),
      deleteFrom: this.db.prepare('DELETE FROM events WHERE position >= ?'),
      lastPosition: this.db.prepare('SELECT MAX(position) AS position FROM events'),
      dataVersion: this.db.prepare<[], number>('PRAGMA data_version').pluck(),
      readSnapshot: this.db.prepare<[string], StreamSnapshot>('SELECT revision, hash, fold, bytes FROM snapshots WHERE stream = ?'),
      keepSnapshot: this.db.prepare(
        'INSERT INTO snapshots (stream, revision, hash, fold, bytes) VALUES (?, ?, ?, ?, ?) ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash, fold = excluded.fold, bytes = excluded.bytes WHERE excluded.revision >= snapshots.revision',
      ),
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
    };
  }

  async appendToStream(
    streamName: string,
    events: EventToAppend[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    const [result] = await this.appendToStreams([{ streamName, events, expectedRevision: options.expectedRevision }]);
    return result;
  }

  /** All the streams in one transaction: a refused expected revision on any of them writes none. */
  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    let streams: StreamRows[];
    try {
      if (new Set(appends.map((append) => append.streamName)).size !== appends.length) {
        throw new Error('an append to several streams names each stream once');
      }
      // Serialise before the transaction, so nothing inside it can fail half-way through an append.
      streams = appends.map((append) => ({
        stream: append.streamName,
        expected: append.expectedRevision ?? 'any',
        rows: append.events.map((event) => {
          const data = event.storedText?.data ?? JSON.stringify(event.data);
          const metadata = event.storedText?.metadata ?? JSON.stringify(event.metadata);
          return { id: recordedEventId(event.id, event.type, data, metadata), type: event.type, data, metadata };
        }),
      }));
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult[]>((resolve, reject) => {
      this.pending.push({ streams, resolve, reject, since: performance.now() });
      this.scheduleFlush();
    });
  }

  async readSnapshot(streamName: string): Promise<StreamSnapshot | undefined> {
    return this.statements.readSnapshot.get(streamName);
  }

  keepSnapshot(streamName: string, snapshot: StreamSnapshot): void {
    if (this.closed) return;
    this.pendingSnapshots.set(streamName, snapshot);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushWhenQuiet());
  }

  /**
   * Group commit: a commit costs about the same for 5 appends as for 50 (mostly the fsync), so
   * while each turn of the event loop brings more appends the batch waits for them; a turn that
   * brings none, or MAX_BATCH appends, commits. Under load a commit then takes what every
   * connection sends in one wave rather than half of it; a lone append waits one turn of the loop.
   */
  private flushWhenQuiet(): void {
    const waiting = this.pending.length;
    if (waiting > this.waitingAtLastTurn && waiting < MAX_BATCH) {
      this.waitingAtLastTurn = waiting;
      setImmediate(() => this.flushWhenQuiet());
      return;
    }
    this.flush();
  }

  private flush(): void {
    this.flushScheduled = false;
    this.waitingAtLastTurn = 0;
    const batch = this.pending;
    this.pending = [];
    const snapshots = this.pendingSnapshots;
    if (snapshots.size > 0) this.pendingSnapshots = new Map();
    if (batch.length === 0 && snapshots.size === 0) return;
    try {
      this.flushBatch(batch, snapshots);
    } finally {
      const now = performance.now();
      for (const append of batch) metrics.appendDuration.observe({ adapter: 'sqlite' }, (now - append.since) / 1000);
    }
  }

  private flushBatch(batch: PendingAppend[], snapshots: ReadonlyMap<string, StreamSnapshot>): void {
    let outcomes: Array<AppendResult[] | Error>;
    const written: Array<WrittenPart[] | Error> = [];
    try {
      this.statements.begin.run();
      const recordedAt = Date.now();
      /** The position of the last event this transaction wrote: the store's last (no one else writes during it). */
      let head: number | undefined;
      const revisions = this.revisionsInTransaction();
      for (const append of batch) {
        const parts = this.write(append, revisions, recordedAt);
        if (!(parts instanceof Error)) for (const part of parts) if (part.position !== undefined && !part.repeat) head = Math.max(head ?? 0, part.position);
        written.push(parts);
      }
      // An empty append (an expected-revision check) gets the store's last position at commit: the
      // last one written by the batch, queried only when the batch wrote nothing.
      const headPosition = () => (head ??= this.statements.lastPosition.get()?.position ?? 0);
      outcomes = written.map((parts) =>
        parts instanceof Error ? parts : parts.map((part) => ({ nextExpectedRevision: part.revision, position: encodePosition(part.position ?? headPosition()) })),
      );
      for (const [stream, snapshot] of snapshots) this.statements.keepSnapshot.run(stream, snapshot.revision, snapshot.hash, snapshot.fold, snapshot.bytes);
      this.statements.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const append of batch) append.reject(error as Error);
      return;
    }
    batch.forEach((append, i) => {
      const outcome = outcomes[i];
      if (outcome instanceof Error) return append.reject(outcome);
      // Known ends move with the appends (a repeat moves none); a stream only ever appended to here
      // (a claim, written once) is not added: remembering one per purchase grew the map, and the
      // old generation, for nothing.
      const parts = written[i] as WrittenPart[];
      append.streams.forEach((part, n) => {
        if (!parts[n].repeat && this.knownEnds.has(part.stream)) this.knownEnds.set(part.stream, outcome[n].nextExpectedRevision + 1);
      });
      append.resolve(outcome);
    });
    for (const subscription of this.subscriptions) subscription.wake();
    this.checkpointer.committed();
  }

  /**
   * Inside the write transaction, each stream's last revision, looked up once: only the batch's own
   * appends move it while the transaction holds the write lock (every purchase of a batch checks
   * the program's revision; it is read once). A known end is taken as it is when no other connection
   * has committed since the ends were checked: data_version, read under the write lock, says so.
   */
  private revisionsInTransaction(): TransactionRevisions {
    this.forgetEndsIfOthersWrote();
    const inTransaction = new Map<string, number>();
    const get = (stream: string) => {
      const revision = inTransaction.get(stream);
      if (revision !== undefined) return revision;
      const end = this.knownEnds.get(stream);
      return end === undefined ? undefined : end - 1;
    };
    return {
      get,
      lookUp: (stream) => get(stream) ?? this.statements.lastRevision.get(stream)?.revision ?? -1,
      set: (stream, revision) => inTransaction.set(stream, revision),
    };
  }

  /**
   * Inside the write transaction: one append's rows, or its refusal with nothing of it written.
   * Each stream is judged by the port's rule (see EventStore): its expected revision holds, or the
   * stream has passed it and holds the append's events right after it (a repeat), or it is a
   * conflict. A stream expected not to exist is checked by writing its first event, at revision 0
   * if nothing is there (the lookup the insert makes anyway): most appends claim an id that no one
   * has (ClaimRegistry).
   */
  private write(append: PendingAppend, revisions: TransactionRevisions, recordedAt: number): WrittenPart[] | WrongExpectedRevision {
    const { streams } = append;
    const parts: WrittenPart[] = new Array(streams.length);
    /** Each stream's last revision before this append; undefined for a stream written by its first-event insert. */
    const lastRevisions: Array<number | undefined> = new Array(streams.length);
    /** Position of the first row this append wrote: on a refusal, it and everything after it go. */
    let firstPosition: number | undefined;
    let refused: number | undefined;
    let repeated: number | undefined;
    let writes = false;
    for (let i = 0; i < streams.length; i++) {
      const part = streams[i];
      if (part.expected === 'no_stream' && part.rows.length > 0 && revisions.get(part.stream) === undefined) {
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
      const last = revisions.lookUp(part.stream);
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
      const part = streams[refused];
      return new WrongExpectedRevision(part.stream, part.expected, lastRevisions[refused] ?? revisions.lookUp(part.stream));
    }
    for (let i = 0; i < streams.length; i++) {
      if (parts[i] !== undefined) continue;
      parts[i] = this.insert(streams[i], lastRevisions[i]!, recordedAt);
    }
    parts.forEach((part, i) => {
      if (!part.repeat) revisions.set(streams[i].stream, part.revision);
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
  private insert(part: StreamRows, lastRevision: number, recordedAt: number, fromRow = 0): WrittenPart {
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

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.direction === 'backwards') {
      return this.read('stream-backwards', options.maxCount).all(streamName, options.fromRevision ?? Number.MAX_SAFE_INTEGER).map(toRecorded);
    }
    const from = options.fromRevision ?? 0;
    await this.checkOtherWriters();
    const end = this.knownEnds.get(streamName);
    if (end !== undefined && from >= end) return [];
    const rows = this.read('stream-forwards', options.maxCount).all(streamName, from);
    // A read that stopped at maxCount may not have reached the end; one that found nothing after
    // `from` knows the end only when `from` is 0 (revisions have no gaps, but the stream may end before `from`).
    if (options.maxCount === undefined || rows.length < options.maxCount) {
      if (rows.length > 0) this.knowEnd(streamName, rows[rows.length - 1][REVISION] + 1);
      else if (from === 0) this.knowEnd(streamName, 0);
    }
    return rows.map(toRecorded);
  }

  async readStreams(streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const read = new Map<string, RecordedEvent[]>(streamNames.map((name) => [name, []]));
    if (streamNames.length === 0) return read;
    await this.checkOtherWriters();
    for (const row of this.read('streams-forwards', undefined).all(JSON.stringify(streamNames))) read.get(row[STREAM])!.push(toRecorded(row));
    for (const [name, events] of read) this.knowEnd(name, events.length === 0 ? 0 : events[events.length - 1].revision + 1);
    return read;
  }

  /**
   * Forgets the known ends when another connection has committed. One PRAGMA data_version serves
   * every read asked for in a turn of the event loop: it runs after them (setImmediate), so each
   * read still sees whatever was committed before it was asked for. Run for each read, it was a
   * visible part of a purchase: the first statement after a request's JavaScript runs cold.
   */
  private checkOtherWriters(): Promise<void> {
    this.otherWritersCheck ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.otherWritersCheck = undefined;
        try {
          this.forgetEndsIfOthersWrote();
          resolve();
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    return this.otherWritersCheck;
  }

  /** Known ends hold while no other connection has committed: data_version changes when one has. */
  private forgetEndsIfOthersWrote(): void {
    const version = this.statements.dataVersion.get()!;
    if (version !== this.knownVersion) {
      this.knownEnds.clear();
      this.knownVersion = version;
    }
  }

  private knowEnd(streamName: string, end: number): void {
    // Updated in place and forgotten all at once when full. Deleting and adding a key again on
    // every append (to keep the most recent last) made a Map of many streams slow for a stream
    // appended to all the time (the program stream, with thousands of streams known); and deleting
    // the oldest one by one makes each next oldest slower to find.
    if (this.knownEnds.size >= MAX_KNOWN_ENDS && !this.knownEnds.has(streamName)) this.knownEnds.clear();
    this.knownEnds.set(streamName, end);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllNow(options).map(options.withStoredText ? toRecordedWithText : toRecorded);
  }

  private readAllNow(options: ReadAllOptions): Row[] {
    const filter = options.streamFilter;
    const query = options.direction === 'backwards' ? 'all-backwards' : 'all-forwards';
    const after = options.after === undefined ? (query === 'all-backwards' ? Number.MAX_SAFE_INTEGER : 0) : decodePosition(options.after);
    if (!filter) return this.read(query, options.maxCount).all(after);
    // The query is synchronous, so the SQL function asks this read's filter and no other.
    this.streamFilter = filter;
    try {
      return this.read(`${query}-filtered`, options.maxCount).all(after);
    } finally {
      this.streamFilter = undefined;
    }
  }

  async readInStreamOrder(options: ReadInStreamOrderOptions = {}): Promise<RecordedEvent[]> {
    const { stream, revision } = options.after ?? { stream: '', revision: -1 };
    // The query is synchronous, so the SQL function asks this read's filter and no other.
    this.streamFilter = options.streamFilter ?? (() => true);
    try {
      return this.read('by-stream-filtered', options.maxCount).all(stream, revision).map(options.withStoredText ? toRecordedWithText : toRecorded);
    } finally {
      this.streamFilter = undefined;
    }
  }

  private read(query: keyof typeof READ_QUERIES, maxCount: number | undefined): Statement<unknown[], Row> {
    const limit = maxCount === undefined || maxCount < 0 ? '' : ` LIMIT ${Math.floor(maxCount)}`;
    const key = query + limit;
    let statement = this.reads.get(key);
    if (!statement) {
      statement = this.db.prepare<unknown[], Row>(READ_QUERIES[query] + limit).raw(true);
      if (this.reads.size < MAX_CACHED_READS) this.reads.set(key, statement);
    }
    return statement;
  }

  subscribeToAll(handler: SubscriptionHandler, options: SubscribeToAllOptions = {}): Subscription {
    const subscription = new SqliteSubscription(
      (after, maxCount) => this.readAllNow({ after: encodePosition(after), maxCount }),
      handler,
      {
        after: options.after === undefined ? 0 : decodePosition(options.after),
        batchSize: options.batchSize ?? 500,
        streamPrefixes: options.streamPrefixes,
        pollIntervalMs: this.pollIntervalMs,
      },
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.flush();
    // The last connection to close checkpoints what is left: this one, after the thread's.
    await this.checkpointer.stop();
    this.db.close();
  }
}

/** A catch-up subscription: reads batches after its position, then waits for appends or polls. */
class SqliteSubscription implements Subscription {
  private stopped = false;
  private running: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | undefined;
  /** An append happened since the last read, even if it came while a batch was being handled. */
  private appended = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly read: (after: number, maxCount: number) => Row[],
    private readonly handler: SubscriptionHandler,
    private readonly options: { after: number; batchSize: number; streamPrefixes?: string[]; pollIntervalMs: number },
    private readonly onEnd: () => void,
  ) {}

  start(): void {
    this.running = this.run().catch((error: Error) => {
      this.stopped = true;
      this.handler.onError?.(error);
    }).finally(this.onEnd);
  }

  wake(): void {
    this.appended = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
  }

  private async run(): Promise<void> {
    let after = this.options.after;
    let live = false;
    const prefixes = this.options.streamPrefixes;
    while (!this.stopped) {
      this.appended = false;
      const rows = this.read(after, this.options.batchSize);
      if (rows.length > 0) {
        after = rows[rows.length - 1][POSITION];
        const wanted = prefixes ? rows.filter((row) => prefixes.some((prefix) => row[STREAM].startsWith(prefix))) : rows;
        if (wanted.length > 0) await this.handler.onEvents(wanted.map(toRecorded));
      }
      if (rows.length < this.options.batchSize && !this.stopped) {
        if (!live) {
          live = true;
          this.handler.onLive?.();
        }
        await this.sleep();
      }
    }
  }

  /** Until an append through this store wakes it, or the poll interval passes (other processes). */
  private sleep(): Promise<void> {
    if (this.appended) return Promise.resolve();
    return new Promise((resolve) => {
      this.wakeUp = () => {
        clearTimeout(this.timer);
        this.wakeUp = undefined;
        resolve();
      };
      this.timer = setTimeout(() => this.wakeUp?.(), this.options.pollIntervalMs);
    });
  }
}
