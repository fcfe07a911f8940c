import { DeadlineExceededError, KurrentDBClient, jsonEvent } from '@kurrent/kurrentdb-client';
import { FakeKurrentDbServer, NO_POSITION } from '../../../../test/support/fake-kurrentdb-server';
import type { AppendFault, FakeServerOptions } from '../../../../test/support/fake-kurrentdb-server';
import { WrongExpectedRevision } from '../errors';
import type { EventToAppend } from '../event-store.port';
import { recordedEventId } from '../recorded-event-id';
import { EsdbCheckpointStore } from './esdb-checkpoint-store';
import { EsdbEventStore } from './esdb-event-store';
import { encodeEsdbPosition } from './esdb-position';

/**
 * The adapter and the real client (its Node code and its Rust reader) against a FAKE KurrentDB
 * server: a gRPC server on 127.0.0.1 that answers with the messages a server sends and keeps the
 * server's rules (see test/support/fake-kurrentdb-server.ts). Only the server is replaced.
 */
const named = (name: string, type: string, data: unknown, metadata: EventToAppend['metadata'] = { tenant: 'toko' }): EventToAppend => ({ id: name, type, data, metadata });
const recorded = (event: EventToAppend) => recordedEventId(event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata));

describe('EventStoreDB adapter against a fake KurrentDB server (the real client, the server\'s messages)', () => {
  const servers: FakeKurrentDbServer[] = [];
  const stores: EsdbEventStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });
  const serve = async (options: FakeServerOptions = {}) => {
    const server = await FakeKurrentDbServer.start(options);
    servers.push(server);
    return server;
  };
  /** The adapter's pause before it retries an append whose outcome is unknown. */
  const RETRY_DELAY_MS = 200;
  const connect = async (server: FakeKurrentDbServer, query = '') => {
    const store = await EsdbEventStore.connect(server.url(query), { retryDelayMs: RETRY_DELAY_MS });
    stores.push(store);
    return store;
  };
  /**
   * Until the server has answered the first append (its fault written then): another writer's
   * event written right after comes within the adapter's pause, however loaded the machine.
   */
  const answeredOnce = async (server: FakeKurrentDbServer) => {
    const deadline = Date.now() + 5000;
    while (!server.calls.some((call) => call.method === 'batchAppend') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(server.calls.some((call) => call.method === 'batchAppend')).toBe(true);
  };

  describe('the same append: a repeat only when it is the very same events', () => {
    it('the server takes the same event ids at a passed revision as a repeat whatever their data: the adapter records ids of the content, so other data is a conflict', async () => {
      const server = await serve();
      const store = await connect(server);
      const claim = named('toko/claim:receipt:R-1/0', 'IdClaimed', { customerId: 'ayu', fingerprint: 'request-1' });
      const first = await store.appendToStream('claim-toko-receipt-R-1', [claim], { expectedRevision: 'no_stream' });
      expect(server.events('claim-toko-receipt-R-1').map((e) => e.id)).toEqual([recorded(claim)]);

      // The same request again: a repeat, answered where the first one is, nothing written.
      await expect(store.appendToStream('claim-toko-receipt-R-1', [claim], { expectedRevision: 'no_stream' })).resolves.toEqual(first);
      // Another request for the same receipt: the same name, other data, so another id: a conflict.
      const other = named('toko/claim:receipt:R-1/0', 'IdClaimed', { customerId: 'budi', fingerprint: 'request-2' });
      const refused = store.appendToStream('claim-toko-receipt-R-1', [other], { expectedRevision: 'no_stream' });
      await expect(refused).rejects.toBeInstanceOf(WrongExpectedRevision);
      await expect(refused).rejects.toMatchObject({ streamName: 'claim-toko-receipt-R-1', expected: 'no_stream', actual: 0 });
      expect(server.events('claim-toko-receipt-R-1')).toHaveLength(1);

      // What the server does with ids alone (the client sending the name's id, as before): a silent success.
      const sameId = '9b0c8a7e-0d3b-4c55-9a43-1b8f2f1d6a01';
      await store.client.appendToStream('claim-toko-receipt-R-2', jsonEvent({ id: sameId, type: 'IdClaimed', data: { customerId: 'ayu' } }), { streamState: 'no_stream' });
      await expect(
        store.client.appendToStream('claim-toko-receipt-R-2', jsonEvent({ id: sameId, type: 'IdClaimed', data: { customerId: 'budi' } }), { streamState: 'no_stream' }),
      ).resolves.toMatchObject({ success: true, nextExpectedRevision: 0n });
      expect(server.events('claim-toko-receipt-R-2').map((e) => JSON.parse(e.data.toString()))).toEqual([{ customerId: 'ayu' }]);
    });

    it('a command decided again with another clock reading is a conflict, and its first decision stands', async () => {
      const server = await serve();
      const store = await connect(server);
      const decided = (at: string) => [named('toko/purchase:R-5/0', 'PurchaseRecorded', { receiptId: 'R-5', at }), named('toko/purchase:R-5/1', 'PointsEarned', { points: 5, at })];
      await store.appendToStream('customer-toko-ayu', decided('2026-01-10T03:00:00.000Z'), { expectedRevision: 'no_stream' });
      await expect(store.appendToStream('customer-toko-ayu', decided('2026-01-10T03:00:00.000Z'), { expectedRevision: 'no_stream' })).resolves.toMatchObject({ nextExpectedRevision: 1 });
      await expect(store.appendToStream('customer-toko-ayu', decided('2026-01-10T03:00:01.000Z'), { expectedRevision: 'no_stream' })).rejects.toMatchObject({ actual: 1 });
      expect((await store.readStream('customer-toko-ayu')).map((e) => e.data)).toEqual(decided('2026-01-10T03:00:00.000Z').map((e) => e.data));
    });

    it.each([
      ['writes stream by stream (EventStoreDB 24.10)', { version: '24.10.4' }],
      ['writes them atomically (KurrentDB 25.1)', { version: '25.1.0', multiStreamAppend: true }],
    ] as Array<[string, FakeServerOptions]>)('two different requests for one receipt race on a server that %s: exactly one is recorded, the other is a conflict on the claim', async (_name, options) => {
      const server = await serve(options);
      const [tillA, tillB] = [await connect(server), await connect(server)];
      const purchase = (store: EsdbEventStore, customerId: string, total: number) =>
        store.appendToStreams([
          { streamName: 'claim-toko-receipt-R-9', events: [named('toko/claim:receipt:R-9/0', 'IdClaimed', { customerId, fingerprint: `total-${total}` })], expectedRevision: 'no_stream' },
          { streamName: `customer-toko-${customerId}`, events: [named('toko/purchase:R-9/0', 'PurchaseRecorded', { receiptId: 'R-9', total })], expectedRevision: 'no_stream' },
        ]);
      const results = await Promise.allSettled([purchase(tillA, 'ayu', 100_000), purchase(tillB, 'budi', 250_000)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason;
      expect(refused).toBeInstanceOf(WrongExpectedRevision);
      expect(refused).toMatchObject({ streamName: 'claim-toko-receipt-R-9', actual: 0 });
      const [claimed] = server.events('claim-toko-receipt-R-9');
      const winner = (JSON.parse(claimed.data.toString()) as { customerId: string }).customerId;
      const loser = winner === 'ayu' ? 'budi' : 'ayu';
      expect(server.events(`customer-toko-${winner}`)).toHaveLength(1);
      expect(server.events(`customer-toko-${loser}`)).toHaveLength(0);
      expect(server.log).toHaveLength(2);
    });
  });

  describe('an append whose outcome is unknown is sent once more, with the same events and revision', () => {
    const purchase = [named('toko/purchase:R-2/0', 'PurchaseRecorded', { total: 200_000 }), named('toko/purchase:R-2/1', 'PointsEarned', { points: 20 })];

    it.each([
      ['written, then the server timed out', 'commit-then-timeout'],
      ['written, then the connection broke', 'commit-then-drop'],
    ] as Array<[string, AppendFault]>)('%s: the retry is a repeat, the append succeeds and is written once', async (_name, fault) => {
      const server = await serve();
      const store = await connect(server);
      await store.appendToStream('customer-toko-ayu', [named('toko/enrol:ayu/0', 'CustomerEnrolled', { customerId: 'ayu' })], { expectedRevision: 'no_stream' });
      server.faults.push(fault);
      const result = await store.appendToStream('customer-toko-ayu', purchase, { expectedRevision: 0 });
      const stored = server.events('customer-toko-ayu');
      expect(stored.map((e) => e.type)).toEqual(['CustomerEnrolled', 'PurchaseRecorded', 'PointsEarned']);
      expect(result).toEqual({ nextExpectedRevision: 2, position: encodeEsdbPosition({ commit: stored[2].position, prepare: stored[2].position }) });
      expect(server.calls.filter((call) => call.method === 'batchAppend')).toHaveLength(3);
    });

    it('not written and timed out: the retry writes it', async () => {
      const server = await serve();
      const store = await connect(server);
      server.faults.push('timeout');
      await expect(store.appendToStream('customer-toko-ayu', purchase, { expectedRevision: 'no_stream' })).resolves.toMatchObject({ nextExpectedRevision: 1 });
      expect(server.events('customer-toko-ayu')).toHaveLength(2);
    });

    it('refused by a node that is no longer the leader: the client reconnects and the retry writes it', async () => {
      const server = await serve();
      const store = await connect(server);
      server.faults.push('not-leader');
      await expect(store.appendToStream('customer-toko-ayu', purchase, { expectedRevision: 'no_stream' })).resolves.toMatchObject({ nextExpectedRevision: 1 });
      expect(server.events('customer-toko-ayu')).toHaveLength(2);
    });

    it('written, timed out, and another writer appended before the retry: the retry is still a repeat of the first', async () => {
      const server = await serve();
      const store = await connect(server);
      server.faults.push('commit-then-timeout');
      const first = store.appendToStream('customer-toko-ayu', purchase, { expectedRevision: 'no_stream' });
      await answeredOnce(server); // then within the pause before the retry
      server.write('customer-toko-ayu', 'RewardRedeemed', { points: 10 });
      await expect(first).resolves.toMatchObject({ nextExpectedRevision: 1 });
      expect(server.events('customer-toko-ayu').map((e) => e.type)).toEqual(['PurchaseRecorded', 'PointsEarned', 'RewardRedeemed']);
    });

    it('not written, and another writer took the revision before the retry: a conflict, not a success', async () => {
      const server = await serve();
      const store = await connect(server);
      server.faults.push('timeout');
      const first = store.appendToStream('customer-toko-ayu', purchase, { expectedRevision: 'no_stream' });
      await answeredOnce(server);
      server.write('customer-toko-ayu', 'CustomerEnrolled', { customerId: 'ayu' });
      await expect(first).rejects.toMatchObject({ name: 'WrongExpectedRevision', actual: 0 });
      expect(server.events('customer-toko-ayu').map((e) => e.type)).toEqual(['CustomerEnrolled']);
    });

    it('once only: a second unknown outcome is the caller\'s error; and an append with any revision is not retried', async () => {
      const server = await serve();
      const store = await connect(server);
      server.faults.push('timeout', 'timeout');
      await expect(store.appendToStream('customer-toko-ayu', purchase, { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(DeadlineExceededError);
      server.faults.push('commit-then-timeout');
      await expect(store.appendToStream('customer-toko-budi', purchase, { expectedRevision: 'any' })).rejects.toBeInstanceOf(DeadlineExceededError);
      expect(server.events('customer-toko-budi')).toHaveLength(2);
      expect(server.calls.filter((call) => call.method === 'batchAppend').map((call) => call.stream)).toEqual(['customer-toko-ayu', 'customer-toko-ayu', 'customer-toko-budi']);
    });

    it('an atomic append to several streams that timed out after being written is retried as a repeat', async () => {
      const server = await serve({ version: '25.1.0', multiStreamAppend: true });
      const store = await connect(server);
      server.faults.push('commit-then-timeout');
      const results = await store.appendToStreams([
        { streamName: 'claim-toko-receipt-R-2', events: [named('toko/claim:receipt:R-2/0', 'IdClaimed', { customerId: 'ayu' })], expectedRevision: 'no_stream' },
        { streamName: 'customer-toko-ayu', events: purchase, expectedRevision: 'no_stream' },
      ]);
      expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, 1]);
      expect(server.log.map((e) => e.type)).toEqual(['IdClaimed', 'PurchaseRecorded', 'PointsEarned']);
      expect(server.calls.filter((call) => call.method === 'appendSession')).toHaveLength(2);
    });
  });

  describe('positions', () => {
    it('a server that sends 2^64 - 1 as the position of events read from a stream is refused: at start-up by its version, and on any such read', async () => {
      const old = await serve({ version: '21.10.9', positionsOnStreamReads: false });
      await expect(EsdbEventStore.connect(old.url())).rejects.toThrow(
        `EVENTSTORE_URL ${old.url()}: EventStoreDB 21.10.9 is not supported: Setia needs EventStoreDB 22.10 or later (KurrentDB 25.1 or later for atomic appends to several streams)`,
      );
      // A store opened on it without the start-up check: a stream read says why, rather than pass the position on.
      const store = new EsdbEventStore(KurrentDBClient.connectionString(old.url()));
      stores.push(store);
      const event = old.write('customer-toko-ayu', 'CustomerEnrolled', { customerId: 'ayu' });
      await expect(store.readStream('customer-toko-ayu')).rejects.toThrow(
        `EventStoreDB returned event ${event.id} of customer-toko-ayu without its position (commit ${NO_POSITION}, prepare ${NO_POSITION}): Setia needs EventStoreDB 22.10 or later`,
      );
      // $all reads carry positions on those servers too.
      await expect(store.readAll()).resolves.toMatchObject([{ id: event.id, position: encodeEsdbPosition({ commit: event.position, prepare: event.position }) }]);
      expect(() => encodeEsdbPosition({ commit: NO_POSITION, prepare: NO_POSITION })).toThrow(RangeError);
    });

    it('a server that cannot say its version (before EventStoreDB 21.10) is refused at start-up', async () => {
      const server = await serve({ version: null });
      await expect(EsdbEventStore.connect(server.url())).rejects.toThrow(
        'a server older than EventStoreDB 21.10 (it does not say its version) is not supported: Setia needs EventStoreDB 22.10 or later',
      );
    });

    it('an append reports the position of its last event; a repeat, where the events were first written', async () => {
      const server = await serve();
      const store = await connect(server);
      const events = [named('toko/a/0', 'A', { n: 0 }), named('toko/a/1', 'B', { n: 1 })];
      const first = await store.appendToStream('customer-toko-ayu', events, { expectedRevision: 'no_stream' });
      server.write('customer-toko-ayu', 'C', {});
      const repeat = await store.appendToStream('customer-toko-ayu', events, { expectedRevision: 'no_stream' });
      const [, last] = server.events('customer-toko-ayu');
      expect(first.position).toBe(encodeEsdbPosition({ commit: last.position, prepare: last.position }));
      expect(repeat).toEqual(first);
    });
  });

  describe('reads a decision depends on go to the leader', () => {
    it('a node preference other than the leader is refused at start-up, naming it and why', async () => {
      const server = await serve();
      for (const preference of ['follower', 'random', 'readOnlyReplica', 'Follower']) {
        await expect(EsdbEventStore.connect(server.url(`&nodePreference=${preference}`))).rejects.toThrow(
          `EVENTSTORE_URL ${server.url(`&nodePreference=${preference}`)}: nodePreference=${preference} is not supported: Setia reads every stream it decides on from the leader, so that it sees its own last writes; leave nodePreference out or set it to leader`,
        );
      }
      expect(server.calls).toEqual([]);
      await expect(connect(server, '&nodePreference=leader')).resolves.toBeInstanceOf(EsdbEventStore);
    });

    it('every read a decision depends on asks for the leader: stream reads, and the head of $all for an empty append', async () => {
      const server = await serve();
      const store = await connect(server);
      const reader = jest.spyOn(store.client.rustClient, 'readStream');
      const allReader = jest.spyOn(store.client.rustClient, 'readAll');
      await store.appendToStream('customer-toko-ayu', [named('toko/enrol:ayu/0', 'CustomerEnrolled', {})], { expectedRevision: 'no_stream' });
      expect(await store.readStream('customer-toko-ayu')).toHaveLength(1);
      expect(await store.readStream('customer-toko-ayu', { direction: 'backwards', maxCount: 1 })).toHaveLength(1);
      await expect(store.appendToStream('customer-toko-ayu', [], { expectedRevision: 0 })).resolves.toMatchObject({ nextExpectedRevision: 0 });
      expect(reader.mock.calls.map(([stream, options]) => [stream, options?.requiresLeader])).toEqual([
        ['customer-toko-ayu', true],
        ['customer-toko-ayu', true],
        ['customer-toko-ayu', true],
      ]);
      expect(allReader.mock.calls.map(([options]) => options?.requiresLeader)).toEqual([true]);
      // And the server was asked so.
      expect(server.calls.filter((call) => call.method === 'read').every((call) => call.requiresLeader)).toBe(true);
    });
  });

  describe('appends to several streams', () => {
    const claim = (customerId: string) => named('toko/claim:receipt:R-3/0', 'IdClaimed', { customerId, fingerprint: 'f' });
    const metadata = { tenant: 'toko', commandId: 'purchase:R-3', schemaVersion: 1, principal: 'toko.key', hash: 'a'.repeat(64) };
    const bought = named('toko/purchase:R-3/0', 'PurchaseRecorded', { receiptId: 'R-3', total: 300_000 }, metadata);

    it('on KurrentDB 25.1: one atomic write; the metadata comes back whole, its key order and number types kept; positions exact', async () => {
      const server = await serve({ version: '25.1.0', multiStreamAppend: true });
      const store = await connect(server);
      expect(store.atomicAcrossStreams).toBe(true);
      await store.appendToStream('program-toko', [named('toko/program:0/0', 'ProgramConfigured', {})], { expectedRevision: 'no_stream' });
      const results = await store.appendToStreams([
        { streamName: 'program-toko', events: [], expectedRevision: 0 },
        { streamName: 'claim-toko-receipt-R-3', events: [claim('ayu')], expectedRevision: 'no_stream' },
        { streamName: 'customer-toko-ayu', events: [bought], expectedRevision: 'no_stream' },
      ]);
      expect(server.calls.filter((call) => call.method === 'appendSession')).toHaveLength(1);
      const [read] = await store.readStream('customer-toko-ayu');
      expect(JSON.stringify(read.metadata)).toBe(JSON.stringify(metadata));
      expect(read.id).toBe(recorded(bought));
      const [claimed] = await store.readStream('claim-toko-receipt-R-3');
      expect(results).toEqual([
        { nextExpectedRevision: 0, position: read.position },
        { nextExpectedRevision: 0, position: claimed.position },
        { nextExpectedRevision: 0, position: read.position },
      ]);
    });

    it('on KurrentDB 25.1: a conflict on one stream writes none, and names it; a program change since the decision is refused before the write', async () => {
      const server = await serve({ version: '25.1.0', multiStreamAppend: true });
      const store = await connect(server);
      server.write('claim-toko-receipt-R-3', 'IdClaimed', { customerId: 'budi' });
      await expect(
        store.appendToStreams([
          { streamName: 'claim-toko-receipt-R-3', events: [claim('ayu')], expectedRevision: 'no_stream' },
          { streamName: 'customer-toko-ayu', events: [bought], expectedRevision: 'no_stream' },
        ]),
      ).rejects.toMatchObject({ name: 'WrongExpectedRevision', streamName: 'claim-toko-receipt-R-3', expected: 'no_stream', actual: 0 });
      server.write('program-toko', 'ProgramConfigured', {});
      await expect(
        store.appendToStreams([
          { streamName: 'program-toko', events: [], expectedRevision: -1 },
          { streamName: 'claim-toko-receipt-R-4', events: [claim('ayu')], expectedRevision: 'no_stream' },
          { streamName: 'customer-toko-ayu', events: [bought], expectedRevision: 'no_stream' },
        ]),
      ).rejects.toMatchObject({ name: 'WrongExpectedRevision', streamName: 'program-toko', actual: 0 });
      expect(server.events('customer-toko-ayu')).toEqual([]);
      expect(server.calls.filter((call) => call.method === 'appendSession')).toHaveLength(1);
    });

    it('on EventStoreDB 24.10: one stream after another, stopping at the first refusal', async () => {
      const server = await serve({ version: '24.10.4' });
      const store = await connect(server);
      expect(store.atomicAcrossStreams).toBe(false);
      server.write('customer-toko-ayu', 'CustomerEnrolled', {});
      await expect(
        store.appendToStreams([
          { streamName: 'claim-toko-receipt-R-3', events: [claim('ayu')], expectedRevision: 'no_stream' },
          { streamName: 'customer-toko-ayu', events: [bought], expectedRevision: 'no_stream' },
        ]),
      ).rejects.toMatchObject({ name: 'WrongExpectedRevision', streamName: 'customer-toko-ayu', actual: 0 });
      expect(server.events('claim-toko-receipt-R-3')).toHaveLength(1);
      expect(server.calls.map((call) => call.method)).not.toContain('appendSession');
    });
  });

  describe('start-up', () => {
    it('says which server it found and what Setia does with it', async () => {
      const kurrent = await connect(await serve({ version: '25.1.0', multiStreamAppend: true }));
      expect(kurrent.describeServer()).toBe('KurrentDB 25.1.0: atomic appends to several streams; subscriptions signal caughtUp');
      const lts = await connect(await serve({ version: '23.10.7' }));
      expect(lts.describeServer()).toBe('EventStoreDB 23.10.7: appends to several streams one after another (atomic from KurrentDB 25.1); subscriptions signal caughtUp');
      const oldest = await connect(await serve({ version: '22.10.5' }));
      expect(oldest.describeServer()).toBe(
        'EventStoreDB 22.10.5: appends to several streams one after another (atomic from KurrentDB 25.1); subscriptions go live at a checkpoint past the head (caughtUp from 23.10)',
      );
    });
  });

  describe('checkpoint streams', () => {
    it('get their event limit once, keeping what else an operator set in their metadata ($acl)', async () => {
      const server = await serve();
      const store = await connect(server);
      const acl = { $r: ['$admins', 'ops'], $w: ['setia'] };
      server.write('$$setia_checkpoint-relay', '$metadata', { $acl: acl });
      const checkpoints = new EsdbCheckpointStore(store.client);
      await checkpoints.save('relay', '00000000000000000042/00000000000000000042');
      await checkpoints.save('relay', '00000000000000000043/00000000000000000043');
      expect(await checkpoints.load('relay')).toBe('00000000000000000043/00000000000000000043');
      const metadata = server.events('$$setia_checkpoint-relay').map((e) => JSON.parse(e.data.toString()));
      expect(metadata).toEqual([{ $acl: acl }, { $acl: acl, $maxCount: 3 }]);
      // A process that finds the limit there writes no metadata.
      await new EsdbCheckpointStore(store.client).save('relay', '00000000000000000044/00000000000000000044');
      expect(server.events('$$setia_checkpoint-relay')).toHaveLength(2);
    });
  });
});
