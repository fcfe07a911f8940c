import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
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
import { closeThread, metrics, startModuleThread } from '@setia/platform';
import { recordedEventId } from '../recorded-event-id';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import { openSqliteFile } from './sqlite-file';
import { SqliteWriter, encodeAppend, unflattenCommitReply } from './sqlite-writer';
import type { CommitReply, EncodedCommitRequest, FlatCommitReply, StreamRows } from './sqlite-writer';
import type { WriterThreadData } from './sqlite-writer.thread';

export interface SqliteEventStoreOptions {
  /** FULL: every commit is on disk before an append resolves. NORMAL: survives a crash of the process only. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How often live subscriptions look for events appended by other processes. */
  pollIntervalMs?: number;
  /**
   * Commits on a thread of the store's own (the long-running services), off the event loop that
   * decides the commands; otherwise on the caller's thread (tools, tests).
   */
  writerThread?: boolean;
}

/** A row of a read: the COLUMNS in order. Read statements return arrays, which SQLite's binding builds faster than objects. */
type Row = [position: number, stream: string, revision: number, id: string, type: string, data: string, metadata: string, recordedAt: number];
const POSITION = 0;
const STREAM = 1;
const REVISION = 2;

/** One call's appends, to one stream or several: committed together or refused together. */
interface PendingAppend {
  streams: StreamRows[];
  /** The same, encoded for the writer thread (encodeAppend) when the store writes on one. */
  encoded: string | undefined;
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

/**
 * The embedded event store: one SQLite file in WAL mode. Appends from concurrent writers are
 * committed together (group commit) by a SqliteWriter, on a thread of the store's own or inline.
 * Several processes may open the same file: the expected-revision check runs inside the write
 * transaction. The WAL is copied back into the database file by a thread of its own
 * (SqliteCheckpointer).
 */
export class SqliteEventStore implements EventStore {
  readonly atomicAcrossStreams = true;
  private readonly db: Db;
  private readonly pollIntervalMs: number;
  private readonly statements: {
    lastCommit: Statement<[], { seq: number; writer: string }>;
    readSnapshot: Statement<[string], StreamSnapshot>;
  };
  /** This store's name in the `commits` row: its own commits are told apart from other processes'. */
  private readonly writerId = randomUUID();
  /** The writer: inline on this connection, or on its thread. */
  private readonly writer: { commit(batch: PendingAppend[], snapshots: Array<[string, StreamSnapshot]>): CommitReply | Promise<CommitReply>; stop(): Promise<void> };
  private readonly writerOnThread: boolean;
  /**
   * Per stream, its end (last revision + 1), as known when the `commits` row said `accountedSeq`.
   * Commands read their streams' new events before each decision (program, keys, customer); most
   * of those reads find none. Reads add streams; this store's own commits keep them up to date;
   * a commit by anyone else (another process) moves the row past what is accounted for, and then
   * everything known is forgotten.
   */
  private readonly knownEnds = new Map<string, number>();
  private accountedSeq = -1;
  /** The check of the `commits` row that the reads asked for in this turn of the event loop wait for. */
  private otherWritersCheck: Promise<void> | undefined;
  /** Read statements by query and LIMIT: a literal LIMIT runs several times faster than a bound one. */
  private readonly reads = new Map<string, Statement<unknown[], Row>>();
  private pending: PendingAppend[] = [];
  /** Snapshots to keep with the next commit, by stream (the latest asked for). */
  private pendingSnapshots = new Map<string, StreamSnapshot>();
  private flushScheduled = false;
  /** How many appends were waiting when the previous turn of the event loop looked. */
  private waitingAtLastTurn = 0;
  /** The commit on the writer thread, while one is under way: the next waits for it. */
  private committing: Promise<void> | undefined;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private closed = false;
  private readonly checkpointer: SqliteCheckpointer;
  /** The streamFilter of the read running now (see readAllNow). */
  private streamFilter: ((streamName: string) => boolean) | undefined;

  constructor(file: string, options: SqliteEventStoreOptions = {}) {
    const synchronous = options.synchronous ?? 'FULL';
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.db = openSqliteFile(file, synchronous);
    this.checkpointer = new SqliteCheckpointer(file);
    this.db.function(STREAM_FILTER, (stream) => (this.streamFilter?.(stream as string) ? 1 : 0));
    this.statements = {
      lastCommit: this.db.prepare('SELECT seq, writer FROM commits WHERE id = 0'),
      readSnapshot: this.db.prepare<[string], StreamSnapshot>('SELECT revision, hash, fold, bytes FROM snapshots WHERE stream = ?'),
    };
    this.writerOnThread = options.writerThread ?? false;
    if (this.writerOnThread) {
      const thread = new WriterThread({ file, synchronous, writerId: this.writerId });
      // Each append's text is let go of once posted: hundreds of appends wait for their commit at once.
      const post = (append: PendingAppend) => {
        const text = append.encoded!;
        append.encoded = undefined;
        return text;
      };
      this.writer = { commit: (batch, snapshots) => thread.commit({ appends: batch.map(post), snapshots }), stop: () => thread.stop() };
    } else {
      const inline = new SqliteWriter(this.db, this.writerId);
      this.writer = { commit: (batch, snapshots) => inline.commit({ appends: batch.map((append) => append.streams), snapshots }), stop: async () => undefined };
    }
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
    let encoded: string | undefined;
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
      if (this.writerOnThread) encoded = encodeAppend(streams);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult[]>((resolve, reject) => {
      this.pending.push({ streams, encoded, resolve, reject, since: performance.now() });
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
    // On its thread, a commit is sent at once: the next batch gathers while it is under way, where
    // waiting for quiet left the writer idle while the event loop answered and took in a wave.
    if (this.writerOnThread) return this.flush();
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
    // One commit at a time: what comes meanwhile is sent when it ends, together.
    if (this.committing) return;
    const batch = this.pending;
    this.pending = [];
    const snapshots = this.pendingSnapshots;
    if (snapshots.size > 0) this.pendingSnapshots = new Map();
    if (batch.length === 0 && snapshots.size === 0) return;
    const reply = this.writer.commit(batch, [...snapshots]);
    if (!(reply instanceof Promise)) return this.settle(batch, reply);
    this.committing = reply
      .then(
        (answer) => this.settle(batch, answer),
        (error: Error) => {
          // Whether it was committed is not known: nothing known about the streams holds.
          this.accountedSeq = -1;
          this.settle(batch, { failed: { message: error.message } });
        },
      )
      .finally(() => {
        this.committing = undefined;
        if (this.pending.length > 0 || this.pendingSnapshots.size > 0) this.flush();
      });
  }

  /** Settles a commit's appends as the writer answered, and moves the known ends with them. */
  private settle(batch: PendingAppend[], reply: CommitReply): void {
    const now = performance.now();
    for (const append of batch) metrics.appendDuration.observe({ adapter: 'sqlite' }, (now - append.since) / 1000);
    if ('failed' in reply) {
      const error = Object.assign(new Error(reply.failed.message), reply.failed.code === undefined ? {} : { code: reply.failed.code });
      for (const append of batch) append.reject(error);
      return;
    }
    const follows = this.account(reply.previousSeq, reply.seq);
    batch.forEach((append, i) => {
      const outcome = reply.outcomes[i];
      if ('refused' in outcome) {
        const { stream, expected, actual } = outcome.refused;
        return append.reject(new WrongExpectedRevision(stream, expected, actual));
      }
      // Known ends move with the appends (a repeat moves none); a stream only ever appended to here
      // (a claim, written once) is not added: remembering one per purchase grew the map, and the
      // old generation, for nothing.
      outcome.written.forEach((part, n) => {
        const stream = append.streams[n].stream;
        if (follows && !part.repeat && this.knownEnds.has(stream)) this.knownEnds.set(stream, part.revision + 1);
      });
      append.resolve(outcome.written.map((part) => ({ nextExpectedRevision: part.revision, position: encodePosition(part.position) })));
    });
    for (const subscription of this.subscriptions) subscription.wake();
    this.checkpointer.committed();
  }

  /**
   * Accounts for this store's commit that moved the `commits` row from `previousSeq` to `seq`; true
   * when the known ends were right just before it, so that its appends move them. When someone
   * else committed since what was accounted for, everything known is forgotten.
   */
  private account(previousSeq: number, seq: number): boolean {
    if (previousSeq === this.accountedSeq) {
      this.accountedSeq = seq;
      return true;
    }
    // Not yet forgotten past this commit (a read's check may have seen it already, and forgotten).
    if (seq > this.accountedSeq) {
      this.knownEnds.clear();
      this.accountedSeq = seq;
    }
    return false;
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
    const { seq, writer } = this.statements.lastCommit.get()!;
    if (seq === this.accountedSeq) return;
    // This store's commit under way on its thread, whose answer has not come yet: what is known
    // holds but for its own streams, whose appends have not resolved either.
    if (this.committing && seq === this.accountedSeq + 1 && writer === this.writerId) return;
    this.knownEnds.clear();
    this.accountedSeq = seq;
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
    while (this.committing || this.pending.length > 0 || this.pendingSnapshots.size > 0) {
      this.flush();
      await this.committing;
    }
    await this.writer.stop();
    // The last connection to close checkpoints what is left: this one, after the threads'.
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

/**
 * The writer on a thread of its own: one commit at a time, answered in order. A thread that ends
 * fails the commit under way (whether it was written is not known: the same append again is a
 * repeat, see EventStore) and the next commit starts another.
 */
class WriterThread {
  private worker: Worker | undefined;
  private waiting: { resolve(reply: CommitReply): void; reject(error: Error): void } | undefined;

  constructor(private readonly data: WriterThreadData) {}

  commit(request: EncodedCommitRequest): Promise<CommitReply> {
    const worker = (this.worker ??= this.start());
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      // A commit under way keeps the process running; an idle thread does not.
      worker.ref();
      worker.postMessage(request);
    });
  }

  private start(): Worker {
    const worker = startModuleThread(__filename, 'sqlite-writer.thread', { workerData: this.data });
    worker.unref();
    const settle = (outcome: { reply: CommitReply } | { error: Error }) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      worker.unref();
      if (!waiting) return;
      if ('reply' in outcome) waiting.resolve(outcome.reply);
      else waiting.reject(outcome.error);
    };
    worker.on('message', (reply: FlatCommitReply) => settle({ reply: unflattenCommitReply(reply) }));
    worker.on('error', (error) => settle({ error: new Error(`the SQLite writer thread failed: ${error.message}`) }));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      settle({ error: new Error(`the SQLite writer thread ended (exit code ${code})`) });
    });
    return worker;
  }

  /** Ends the thread once its commit under way is answered (the store waits for that first). */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await closeThread(worker);
  }
}
