import { metrics, timed } from '@setia/platform';
import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendStreamState,
  EventData,
  Filter,
  JSONType,
  Position as EsdbPosition,
  ReadPosition,
  ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { WrongExpectedRevision } from '../errors';
import type {
  AppendResult,
  EventMetadata,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeToAllOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store.port';
import { recordedEventId } from '../recorded-event-id';
import { CHECKPOINT_STREAM_PREFIX } from './esdb-checkpoint-store';
import {
  connectionError,
  isRetryable,
  isStreamNotFound,
  isUnknownOutcome,
  normaliseConnectionString,
  toAppendTooLarge,
  toWrongExpectedRevision,
} from './esdb-errors';
import { compareEsdbPositions, decodeEsdbPosition, encodeEsdbPosition, MAX_LOG_POSITION } from './esdb-position';
import { describeServer, serverOf, UNKNOWN_SERVER, unsupportedServer } from './esdb-server';
import type { EsdbServer } from './esdb-server';

export interface EsdbConnectOptions {
  /** How long start-up waits for the server to answer before it gives up (this adapter's own timer). */
  timeoutMs?: number;
}

export interface EsdbEventStoreOptions {
  /** Reconnection of a dropped subscription: first delay, largest delay, attempts without progress. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
  /** Pause before the one retry of an append whose outcome is unknown (the client reconnects meanwhile). */
  retryDelayMs?: number;
  /** What the server can do, as `connect` asked it; without it, a server that writes streams one after another. */
  server?: EsdbServer;
}

type ClientRecordedEvent = NonNullable<AllStreamResolvedEvent['event']> | NonNullable<ResolvedEvent['event']>;

/** Largest page read from $all at once when `readAll` has to skip system and checkpoint events. */
const READ_ALL_PAGE = 1000;

/**
 * The metadata property that carries an event's metadata, as JSON text, in an append to several
 * streams: that write takes string properties only, which the server stores as the metadata object,
 * keys sorted. Keeping the text whole keeps its key order and value types, which the hash chain
 * covers; a read gives the metadata back from it.
 */
const METADATA_PROPERTY = 'setiaMetadata';

/**
 * Whether an event of $all is one of Setia's (or another application's) own events: not a system
 * event (type or stream starting with `$`: statistics, metadata, projections' links, tombstones)
 * and not one of the checkpoint streams the EventStoreDB checkpoint store writes.
 */
export function isApplicationEvent(event: { type: string; streamId: string }): boolean {
  return !event.type.startsWith('$') && !event.streamId.startsWith('$') && !event.streamId.startsWith(CHECKPOINT_STREAM_PREFIX);
}

/** The port's expected revision in the client's terms (-1, the port's "no stream" revision, is NO_STREAM). */
export function toClientExpectedRevision(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (expected === -1) return NO_STREAM;
      if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`not an expected revision: ${String(expected)}`);
      return BigInt(expected);
  }
}

function satisfies(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  if (expected === 'stream_exists') return actual >= 0;
  return actual === expected;
}

/** Only an append at a revision (or to no stream) is recognised when repeated, so only it is retried. */
const repeatable = (expected: ExpectedRevision) => expected === 'no_stream' || typeof expected === 'number';

/** The port's event in the client's terms, under its recorded id; for an append to several streams, its metadata as one property. */
function proposed(event: EventToAppend, metadataAsProperty = false): EventData {
  const metadataText = event.storedText?.metadata ?? JSON.stringify(event.metadata);
  const id = recordedEventId(event.id, event.type, event.storedText?.data ?? JSON.stringify(event.data), metadataText);
  const metadata = metadataAsProperty ? { [METADATA_PROPERTY]: metadataText } : (event.metadata as JSONType);
  return jsonEvent({ id, type: event.type, data: event.data as JSONType, metadata });
}

/**
 * An event as the port gives it. A position of 2^63 or more is none: servers before EventStoreDB
 * 22.10 send 2^64 - 1 on stream reads, and the client passes it on.
 */
function toRecorded(event: ClientRecordedEvent): RecordedEvent {
  const position = event.position;
  if (!position || position.commit > MAX_LOG_POSITION || position.prepare > MAX_LOG_POSITION) {
    throw new Error(
      `EventStoreDB returned event ${event.id} of ${event.streamId} without its position` +
        `${position ? ` (commit ${position.commit}, prepare ${position.prepare})` : ''}: Setia needs EventStoreDB 22.10 or later`,
    );
  }
  return {
    id: event.id,
    type: event.type,
    data: event.isJson ? event.data : decodeBinary(event.data as Uint8Array),
    metadata: metadataOf(event.metadata),
    streamName: event.streamId,
    revision: Number(event.revision),
    position: encodeEsdbPosition(position),
    recordedAt: event.created,
  };
}

function metadataOf(metadata: unknown): EventMetadata {
  if (!metadata || typeof metadata !== 'object' || metadata instanceof Uint8Array) return {} as EventMetadata;
  const carried = (metadata as Record<string, unknown>)[METADATA_PROPERTY];
  return (typeof carried === 'string' ? JSON.parse(carried) : metadata) as EventMetadata;
}

/** Events written by other tools without the JSON content type: JSON when they parse, else bytes. */
function decodeBinary(data: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return data;
  }
}

async function collect<E>(read: AsyncIterable<E>): Promise<E[]> {
  const items: E[] = [];
  for await (const item of read) items.push(item);
  return items;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The event store on EventStoreDB or KurrentDB through `@kurrent/kurrentdb-client`. Streams,
 * revisions, expected-revision checks, repeats and $all map one to one onto the server's own;
 * positions are the server's (commit, prepare) pairs encoded by `encodeEsdbPosition`.
 *
 * Every stream read asks for the leader (requiresLeader): a decision reads the stream it then
 * appends to, and a follower may not have the last write yet (nor a former leader after a
 * failover). An append whose outcome is unknown (deadline, lost connection, leader change) is sent
 * once more with the same events and expected revision: written, a repeat, or a conflict with
 * another writer (see EventStore).
 */
export class EsdbEventStore implements EventStore {
  readonly server: EsdbServer;
  private readonly subscriptions = new Set<EsdbSubscription>();
  private readonly retryDelayMs: number;
  private closed = false;

  constructor(
    readonly client: KurrentDBClient,
    private readonly options: EsdbEventStoreOptions = {},
  ) {
    this.server = options.server ?? UNKNOWN_SERVER;
    this.retryDelayMs = options.retryDelayMs ?? 200;
  }

  /** KurrentDB 25.1 and later write an append to several streams atomically; older servers one stream after another. */
  get atomicAcrossStreams(): boolean {
    return this.server.multiStreamAppend;
  }

  /** The server and what Setia does with it, for the start-up line. */
  describeServer(): string {
    return describeServer(this.server);
  }

  /**
   * Opens a client for the connection string, checks that the server answers a leader read of
   * $all within the timeout, and asks its version and capabilities: a wrong EVENTSTORE_URL or a
   * server Setia cannot run on stops start-up with one clear line.
   */
  static async connect(url: string, options: EsdbConnectOptions & EsdbEventStoreOptions = {}): Promise<EsdbEventStore> {
    const { client, server } = await connectEventStoreDb(url, options);
    return new EsdbEventStore(client, { ...options, server });
  }

  async appendToStream(
    streamName: string,
    events: EventToAppend[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (this.closed) throw new Error('the event store is closed');
    const expected = options.expectedRevision ?? 'any';
    const streamState = toClientExpectedRevision(expected);
    if (events.length === 0) return this.appendNothing(streamName, expected);
    const toAppend = events.map((event) => proposed(event));
    let result;
    try {
      result = await this.withOneRetry(expected, () => this.client.appendToStream(streamName, toAppend, { streamState }));
    } catch (error) {
      throw toWrongExpectedRevision(error, streamName, expected) ?? toAppendTooLarge(error, streamName) ?? error;
    }
    if (!result.success) {
      // Only with throwOnAppendFailure=false in the connection string; the client's revision is unreliable then.
      throw new WrongExpectedRevision(streamName, expected, await this.lastRevision(streamName));
    }
    const nextExpectedRevision = Number(result.nextExpectedRevision);
    const position = result.position && result.position.commit <= MAX_LOG_POSITION ? result.position : undefined;
    // A repeat may come without a position: the event at the revision reported is the append's last.
    return { nextExpectedRevision, position: position ? encodeEsdbPosition(position) : await this.positionOf(streamName, nextExpectedRevision) };
  }

  /**
   * On KurrentDB 25.1 and later the streams with events are one atomic write (the server's
   * multi-stream append); the streams without, checks of a revision, are read from the leader
   * first, as that write cannot hold them. On older servers, one stream after another in the
   * order given, stopping at the first refusal (the streams before it stay written).
   */
  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    return timed(metrics.appendDuration, 'esdb', this.appendToStreamsNow(appends));
  }

  private async appendToStreamsNow(appends: StreamAppend[]): Promise<AppendResult[]> {
    if (this.closed) throw new Error('the event store is closed');
    if (new Set(appends.map((append) => append.streamName)).size !== appends.length) {
      throw new Error('an append to several streams names each stream once');
    }
    const written = appends.filter((append) => append.events.length > 0);
    if (!this.atomicAcrossStreams || written.length < 2) {
      const results: AppendResult[] = [];
      for (const { streamName, events, expectedRevision } of appends) results.push(await this.appendToStream(streamName, events, { expectedRevision }));
      return results;
    }
    const checks = new Map<StreamAppend, AppendResult>();
    for (const append of appends) {
      if (append.events.length === 0) checks.set(append, await this.appendNothing(append.streamName, append.expectedRevision ?? 'any'));
    }
    const requests = written.map((append) => ({
      streamName: append.streamName,
      events: append.events.map((event) => proposed(event, true)),
      expectedState: toClientExpectedRevision(append.expectedRevision ?? 'any'),
    }));
    let result;
    try {
      result = await this.withOneRetry(written.every((append) => repeatable(append.expectedRevision ?? 'any')) ? 'no_stream' : 'any', () =>
        this.client.multiStreamAppend(requests),
      );
    } catch (error) {
      const refused = written.find((append) => append.streamName === (error as { streamName?: string }).streamName) ?? written[0];
      throw toWrongExpectedRevision(error, refused.streamName, refused.expectedRevision ?? 'any') ?? toAppendTooLarge(error, refused.streamName) ?? error;
    }
    // The server answers with the write's commit position alone: each stream's last event is read for its own.
    const revisions = new Map(result.responses.map((response) => [response.streamName, Number(response.revision)]));
    const positions = await Promise.all(written.map((append) => this.positionOf(append.streamName, revisions.get(append.streamName)!)));
    const last = positions.reduce((a, b) => (a > b ? a : b));
    return appends.map((append) => {
      const check = checks.get(append);
      if (check) return { nextExpectedRevision: check.nextExpectedRevision, position: last };
      const n = written.indexOf(append);
      return { nextExpectedRevision: revisions.get(append.streamName)!, position: positions[n] };
    });
  }

  /**
   * The append, and when its outcome is unknown (see isUnknownOutcome) the same append once more
   * after a pause: with the same events and expected revision it is written, or a repeat of the
   * first attempt if that was written after all, or a conflict with what another writer did.
   * An append with `any` or `stream_exists` is not retried: a repeat of it is not recognised.
   */
  private async withOneRetry<T>(expected: ExpectedRevision, append: () => Promise<T>): Promise<T> {
    try {
      return await append();
    } catch (error) {
      if (!isUnknownOutcome(error) || !repeatable(expected) || this.closed) throw error;
      await sleep(this.retryDelayMs);
      return append();
    }
  }

  /** An empty append stores nothing but still checks the expected revision, like the SQLite adapter. */
  private async appendNothing(streamName: string, expected: ExpectedRevision): Promise<AppendResult> {
    const actual = await this.lastRevision(streamName);
    if (!satisfies(expected, actual)) throw new WrongExpectedRevision(streamName, expected, actual);
    // Like the SQLite adapter: the position of the last event in the store.
    const [head] = await collect(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, requiresLeader: true }));
    return { nextExpectedRevision: actual, position: encodeEsdbPosition(head?.event?.position ?? { commit: 0n, prepare: 0n }) };
  }

  private async lastRevision(streamName: string): Promise<number> {
    const [last] = await this.readStream(streamName, { direction: 'backwards', maxCount: 1 });
    return last ? last.revision : -1;
  }

  /** Position of the stream's event at a revision (read from the leader). */
  private async positionOf(streamName: string, revision: number): Promise<Position> {
    const [event] = await this.readStream(streamName, { fromRevision: revision, maxCount: 1 });
    if (!event || event.revision !== revision) throw new Error(`EventStoreDB has no event at revision ${revision} of ${streamName} just after appending it`);
    return event.position;
  }

  /** Read from the leader: every stream Setia reads is one it decides on (see the class). */
  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount === undefined || options.maxCount < 0 ? undefined : Math.floor(options.maxCount);
    if (maxCount === 0) return [];
    const backwards = options.direction === 'backwards';
    const fromRevision = options.fromRevision === undefined ? (backwards ? END : START) : BigInt(Math.max(0, Math.floor(options.fromRevision)));
    try {
      const resolved = await collect(
        this.client.readStream(streamName, {
          direction: backwards ? BACKWARDS : FORWARDS,
          fromRevision,
          requiresLeader: true,
          ...(maxCount === undefined ? {} : { maxCount }),
        }),
      );
      return resolved.flatMap((r) => (r.event ? [toRecorded(r.event)] : []));
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
  }

  /** Stream by stream, side by side: the server has no read of several streams at once. */
  async readStreams(streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    return new Map(await Promise.all(streamNames.map(async (name) => [name, await this.readStream(name)] as const)));
  }

  /**
   * $all in order, without system events and checkpoint streams, filtered here (by `streamFilter`
   * too) page by page until `maxCount` events are found. The server's "from position" is inclusive
   * forwards; `after` is exclusive, so every event is also compared with the boundary, which makes
   * the result right whatever the server includes.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount === undefined || options.maxCount < 0 ? Infinity : Math.floor(options.maxCount);
    if (limit === 0) return [];
    const backwards = options.direction === 'backwards';
    let boundary: EsdbPosition | undefined = options.after === undefined ? undefined : decodeEsdbPosition(options.after);
    let from: ReadPosition = boundary ?? (backwards ? END : START);
    const pageSize = Math.min(limit === Infinity ? READ_ALL_PAGE : limit + 1, READ_ALL_PAGE);
    const found: RecordedEvent[] = [];
    for (;;) {
      const page = await collect(this.client.readAll({ direction: backwards ? BACKWARDS : FORWARDS, fromPosition: from, maxCount: pageSize }));
      let last: EsdbPosition | undefined;
      for (const { event } of page) {
        if (!event) continue;
        const position = event.position;
        if (boundary) {
          const order = compareEsdbPositions(position, boundary);
          if (backwards ? order >= 0 : order <= 0) continue;
        }
        last = position;
        if (isApplicationEvent(event) && (options.streamFilter?.(event.streamId) ?? true)) found.push(toRecorded(event));
      }
      if (found.length >= limit || page.length < pageSize || !last) break;
      boundary = last;
      from = last;
    }
    return found.slice(0, limit);
  }

  subscribeToAll(handler: SubscriptionHandler, options: SubscribeToAllOptions = {}): Subscription {
    const reconnect = this.options.reconnect ?? {};
    const subscription = new EsdbSubscription(
      this.client,
      handler,
      {
        after: options.after === undefined ? undefined : decodeEsdbPosition(options.after),
        batchSize: Math.max(1, options.batchSize ?? 500),
        streamPrefixes: options.streamPrefixes,
        initialDelayMs: reconnect.initialDelayMs ?? 100,
        maxDelayMs: reconnect.maxDelayMs ?? 5_000,
        maxAttempts: reconnect.maxAttempts ?? 30,
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
    await this.client.dispose();
  }
}

/**
 * Node preferences other than the leader: Setia reads every stream it decides on from the leader
 * (requiresLeader), and with a follower preferred each such read would first be refused by a
 * follower, answering the command with an error; subscriptions would lag behind the leader.
 */
function refusedNodePreference(url: string): string | undefined {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  for (const pair of query.split('&')) {
    const [key, value = ''] = pair.split('=');
    if (key.trim().toLowerCase().replace(/[_-]/g, '') !== 'nodepreference') continue;
    const preference = value.trim().toLowerCase().replace(/[_-]/g, '');
    if (preference !== 'leader') {
      return `nodePreference=${value.trim()} is not supported: Setia reads every stream it decides on from the leader, so that it sees its own last writes; leave nodePreference out or set it to leader`;
    }
  }
  return undefined;
}

/** A TLS failure names the certificate: say how to trust it. */
function tlsHint(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!/certificate|self[- ]signed|CERT_|unable to verify|SSL|TLS|handshake/i.test(message)) return undefined;
  return 'cannot reach EventStoreDB over TLS: its certificate is not trusted; give the CA that signed it with tlsCAFile=/path/to/ca.crt in the connection string (tlsVerifyCert=false skips the check, not for production)';
}

/**
 * Opens a client and waits until the server has answered a leader read of $all and said what it
 * is, within `timeoutMs` (5 s by default, so start-up fails well within 10 s; the timer is this
 * adapter's own, as the client's reads take no deadline). Every failure is one Error whose
 * message names EVENTSTORE_URL and shows the URL with its password masked.
 */
export async function connectEventStoreDb(url: string, options: EsdbConnectOptions = {}): Promise<{ client: KurrentDBClient; server: EsdbServer }> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const normalised = normaliseConnectionString(url);
  const preference = refusedNodePreference(normalised);
  if (preference) throw connectionError(url, preference);
  let client: KurrentDBClient;
  try {
    client = KurrentDBClient.connectionString(normalised);
  } catch (error) {
    throw connectionError(url, 'is not a valid EventStoreDB connection string (like kurrentdb://host:2113?tls=false)', error);
  }
  let timer: NodeJS.Timeout | undefined;
  let server: EsdbServer;
  try {
    const ping = (async () => {
      await collect(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, requiresLeader: true }));
      return serverOf(client);
    })();
    ping.catch(() => undefined); // when the timeout wins, the ping's later failure is expected
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    server = await Promise.race([ping, timeout]);
  } catch (error) {
    await disposeWithin(client, 1_000);
    const denied = (error as { type?: string }).type === 'access-denied';
    throw connectionError(url, denied ? 'the user may not read $all (Setia needs it)' : (tlsHint(error) ?? 'cannot reach EventStoreDB'), error);
  } finally {
    clearTimeout(timer);
  }
  const unsupported = unsupportedServer(server);
  if (unsupported) {
    await disposeWithin(client, 1_000);
    throw connectionError(url, unsupported);
  }
  return { client, server };
}

async function disposeWithin(client: KurrentDBClient, ms: number): Promise<void> {
  await Promise.race([client.dispose().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, ms).unref())]);
}

interface EsdbSubscriptionOptions {
  after?: EsdbPosition;
  batchSize: number;
  streamPrefixes?: string[];
  initialDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

type Queued = { kind: 'event'; event: RecordedEvent; position: EsdbPosition } | { kind: 'live' };

class HandlerFailure extends Error {
  constructor(readonly error: Error) {
    super(error.message);
  }
}

/**
 * A catch-up subscription to $all with a server-side filter (system events out; only the given
 * stream prefixes when there are some). It hands events to the handler in batches, one call at a
 * time, and remembers the position of the last event the handler finished. When the server
 * connection drops it subscribes again from that position after a growing delay, and drops every
 * event at or before it: the handler sees each event once, in order, none skipped.
 *
 * Live: the client emits `caughtUp` (EventStoreDB 23.10 and later). Older servers send a filter
 * checkpoint instead when the subscription catches up, so a checkpoint at or past the head of
 * $all read when the subscription started counts too. Either signal is queued behind the events
 * received before it, so onLive comes after the handler has seen them.
 */
class EsdbSubscription implements Subscription {
  private stopped = false;
  private live = false;
  private running: Promise<void> = Promise.resolve();
  /** Position of the last event the handler finished with; resubscriptions start after it. */
  private cursor: EsdbPosition | undefined;
  /** Head of $all when the subscription started, for servers that never send caughtUp. */
  private head: EsdbPosition | 'unknown' | undefined;
  /** The handler finished a batch since the last failure: the delay before resubscribing starts again. */
  private progressed = false;
  private current: AllStreamSubscription | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly handler: SubscriptionHandler,
    private readonly options: EsdbSubscriptionOptions,
    private readonly onEnd: () => void,
  ) {
    this.cursor = options.after;
  }

  start(): void {
    this.running = this.run()
      .catch((error: Error) => {
        const failure = error instanceof HandlerFailure ? error.error : error;
        if (!this.stopped) {
          this.stopped = true;
          this.handler.onError?.(failure);
        }
      })
      .finally(this.onEnd);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running;
  }

  private async run(): Promise<void> {
    let attempts = 0;
    while (!this.stopped) {
      try {
        await this.session();
      } catch (error) {
        if (error instanceof HandlerFailure || this.stopped) throw error;
        if (!isRetryable(error)) throw error;
        if (this.progressed) attempts = 0;
        this.progressed = false;
        attempts += 1;
        if (attempts > this.options.maxAttempts) {
          throw new Error(`EventStoreDB subscription to $all dropped and could not resume after ${this.options.maxAttempts} attempts: ${(error as Error).message}`, { cause: error });
        }
        const delay = Math.min(this.options.maxDelayMs, this.options.initialDelayMs * 2 ** (attempts - 1));
        await this.sleep(delay * (0.75 + Math.random() * 0.5));
      }
    }
  }

  /**
   * One server subscription, from the cursor, until it fails, ends or the subscription stops.
   * Throws the client's error after handing over every event received before it.
   */
  private async session(): Promise<void> {
    if (!this.live && this.head === undefined) this.head = await this.readHead();
    const { batchSize, streamPrefixes } = this.options;
    const highWater = Math.max(2 * batchSize, 64);
    const queue: Queued[] = [];
    let lastSeen = this.cursor;
    let received = 0;
    let liveAfter: number | undefined;
    let failure: unknown;
    let ended = false;

    const wake = () => this.wakeUp?.();
    const markLive = (subscription: AllStreamSubscription) => {
      if (this.live || liveAfter !== undefined) return;
      // Events pushed before this signal were either handed to 'data' already or wait in the buffer.
      liveAfter = received + subscription.readableLength;
      if (liveAfter === received) queue.push({ kind: 'live' });
      wake();
    };
    const filter: Filter = streamPrefixes?.length
      ? streamNameFilter({ prefixes: streamPrefixes, checkpointReached: (s, position) => this.onCheckpoint(s, position, markLive) })
      : excludeSystemEvents({ checkpointReached: (s, position) => this.onCheckpoint(s, position, markLive) });

    const subscription = this.client.subscribeToAll({ fromPosition: this.cursor ?? START, filter });
    this.current = subscription;
    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      // After a failure nothing more is queued: the events after it come again on resubscription.
      if (failure !== undefined) return;
      received += 1;
      const event = resolved.event;
      if (event && (!lastSeen || compareEsdbPositions(event.position, lastSeen) > 0)) {
        lastSeen = event.position;
        const wanted = isApplicationEvent(event) && (!streamPrefixes?.length || streamPrefixes.some((prefix) => event.streamId.startsWith(prefix)));
        if (wanted) {
          try {
            queue.push({ kind: 'event', event: toRecorded(event), position: event.position });
          } catch (error) {
            failure = error;
          }
        }
      }
      if (liveAfter !== undefined && received === liveAfter) queue.push({ kind: 'live' });
      if (queue.length >= highWater) subscription.pause();
      wake();
    });
    subscription.on('caughtUp', () => markLive(subscription));
    subscription.on('error', (error: Error) => {
      failure ??= error;
      wake();
    });
    subscription.on('end', () => {
      ended = true;
      wake();
    });
    subscription.on('close', () => {
      ended = true;
      wake();
    });

    try {
      while (!this.stopped) {
        if (queue.length > 0) {
          if (queue[0].kind === 'live') {
            queue.shift();
            if (!this.live) {
              this.live = true;
              this.handler.onLive?.();
            }
            continue;
          }
          let count = 0;
          while (count < queue.length && count < batchSize && queue[count].kind === 'event') count += 1;
          const batch = queue.splice(0, count) as Array<Extract<Queued, { kind: 'event' }>>;
          if (queue.length < batchSize && subscription.isPaused()) subscription.resume();
          try {
            await this.handler.onEvents(batch.map((item) => item.event));
          } catch (error) {
            throw new HandlerFailure(error instanceof Error ? error : new Error(String(error)));
          }
          this.cursor = batch[batch.length - 1].position;
          this.progressed = true;
          continue;
        }
        if (failure !== undefined) throw failure;
        if (ended) throw new Error('the EventStoreDB subscription ended');
        await new Promise<void>((resolve) => {
          this.wakeUp = () => {
            this.wakeUp = undefined;
            resolve();
          };
        });
      }
    } finally {
      this.wakeUp = undefined;
      this.current = undefined;
      // Keep an error listener: a late error on a stream with none would crash the process.
      subscription.removeAllListeners('data');
      subscription.on('error', () => undefined);
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  private onCheckpoint(subscription: AllStreamSubscription, position: EsdbPosition, markLive: (s: AllStreamSubscription) => void): void {
    const head = this.head;
    if (this.live || head === undefined) return;
    if (head === 'unknown' || position.commit >= head.commit) markLive(subscription);
  }

  /** Position of the last event in $all (of any kind), or 'unknown' for an empty log. */
  private async readHead(): Promise<EsdbPosition | 'unknown'> {
    const [last] = await collect(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, requiresLeader: true }));
    return last?.event?.position ?? 'unknown';
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = undefined;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
    });
  }
}
