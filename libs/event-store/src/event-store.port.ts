/**
 * The event store port. Semantics follow EventStoreDB so that the embedded adapter and the
 * EventStoreDB adapter are interchangeable:
 * - a stream is named `<category>-<id>`; its events have revisions 0, 1, 2 … with no gaps;
 * - an append checks an expected revision and is atomic: all its events are stored or none;
 * - an append at a revision the stream has passed is a repeat only when it is byte for byte the
 *   events already there, and then it succeeds without writing (see `EventStore`);
 * - every event has a global position; positions order all events of all streams;
 * - a catch-up subscription delivers every event after a position, in order, then goes live.
 */

/** Metadata every Setia event carries. Adapters store it as-is. */
export interface EventMetadata {
  tenant: string;
  correlationId?: string;
  causationId?: string;
  principal?: string;
  schemaVersion?: number;
  [key: string]: unknown;
}

/** An event to append. */
export interface EventToAppend<Type extends string = string, Data = unknown> {
  /**
   * Names the event among the caller's (a UUID, or any text unique to the decision that made it,
   * such as `<tenant>/<command id>/<index>`). The event is recorded under
   * `recordedEventId(id, type, data, metadata)`: the same name with the same content is the same
   * event, and a retried append of it is recognised; the same name with other content is another.
   */
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
  /**
   * `JSON.stringify(data)` and `JSON.stringify(metadata)`, when the caller has them already (the
   * hash chain serialises each event): an adapter that stores JSON text keeps these as they are
   * rather than serialise the event a second time.
   */
  storedText?: { data: string; metadata: string };
}

/**
 * A global position. Opaque to callers, but positions of the same store compare in event order
 * with plain string comparison (`a < b`), so a checkpoint can be stored and compared anywhere
 * (a SQLite column, a MongoDB field) without knowing the adapter.
 */
export type Position = string;

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  /** The id it was recorded under (`recordedEventId` of the id given and the content). */
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
  streamName: string;
  /** 0-based revision of the event in its stream. */
  revision: number;
  position: Position;
  /** When the store recorded the event (not when it happened in the shop). */
  recordedAt: Date;
  /** Data and metadata as the store holds them: only from readAll with `withStoredText`, where the adapter has them. */
  storedText?: { data: string; metadata: string };
}

/**
 * - `any`: no check.
 * - `no_stream`: the stream must not exist.
 * - `stream_exists`: the stream must have at least one event.
 * - a number: the revision of the stream's last event must equal it.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** One stream's part of an append to several streams. */
export interface StreamAppend {
  streamName: string;
  events: EventToAppend[];
  expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the append's last event in the stream (for a repeat, of that event as first written). */
  nextExpectedRevision: number;
  /**
   * Position of the append's last event (for a repeat, where it was first written); for an empty
   * append, of the store's last event when it committed.
   */
  position: Position;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the first event (forwards) or the last (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  direction?: 'forwards' | 'backwards';
  /** Exclusive: events strictly after (forwards) or before (backwards) this position. */
  after?: Position;
  /** Counts the events returned: fewer than `maxCount` means the end of $all (of the streams kept) was reached. */
  maxCount?: number;
  /**
   * Only events of the streams this accepts; the others are skipped before their data is decoded
   * where the adapter can (SQLite skips them in the query). A page is still full unless $all ends.
   */
  streamFilter?: (streamName: string) => boolean;
  /**
   * Also each event's data and metadata as stored (JSON text) in `storedText`, where the adapter
   * reads them as text (SQLite): a verifier hashes that text instead of serialising the parsed
   * values again.
   */
  withStoredText?: boolean;
}

/** Where a read in stream order goes on from: strictly after this event of this stream. */
export interface StreamOrderCursor {
  stream: string;
  revision: number;
}

export interface ReadInStreamOrderOptions {
  /** Exclusive: events after this stream's event at this revision (in stream name, then revision order). */
  after?: StreamOrderCursor;
  /** Fewer than `maxCount` events returned means the end was reached. */
  maxCount?: number;
  /** As readAll's: only events of the streams this accepts, skipped before their data is decoded. */
  streamFilter?: (streamName: string) => boolean;
  /** As readAll's. */
  withStoredText?: boolean;
}

export interface SubscriptionHandler {
  /** Called with events in order, one call at a time; the next call waits for the promise. */
  onEvents(events: RecordedEvent[]): Promise<void>;
  /** Called once the subscription has caught up with the events stored when it started. */
  onLive?(): void;
  /** Called when the subscription stops because of an error (including one from onEvents). */
  onError?(error: Error): void;
}

export interface SubscribeToAllOptions {
  /** Exclusive: deliver events strictly after this position; from the start when absent. */
  after?: Position;
  /** Largest number of events given to one onEvents call. */
  batchSize?: number;
  /** Only events of streams whose name starts with one of these prefixes. */
  streamPrefixes?: string[];
}

export interface Subscription {
  /** Stops delivering; resolves when no onEvents call is running any more. */
  stop(): Promise<void>;
}

/**
 * What a stream's events up to `revision` fold into, kept beside the stream so a reader need not
 * fold them all again: a cache the reader checks against the stream, never a record of its own.
 */
export interface StreamSnapshot {
  revision: number;
  /** The stored hash of the event at `revision`, which the stream must still have there. */
  hash: string | null;
  /** Which fold wrote it: a reader folding otherwise does not use it. */
  fold: string;
  bytes: Buffer;
}

/**
 * One meaning of "the same append" on every adapter, EventStoreDB's own. An append whose expected
 * revision is a number (or `no_stream`, revision -1) that the stream has already passed is:
 * - a **repeat** when the events right after that revision have, in order, the append's recorded
 *   ids — which name the id given and the content (`recordedEventId`), so they are the very same
 *   events. It succeeds and writes nothing, and reports where those events are;
 * - a **conflict** (WrongExpectedRevision) otherwise: other ids right after that revision, only
 *   some of the events there, or an empty append.
 * A retry of an append whose outcome was unknown (a timeout, a lost connection) is therefore safe
 * with the same events and expected revision; a command decided again (another clock reading,
 * another random IV for sealed fields) is another append and conflicts, and the caller reads the
 * stream again and finds its command done. With `any` or `stream_exists` no repeat is promised:
 * SQLite writes the events again, EventStoreDB recognises them only while they are in its cache
 * of recent event ids.
 *
 * In an append to several streams on an adapter that writes them atomically, each stream is judged
 * so; the append is a repeat only when every stream with events is one (and the empty ones, checks
 * of a revision, hold). When some of its streams hold their events and others do not, it is a
 * conflict naming the first stream that holds them, and nothing is written.
 */
export interface EventStore {
  /**
   * Whether `appendToStreams` writes all its streams or none. False for an EventStoreDB server
   * without multi-stream appends (before KurrentDB 25.1): it writes them one after another.
   */
  readonly atomicAcrossStreams: boolean;

  appendToStream(
    streamName: string,
    events: EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;

  /**
   * Appends to several (distinct) streams, each with its own expected revision; one result per
   * stream, in the order given. A refused expected revision rejects with WrongExpectedRevision
   * naming that stream. When `atomicAcrossStreams`, all streams are written or none. Otherwise
   * (EventStoreDB before KurrentDB 25.1) they are written one after another in the order given,
   * each judged on its own, stopping at the first refusal, so the streams before it may be
   * written: a caller puts first what may safely stand alone (e.g. the claim of an id before the
   * events that use it).
   */
  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]>;

  /** Events of one stream; an empty array when the stream does not exist. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * Every event of each of many streams, by stream name (an empty array for a stream that does not
   * exist): what loading a page of customers at once (the scheduler's) reads in one go.
   */
  readStreams(streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>>;

  /** Events of all streams in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /**
   * Every event of every stream (of the streams kept), stream after stream in the order of their
   * names, each stream in revision order: where the adapter has an index by stream (SQLite), so a
   * reader checks one whole stream at a time and forgets it, whatever the number of streams.
   * Absent where it has none (EventStoreDB).
   */
  readInStreamOrder?(options?: ReadInStreamOrderOptions): Promise<RecordedEvent[]>;

  /** The snapshot kept beside the stream, if any. Absent where the adapter keeps none (EventStoreDB). */
  readSnapshot?(streamName: string): Promise<StreamSnapshot | undefined>;

  /**
   * Keeps a snapshot beside the stream, written with the next commit (not waited for); one of a
   * later revision kept already stays. Losing it loses nothing: the stream is read instead.
   */
  keepSnapshot?(streamName: string, snapshot: StreamSnapshot): void;

  /** Catch-up subscription to all events, live after catching up. */
  subscribeToAll(handler: SubscriptionHandler, options?: SubscribeToAllOptions): Subscription;

  close(): Promise<void>;
}

/** Nest injection token for the event store port. */
export const EVENT_STORE = Symbol('EVENT_STORE');
