import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { AccessDeniedError, KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { Position as ClientPosition, SubscribeToAllOptions } from '@kurrent/kurrentdb-client';
import { Subscription as ClientSubscription } from '@kurrent/kurrentdb-client/dist/streams/utils/Subscription';
import { convertGrpcEvent, createStreamIdentifier, createUUID } from '@kurrent/kurrentdb-client/dist/utils';
import { ReadResp } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import type { RecordedEvent } from '../event-store.port';
import { EsdbEventStore } from './esdb-event-store';
import { encodeEsdbPosition } from './esdb-position';

/**
 * The subscription logic without a server: the client's own Subscription transform and event
 * conversion are fed the gRPC messages a server sends (ReadResp with events, CaughtUp,
 * Checkpoint), from an in-memory log. Only the network is replaced.
 */
const grpc: typeof import('@grpc/grpc-js') = require(require.resolve('@grpc/grpc-js', { paths: [dirname(require.resolve('@kurrent/kurrentdb-client'))] }));

interface LogEntry {
  stream: string;
  type: string;
  revision: number;
  id: string;
  data: unknown;
  position: ClientPosition;
}

class FakeServer {
  readonly log: LogEntry[] = [];
  readonly subscribed: Array<{ from: SubscribeToAllOptions['fromPosition']; wire: PassThrough & { cancel(): void } }> = [];
  /** Resend the event at the start position, as a server with inclusive starts would. */
  inclusive = true;
  /** Old servers (before 23.10) send a checkpoint instead of CaughtUp when a subscription catches up. */
  sendsCaughtUp = true;
  private next = 1000n;

  constructor(readonly client: KurrentDBClient) {
    jest.spyOn(client, 'subscribeToAll').mockImplementation((options = {}) => this.subscribe(options));
    jest.spyOn(client, 'readAll').mockImplementation(() => {
      const last = this.log[this.log.length - 1];
      return Readable.from(last ? [convertGrpcEvent(this.readEvent(last))] : []) as never;
    });
  }

  append(stream: string, type = 'Counted', data: unknown = {}): LogEntry {
    const revision = this.log.filter((e) => e.stream === stream).length;
    this.next += 137n;
    const entry = { stream, type, revision, id: randomUUID(), data, position: { commit: this.next, prepare: this.next } };
    this.log.push(entry);
    for (const { wire } of this.subscribed) if (!wire.destroyed && !wire.writableEnded) wire.write(this.eventResp(entry));
    return entry;
  }

  get current(): PassThrough & { cancel(): void } {
    return this.subscribed[this.subscribed.length - 1].wire;
  }

  drop(error: Error = Object.assign(new Error('14 UNAVAILABLE: Connection dropped'), { code: grpc.status.UNAVAILABLE, details: 'Connection dropped', metadata: new grpc.Metadata() })): void {
    this.current.emit('error', error);
  }

  private subscribe(options: SubscribeToAllOptions) {
    const wire = Object.assign(new PassThrough({ objectMode: true }), {
      cancel() {
        wire.emit('error', Object.assign(new Error('1 CANCELLED: Cancelled on client'), { code: grpc.status.CANCELLED, details: 'Cancelled on client' }));
        wire.end();
      },
    });
    this.subscribed.push({ from: options.fromPosition, wire });
    const from = options.fromPosition;
    const start = from === undefined || from === 'start' ? -1n : from === 'end' ? Infinity : from.commit;
    setImmediate(() => {
      for (const entry of this.log) {
        if (entry.position.commit > start || (this.inclusive && entry.position.commit === start)) wire.write(this.eventResp(entry));
      }
      const last = this.log[this.log.length - 1]?.position ?? { commit: 0n, prepare: 0n };
      const done = new ReadResp();
      if (this.sendsCaughtUp) done.setCaughtUp(new ReadResp.CaughtUp());
      else done.setCheckpoint(new ReadResp.Checkpoint().setCommitPosition(last.commit.toString()).setPreparePosition(last.prepare.toString()));
      wire.write(done);
    });
    return new ClientSubscription(async () => wire as never, convertGrpcEvent, {}, options.filter?.checkpointReached) as never;
  }

  private readEvent(entry: LogEntry): ReadResp.ReadEvent {
    const recorded = new ReadResp.ReadEvent.RecordedEvent()
      .setId(createUUID(entry.id))
      .setStreamIdentifier(createStreamIdentifier(entry.stream))
      .setStreamRevision(String(entry.revision))
      .setCommitPosition(entry.position.commit.toString())
      .setPreparePosition(entry.position.prepare.toString())
      .setData(Buffer.from(JSON.stringify(entry.data)))
      .setCustomMetadata(Buffer.from(JSON.stringify({ tenant: 't' })));
    recorded.getMetadataMap().set('type', entry.type).set('content-type', 'application/json').set('created', String(BigInt(Date.now()) * 10_000n));
    return new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(entry.position.commit.toString());
  }

  private eventResp(entry: LogEntry): ReadResp {
    return new ReadResp().setEvent(this.readEvent(entry));
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('EventStoreDB catch-up subscription (client transform fed in memory, no server)', () => {
  let client: KurrentDBClient;
  let store: EsdbEventStore;
  let server: FakeServer;

  beforeEach(() => {
    client = KurrentDBClient.connectionString('kurrentdb://127.0.0.1:1?tls=false');
    store = new EsdbEventStore(client, { reconnect: { initialDelayMs: 5, maxDelayMs: 20, maxAttempts: 5 } });
    server = new FakeServer(client);
  });
  afterEach(() => store.close());

  const recorder = () => {
    const handled: RecordedEvent[] = [];
    const batches: number[] = [];
    let liveAt: number | undefined;
    let lives = 0;
    let failure: Error | undefined;
    return {
      handled,
      batches,
      liveAt: () => liveAt,
      lives: () => lives,
      failure: () => failure,
      handler: {
        onEvents: async (events: RecordedEvent[]) => {
          batches.push(events.length);
          await new Promise((resolve) => setTimeout(resolve, 1));
          handled.push(...events);
        },
        onLive: () => {
          lives += 1;
          liveAt = handled.length;
        },
        onError: (error: Error) => {
          failure = error;
        },
      },
    };
  };

  it('delivers stored events in batches without system or checkpoint events, goes live after them, then live events', async () => {
    for (let i = 0; i < 5; i++) server.append('customer-t-a', 'Counted', { n: i });
    server.append('$stats-127.0.0.1:2113', '$statsCollected');
    server.append('customer-t-a', '$metadata');
    server.append('setia_checkpoint-relay', 'CheckpointSaved');
    server.append('customer-t-b', 'Counted', { n: 5 });
    const r = recorder();
    store.subscribeToAll(r.handler, { batchSize: 2 });
    await waitFor(() => r.lives() === 1);
    expect(r.liveAt()).toBe(6);
    expect(r.handled.map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Math.max(...r.batches)).toBeLessThanOrEqual(2);
    expect(r.handled[0]).toMatchObject({ streamName: 'customer-t-a', revision: 0, type: 'Counted', metadata: { tenant: 't' } });
    expect(r.handled[0].position).toBe(encodeEsdbPosition(server.log[0].position));
    server.append('customer-t-b', 'Counted', { n: 6 });
    await waitFor(() => r.handled.length === 7);
    expect(r.lives()).toBe(1);
  });

  it('after a drop it resubscribes from the last handled position: nothing skipped, nothing repeated', async () => {
    for (let i = 0; i < 4; i++) server.append('customer-t-a', 'Counted', { n: i });
    const r = recorder();
    store.subscribeToAll(r.handler, { batchSize: 3 });
    await waitFor(() => r.handled.length === 4);
    server.drop();
    server.append('customer-t-a', 'Counted', { n: 4 }); // written while the subscription is down
    await waitFor(() => server.subscribed.length === 2 && r.handled.length === 5);
    server.append('customer-t-a', 'Counted', { n: 5 });
    await waitFor(() => r.handled.length === 6);
    // The second subscription started at the last handled event; the server resent it (inclusive), the adapter dropped it.
    expect(server.subscribed[1].from).toEqual(server.log[3].position);
    expect(r.handled.map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.lives()).toBe(1);
    expect(r.failure()).toBeUndefined();
  });

  it('resumes from a stored position exclusively, and goes live on an old server\'s checkpoint', async () => {
    server.sendsCaughtUp = false;
    for (let i = 0; i < 6; i++) server.append('customer-t-a', 'Counted', { n: i });
    const r = recorder();
    store.subscribeToAll(r.handler, { after: encodeEsdbPosition(server.log[2].position) });
    await waitFor(() => r.lives() === 1);
    expect(r.liveAt()).toBe(3);
    expect(r.handled.map((e) => (e.data as { n: number }).n)).toEqual([3, 4, 5]);
  });

  it('keeps order with many events and little room (the stream is paused and resumed)', async () => {
    for (let i = 0; i < 2000; i++) server.append(`customer-t-${i % 7}`, 'Counted', { n: i });
    const r = recorder();
    store.subscribeToAll({ ...r.handler, onEvents: async (events) => void r.handled.push(...events) }, { batchSize: 10 });
    await waitFor(() => r.lives() === 1, 10_000);
    expect(r.liveAt()).toBe(2000);
    expect(r.handled.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  });

  it('only the given stream prefixes reach the handler', async () => {
    server.append('customer-t-a', 'Counted', { n: 0 });
    server.append('program-t', 'Counted', { n: 1 });
    server.append('customer-t-b', 'Counted', { n: 2 });
    const r = recorder();
    store.subscribeToAll(r.handler, { streamPrefixes: ['program-'] });
    await waitFor(() => r.lives() === 1);
    expect(r.handled.map((e) => e.streamName)).toEqual(['program-t']);
    const options = (client.subscribeToAll as jest.Mock).mock.calls[0][0] as SubscribeToAllOptions;
    expect(options.filter).toMatchObject({ filterOn: 'streamName', prefixes: ['program-'] });
  });

  it('without prefixes the server-side filter leaves out system events', async () => {
    const r = recorder();
    store.subscribeToAll(r.handler);
    await waitFor(() => r.lives() === 1);
    const options = (client.subscribeToAll as jest.Mock).mock.calls[0][0] as SubscribeToAllOptions;
    expect(options.filter).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
    expect(options.fromPosition).toBe('start');
  });

  it('a handler error stops the subscription and is reported, without retrying', async () => {
    server.append('customer-t-a');
    server.append('customer-t-a');
    let calls = 0;
    let failure: Error | undefined;
    store.subscribeToAll({
      onEvents: async () => {
        calls += 1;
        throw new Error('handler failed');
      },
      onError: (error) => {
        failure = error;
      },
    });
    await waitFor(() => failure !== undefined);
    expect(failure?.message).toBe('handler failed');
    server.append('customer-t-a');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(1);
    expect(server.subscribed).toHaveLength(1);
  });

  it('a refusal by the server (access denied) is reported, not retried', async () => {
    const r = recorder();
    store.subscribeToAll(r.handler);
    await waitFor(() => r.lives() === 1);
    server.drop(new AccessDeniedError());
    await waitFor(() => r.failure() !== undefined);
    expect(r.failure()).toBeInstanceOf(AccessDeniedError);
    expect(server.subscribed).toHaveLength(1);
  });

  it('gives up after the configured attempts when the server stays away', async () => {
    const r = recorder();
    store.subscribeToAll(r.handler);
    await waitFor(() => r.lives() === 1);
    (client.subscribeToAll as jest.Mock).mockImplementation(() => {
      const wire = Object.assign(new PassThrough({ objectMode: true }), { cancel: () => wire.end() });
      setImmediate(() => wire.emit('error', Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: grpc.status.UNAVAILABLE, details: '', metadata: new grpc.Metadata() })));
      return new ClientSubscription(async () => wire as never, convertGrpcEvent, {}) as never;
    });
    server.drop();
    await waitFor(() => r.failure() !== undefined);
    expect(r.failure()?.message).toMatch(/could not resume after 5 attempts: 14 UNAVAILABLE/);
  });

  it('stop() waits for the running onEvents call, and nothing is delivered after it', async () => {
    server.append('customer-t-a');
    let release: () => void = () => undefined;
    let running = 0;
    let calls = 0;
    const subscription = store.subscribeToAll({
      onEvents: () => {
        calls += 1;
        running += 1;
        return new Promise<void>((resolve) => {
          release = () => {
            running -= 1;
            resolve();
          };
        });
      },
    });
    await waitFor(() => calls === 1);
    server.append('customer-t-a');
    const stopped = subscription.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    release();
    await stopped;
    expect(running).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBe(1);
  });
});



