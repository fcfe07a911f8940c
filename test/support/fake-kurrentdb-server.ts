import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { createStreamIdentifier, createUUID, parseUUID } from '@kurrent/kurrentdb-client/dist/utils';
import { Status } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb';
import { ServerFeaturesService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb';
import { AllStreamPosition, Empty, MaximumAppendSizeExceeded, Timeout, WrongExpectedVersion } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import { StreamsService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb';
import { BatchAppendReq, BatchAppendResp, ReadReq, ReadResp } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import { StreamRevisionConflictErrorDetails } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/errors_pb';
import { StreamsServiceService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_grpc_pb';
import { AppendRequest, AppendResponse, AppendSessionResponse } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import type * as Grpc from '@grpc/grpc-js';

/** The client's own copy of grpc-js (the server must speak the same protocol objects). */
const grpc: typeof Grpc = require(require.resolve('@grpc/grpc-js', { paths: [dirname(require.resolve('@kurrent/kurrentdb-client'))] }));

/** 2^64 - 1: what servers before EventStoreDB 22.10 send as the position of an event read from a stream. */
export const NO_POSITION = (1n << 64n) - 1n;

export interface StoredEvent {
  stream: string;
  revision: number;
  id: string;
  type: string;
  isJson: boolean;
  data: Buffer;
  metadata: Buffer;
  position: bigint;
  /** When the server wrote it, in .NET ticks since the Unix epoch, as the real server's `created`. */
  created: bigint;
}

/**
 * What the next append meets, taken in order, one per append (batch or multi-stream):
 * - `none`: nothing, it is answered as usual (to let appends before a fault through);
 * - `commit-then-timeout`: written, then answered with the server's Timeout (as when replication to
 *   the quorum took longer than the server's commit timeout);
 * - `commit-then-drop`: written, then the connection breaks before the answer;
 * - `timeout`: not written, answered with Timeout;
 * - `not-leader`: refused, the node having just stopped being the leader.
 */
export type AppendFault = 'none' | 'commit-then-timeout' | 'commit-then-drop' | 'timeout' | 'not-leader';

export interface FakeServerOptions {
  /** What ServerFeatures says; `null`: the service does not exist (servers before EventStoreDB 21.10). */
  version?: string | null;
  /** Offers the multi-stream append (KurrentDB 25.1 and later). */
  multiStreamAppend?: boolean;
  /** false: events read from a stream come with 2^64 - 1 as their position (servers before EventStoreDB 22.10). */
  positionsOnStreamReads?: boolean;
  /** The largest append in bytes of data and metadata (the server's MaxAppendSize, 1 MiB by default). */
  maxAppendSize?: number;
}

type Expected = bigint | 'no_stream' | 'any' | 'stream_exists';
type Judgement = { kind: 'write'; current: number } | { kind: 'repeat'; revision: number; position: bigint } | { kind: 'conflict'; current: number };

/**
 * A FAKE KurrentDB server for specs: a gRPC server on 127.0.0.1 that answers the real client's
 * calls (its Node code and its Rust reader alike) with the messages a server sends, from an
 * in-memory log. It speaks only what Setia's adapter uses — ServerFeatures, stream and $all
 * reads, batch appends and the multi-stream append session — and keeps EventStoreDB's rules:
 * expected revisions, and the repeat rule (at a revision the stream has passed, the same event ids
 * in order are a repeat, written once; anything else a conflict; with `any`, known ids are a repeat).
 * Catch-up subscriptions to $all are served too (a stream-name prefix or event-type regex filter,
 * the stored events, CaughtUp, then new events). It does not serve links, deletion or security.
 */
export class FakeKurrentDbServer {
  readonly log: StoredEvent[] = [];
  /** Each call the client made, with whether it asked for the leader. */
  readonly calls: Array<{ method: 'read' | 'batchAppend' | 'appendSession' | 'features'; stream?: string; requiresLeader: boolean }> = [];
  readonly faults: AppendFault[] = [];
  /** The largest append in bytes of data and metadata (the server's MaxAppendSize); an operator may change it. */
  maxAppendSize: number;
  private nextPosition = 1000n;
  /** Live subscriptions, each given every event stored from now on that its filter keeps. */
  private readonly live = new Set<(event: StoredEvent) => void>();

  private constructor(
    private readonly server: Grpc.Server,
    readonly port: number,
    private readonly options: FakeServerOptions,
  ) {
    this.maxAppendSize = options.maxAppendSize ?? 1_048_576;
  }

  static async start(options: FakeServerOptions = {}): Promise<FakeKurrentDbServer> {
    const server = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    const fake = new FakeKurrentDbServer(server, port, options);
    fake.register();
    return fake;
  }

  /** The connection string of this server. */
  url(query = ''): string {
    return `kurrentdb://127.0.0.1:${this.port}?tls=false${query}`;
  }

  events(stream: string): StoredEvent[] {
    return this.log.filter((event) => event.stream === stream);
  }

  /** Written directly, as another writer would. */
  write(stream: string, type: string, data: unknown, id: string = randomUUID()): StoredEvent {
    return this.store(stream, [{ id, type, isJson: true, data: Buffer.from(JSON.stringify(data)), metadata: Buffer.from('{}') }]).at(-1)!;
  }

  async stop(): Promise<void> {
    this.live.clear();
    this.server.forceShutdown();
  }

  private store(stream: string, events: Array<Omit<StoredEvent, 'stream' | 'revision' | 'position' | 'created'>>): StoredEvent[] {
    let revision = this.events(stream).length;
    return events.map((event) => {
      this.nextPosition += 137n;
      const stored = { ...event, stream, revision: revision++, position: this.nextPosition, created: BigInt(Date.now()) * 10_000n };
      this.log.push(stored);
      for (const deliver of this.live) deliver(stored);
      return stored;
    });
  }

  /** EventStoreDB's commit check for one stream (IndexWriter.CheckCommit): write, repeat or conflict. */
  private judge(stream: string, expected: Expected, ids: string[]): Judgement {
    const existing = this.events(stream);
    const current = existing.length - 1;
    if (expected === 'any' || expected === 'stream_exists') {
      if (expected === 'stream_exists' && current < 0) return { kind: 'conflict', current };
      const first = existing.findIndex((event) => event.id === ids[0]);
      if (ids.length === 0 || first < 0) return { kind: 'write', current };
      const all = ids.every((id, n) => existing[first + n]?.id === id);
      return all ? { kind: 'repeat', revision: first + ids.length - 1, position: existing[first + ids.length - 1].position } : { kind: 'conflict', current };
    }
    const at = expected === 'no_stream' ? -1 : Number(expected);
    if (at === current) return { kind: 'write', current };
    if (at > current || ids.length === 0) return { kind: 'conflict', current };
    const all = ids.every((id, n) => existing[at + 1 + n]?.id === id);
    return all ? { kind: 'repeat', revision: at + ids.length, position: existing[at + ids.length].position } : { kind: 'conflict', current };
  }

  private register(): void {
    if (this.options.version !== null) {
      this.server.addService(ServerFeaturesService, {
        getSupportedMethods: (call: Grpc.ServerUnaryCall<Empty, SupportedMethods>, callback: Grpc.sendUnaryData<SupportedMethods>) => {
          this.calls.push({ method: 'features', requiresLeader: false });
          const methods = new SupportedMethods().setEventStoreServerVersion(this.options.version ?? '24.10.4');
          const offer = (service: string, method: string) => methods.addMethods(new SupportedMethod().setServiceName(service).setMethodName(method));
          offer('event_store.client.streams.streams', 'read');
          offer('event_store.client.streams.streams', 'batchappend');
          if (this.options.multiStreamAppend) offer('kurrentdb.protocol.v2.streams.streamsservice', 'appendsession');
          callback(null, methods);
        },
      });
    }
    this.server.addService(StreamsService, {
      read: (call: Grpc.ServerWritableStream<ReadReq, ReadResp>) => this.read(call),
      batchAppend: (call: Grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => this.batchAppend(call),
    });
    if (this.options.multiStreamAppend) {
      this.server.addService(StreamsServiceService, {
        appendSession: (call: Grpc.ServerReadableStream<AppendRequest, AppendSessionResponse>, callback: Grpc.sendUnaryData<AppendSessionResponse>) =>
          this.appendSession(call, callback),
      });
    }
  }

  private read(call: Grpc.ServerWritableStream<ReadReq, ReadResp>): void {
    const options = call.request.getOptions()!;
    const requiresLeader = call.metadata.get('requires-leader')[0] === 'true';
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const count = Number(options.getCount() ?? Number.MAX_SAFE_INTEGER);
    const visible = this.log;
    if (options.hasStream()) {
      const streamOptions = options.getStream()!;
      const stream = Buffer.from(streamOptions.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
      this.calls.push({ method: 'read', stream, requiresLeader });
      const events = visible.filter((event) => event.stream === stream);
      if (events.length === 0) {
        call.write(new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(createStreamIdentifier(stream))));
        call.end();
        return;
      }
      const from = streamOptions.hasRevision() ? Number(streamOptions.getRevision()) : streamOptions.hasEnd() ? events.length - 1 : 0;
      const selected = backwards ? events.filter((e) => e.revision <= from).reverse() : events.filter((e) => e.revision >= from);
      for (const event of selected.slice(0, count)) call.write(this.readResp(event, this.options.positionsOnStreamReads !== false));
      call.end();
      return;
    }
    this.calls.push({ method: 'read', requiresLeader });
    if (options.hasSubscription()) return this.subscribe(call, options);
    const all = options.getAll()!;
    const from = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : undefined;
    const selected = backwards
      ? visible.filter((e) => from === undefined || all.hasEnd() || e.position <= from).reverse()
      : visible.filter((e) => from === undefined || e.position >= from);
    for (const event of selected.slice(0, count)) call.write(this.readResp(event, true));
    call.end();
  }

  /** A catch-up subscription to $all: what is stored after the position, CaughtUp, then each new event. */
  private subscribe(call: Grpc.ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options): void {
    const all = options.getAll()!;
    const after = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : -1n;
    const filter = options.getFilter();
    const byStream = filter?.getStreamIdentifier();
    const byType = filter?.getEventType();
    const keeps = (event: StoredEvent) => {
      if (byStream) return byStream.getPrefixList().some((prefix) => event.stream.startsWith(prefix)) || (!!byStream.getRegex() && new RegExp(byStream.getRegex()).test(event.stream));
      if (byType) return byType.getPrefixList().some((prefix) => event.type.startsWith(prefix)) || (!!byType.getRegex() && new RegExp(byType.getRegex()).test(event.type));
      return true;
    };
    call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
    for (const event of this.log) if (event.position > after && keeps(event)) call.write(this.readResp(event, true));
    call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
    const deliver = (event: StoredEvent) => {
      if (keeps(event) && !call.cancelled && !call.writableEnded) call.write(this.readResp(event, true));
    };
    this.live.add(deliver);
    call.on('cancelled', () => this.live.delete(deliver));
    call.on('close', () => this.live.delete(deliver));
  }

  private readResp(event: StoredEvent, withPosition: boolean): ReadResp {
    const position = withPosition ? event.position : NO_POSITION;
    const recorded = new ReadResp.ReadEvent.RecordedEvent()
      .setId(createUUID(event.id))
      .setStreamIdentifier(createStreamIdentifier(event.stream))
      .setStreamRevision(String(event.revision))
      .setCommitPosition(position.toString())
      .setPreparePosition(position.toString())
      .setData(event.data)
      .setCustomMetadata(event.metadata);
    recorded
      .getMetadataMap()
      .set('type', event.type)
      .set('content-type', event.isJson ? 'application/json' : 'application/octet-stream')
      .set('created', String(event.created));
    const read = new ReadResp.ReadEvent().setEvent(recorded);
    if (withPosition) read.setCommitPosition(event.position.toString());
    else read.setNoPosition(new Empty());
    return new ReadResp().setEvent(read);
  }

  private batchAppend(call: Grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
    const pending = new Map<string, BatchAppendReq[]>();
    call.on('data', (request: BatchAppendReq) => {
      const correlation = parseUUID(request.getCorrelationId()!);
      const parts = [...(pending.get(correlation) ?? []), request];
      if (!request.getIsFinal()) {
        pending.set(correlation, parts);
        return;
      }
      pending.delete(correlation);
      const options = parts[0].getOptions()!;
      const stream = Buffer.from(options.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
      this.calls.push({ method: 'batchAppend', stream, requiresLeader: call.metadata.get('requires-leader')[0] === 'true' });
      const expected: Expected = options.hasStreamPosition() ? BigInt(options.getStreamPosition()) : options.hasNoStream() ? 'no_stream' : options.hasStreamExists() ? 'stream_exists' : 'any';
      const messages = parts.flatMap((part) => part.getProposedMessagesList());
      const events = messages.map((message) => ({
        id: parseUUID(message.getId()!),
        type: message.getMetadataMap().get('type')!,
        isJson: message.getMetadataMap().get('content-type') === 'application/json',
        data: Buffer.from(message.getData_asU8()),
        metadata: Buffer.from(message.getCustomMetadata_asU8()),
      }));
      const fault = this.faults.shift();
      if (fault === 'not-leader') return this.notLeader(call);
      const respond = new BatchAppendResp().setCorrelationId(request.getCorrelationId()).setStreamIdentifier(options.getStreamIdentifier());
      if (fault === 'timeout') return void call.write(respond.setError(this.status('Timeout', new Timeout().serializeBinary())));
      const maxAppendSize = this.maxAppendSize;
      if (events.reduce((size, event) => size + event.data.length + event.metadata.length, 0) > maxAppendSize) {
        return void call.write(respond.setError(this.status('MaximumAppendSizeExceeded', new MaximumAppendSizeExceeded().setMaxappendsize(maxAppendSize).serializeBinary())));
      }
      const judged = this.judge(stream, expected, events.map((event) => event.id));
      if (judged.kind === 'conflict') {
        const details = new WrongExpectedVersion();
        if (judged.current < 0) details.setCurrentNoStream(new Empty());
        else details.setCurrentStreamRevision(String(judged.current));
        if (typeof expected === 'bigint') details.setExpectedStreamPosition(expected.toString());
        else if (expected === 'no_stream') details.setExpectedNoStream(new Empty());
        else if (expected === 'stream_exists') details.setExpectedStreamExists(new Empty());
        else details.setExpectedAny(new Empty());
        return void call.write(respond.setError(this.status('WrongExpectedVersion', details.serializeBinary())));
      }
      let revision: number;
      let position: bigint;
      if (judged.kind === 'write') {
        const written = this.store(stream, events);
        revision = written.at(-1)!.revision;
        position = written.at(-1)!.position;
      } else {
        ({ revision, position } = judged);
      }
      if (fault === 'commit-then-timeout') return void call.write(respond.setError(this.status('Timeout', new Timeout().serializeBinary())));
      if (fault === 'commit-then-drop') return void call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'the connection was lost' });
      const success = new BatchAppendResp.Success()
        .setCurrentRevision(String(revision))
        .setPosition(new AllStreamPosition().setCommitPosition(position.toString()).setPreparePosition(position.toString()));
      call.write(respond.setSuccess(success));
    });
    call.on('end', () => call.end());
  }

  private appendSession(call: Grpc.ServerReadableStream<AppendRequest, AppendSessionResponse>, callback: Grpc.sendUnaryData<AppendSessionResponse>): void {
    const requests: AppendRequest[] = [];
    call.on('data', (request: AppendRequest) => requests.push(request));
    call.on('end', () => {
      this.calls.push({ method: 'appendSession', requiresLeader: call.metadata.get('requires-leader')[0] === 'true' });
      const fault = this.faults.shift();
      if (fault === 'not-leader') return this.notLeader(callback);
      if (fault === 'timeout') return callback({ code: grpc.status.DEADLINE_EXCEEDED, details: 'timed out' });
      const parts = requests.map((request) => {
        const raw = request.getExpectedRevision() ?? '-2';
        const expected: Expected = raw === '-1' ? 'no_stream' : raw === '-2' ? 'any' : raw === '-4' ? 'stream_exists' : BigInt(raw);
        const events = request.getRecordsList().map((record) => {
          const properties: Record<string, string> = {};
          record.getPropertiesMap().forEach((value, key) => (properties[key] = value.getStringValue()));
          const schema = record.getSchema()!;
          // As the server does: the properties, with the schema's, are the stored metadata.
          const metadata = Object.fromEntries(Object.entries({ '$schema.format': 'Json', '$schema.name': schema.getName(), ...properties }).sort(([a], [b]) => (a < b ? -1 : 1)));
          return { id: record.getRecordId()!, type: schema.getName(), isJson: true, data: Buffer.from(record.getData_asU8()), metadata: Buffer.from(JSON.stringify(metadata)) };
        });
        return { stream: request.getStream(), expected, raw, events, judged: this.judge(request.getStream(), expected, events.map((event) => event.id)) };
      });
      const maxAppendSize = this.maxAppendSize;
      if (parts.flatMap((part) => part.events).reduce((size, event) => size + event.data.length + event.metadata.length, 0) > maxAppendSize) {
        const metadata = new grpc.Metadata();
        metadata.set('exception', 'maximum-append-size-exceeded');
        metadata.set('maximum-append-size', String(maxAppendSize));
        return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'Maximum Append Size Exceeded', metadata });
      }
      const conflict = parts.find((part) => part.judged.kind === 'conflict');
      const repeats = parts.filter((part) => part.judged.kind === 'repeat');
      const refused = conflict ?? (repeats.length > 0 && repeats.length < parts.length ? repeats[0] : undefined);
      if (refused) {
        const current = this.events(refused.stream).length - 1;
        const details = new StreamRevisionConflictErrorDetails().setStream(refused.stream).setExpectedRevision(refused.raw).setActualRevision(String(current));
        const metadata = new grpc.Metadata();
        metadata.set('grpc-status-details-bin', Buffer.from(new Status().setCode(9).setMessage('conflict').setDetails(this.any('kurrentdb.protocol.v2.streams.errors.StreamRevisionConflictErrorDetails', details.serializeBinary())).serializeBinary()));
        return callback({ code: grpc.status.FAILED_PRECONDITION, details: `stream ${refused.stream}: revision conflict`, metadata });
      }
      const response = new AppendSessionResponse();
      let last = 0n;
      for (const part of parts) {
        const judged = part.judged as Exclude<Judgement, { kind: 'conflict' }>;
        const revision = judged.kind === 'write' ? this.store(part.stream, part.events).at(-1)!.revision : judged.revision;
        response.addOutput(new AppendResponse().setStream(part.stream).setStreamRevision(String(revision)));
        last = this.nextPosition;
      }
      if (fault === 'commit-then-timeout') return callback({ code: grpc.status.DEADLINE_EXCEEDED, details: 'timed out' });
      if (fault === 'commit-then-drop') return callback({ code: grpc.status.UNAVAILABLE, details: 'the connection was lost' });
      callback(null, response.setPosition(last.toString()));
    });
  }

  private notLeader(reply: Grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp> | Grpc.sendUnaryData<AppendSessionResponse>): void {
    const metadata = new grpc.Metadata();
    metadata.set('exception', 'not-leader');
    metadata.set('leader-endpoint-host', '127.0.0.1');
    metadata.set('leader-endpoint-port', String(this.port));
    const error = { code: grpc.status.NOT_FOUND, details: 'Leader info available', metadata };
    if (typeof reply === 'function') reply(error);
    else reply.emit('error', error);
  }

  private status(detail: string, value: Uint8Array): Status {
    return new Status().setCode(9).setMessage(detail).setDetails(this.any(`event_store.client.${detail}`, value));
  }

  private any(typeName: string, value: Uint8Array): Any {
    const any = new Any();
    any.pack(value, typeName);
    return any;
  }
}
