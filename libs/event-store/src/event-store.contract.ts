import { randomUUID } from 'node:crypto';
import { WrongExpectedRevision } from './errors';
import type { EventStore, EventToAppend, RecordedEvent } from './event-store.port';
import { recordedEventId } from './recorded-event-id';

/**
 * The event store port's contract. Any adapter runs it: `eventStoreContract('sqlite', factory, …)`.
 * Streams get random names, and positions are taken from what the test itself appended, so the
 * suite can run against a shared server that already holds events. Where adapters may differ —
 * whether an append to several streams is written all or none — the store says which it does
 * (`atomicAcrossStreams`, for EventStoreDB from what the server can do) and is held to it.
 */
export function eventStoreContract(adapterName: string, createStore: () => Promise<EventStore>): void {
  describe(`event store contract: ${adapterName}`, () => {
    let store: EventStore;

    beforeAll(async () => {
      store = await createStore();
    });
    afterAll(() => store.close());

    const streamName = (category = 'contract') => `${category}-${randomUUID().replace(/-/g, '')}`;
    const event = (type = 'SomethingHappened', data: unknown = { n: 1 }): EventToAppend => ({
      id: randomUUID(),
      type,
      data,
      metadata: { tenant: 'contract', correlationId: randomUUID() },
    });
    const events = (count: number) => Array.from({ length: count }, (_, n) => event('Counted', { n }));

    describe('expected revision', () => {
      it('no_stream appends to a new stream and is refused on an existing one', async () => {
        const stream = streamName();
        await expect(store.appendToStream(stream, [event()], { expectedRevision: 'no_stream' })).resolves.toMatchObject({
          nextExpectedRevision: 0,
        });
        const refused = store.appendToStream(stream, [event()], { expectedRevision: 'no_stream' });
        await expect(refused).rejects.toBeInstanceOf(WrongExpectedRevision);
        await expect(refused).rejects.toMatchObject({ streamName: stream, actual: 0 });
      });

      it('stream_exists is refused on a new stream and appends to an existing one', async () => {
        const stream = streamName();
        await expect(store.appendToStream(stream, [event()], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
          actual: -1,
        });
        await store.appendToStream(stream, [event()]);
        await expect(store.appendToStream(stream, [event()], { expectedRevision: 'stream_exists' })).resolves.toMatchObject({
          nextExpectedRevision: 1,
        });
      });

      it('an exact revision appends only when it is the last revision of the stream', async () => {
        const stream = streamName();
        await store.appendToStream(stream, events(3));
        await expect(store.appendToStream(stream, [event()], { expectedRevision: 1 })).rejects.toMatchObject({ expected: 1, actual: 2 });
        await expect(store.appendToStream(stream, [event()], { expectedRevision: 2 })).resolves.toMatchObject({ nextExpectedRevision: 3 });
      });

      it('an exact revision on a stream that does not exist is refused with actual -1', async () => {
        await expect(store.appendToStream(streamName(), [event()], { expectedRevision: 0 })).rejects.toMatchObject({ actual: -1 });
      });

      it('any appends whatever the stream holds', async () => {
        const stream = streamName();
        await store.appendToStream(stream, [event()], { expectedRevision: 'any' });
        await expect(store.appendToStream(stream, [event()], { expectedRevision: 'any' })).resolves.toMatchObject({ nextExpectedRevision: 1 });
      });

      it('of many concurrent writers expecting the same revision, exactly one wins', async () => {
        const stream = streamName();
        await store.appendToStream(stream, [event()]);
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, () => store.appendToStream(stream, [event()], { expectedRevision: 0 })),
        );
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
        for (const result of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
          expect(result.reason).toBeInstanceOf(WrongExpectedRevision);
        }
        expect(await store.readStream(stream)).toHaveLength(2);
      });
    });

    describe('the same append again: a repeat only when it is the very same events', () => {
      /** Names as the application gives them: the same for every request that claims one id. */
      const named = (name: string, type: string, data: unknown): EventToAppend => ({ id: name, type, data, metadata: { tenant: 'contract' } });

      it('the same events at the same expected revision succeed again without writing, and say where they are', async () => {
        const stream = streamName();
        const mine = events(2);
        const first = await store.appendToStream(stream, mine, { expectedRevision: 'no_stream' });
        await store.appendToStream(stream, events(2), { expectedRevision: 1 });
        await expect(store.appendToStream(stream, mine, { expectedRevision: 'no_stream' })).resolves.toEqual(first);
        const later = [event('Later')];
        const atThree = await store.appendToStream(stream, later, { expectedRevision: 3 });
        await expect(store.appendToStream(stream, later, { expectedRevision: 3 })).resolves.toEqual(atThree);
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        // The first of them alone is there too: a repeat of it.
        await expect(store.appendToStream(stream, [mine[0]], { expectedRevision: 'no_stream' })).resolves.toMatchObject({ nextExpectedRevision: 0 });
      });

      it('the same ids with other data, metadata or type at that revision are a conflict, and nothing is written', async () => {
        const stream = streamName();
        const original = named('claim:receipt:R-1/0', 'IdClaimed', { customerId: 'a', fingerprint: 'f1' });
        await store.appendToStream(stream, [original], { expectedRevision: 'no_stream' });
        for (const other of [
          { ...original, data: { customerId: 'b', fingerprint: 'f2' } },
          { ...original, metadata: { tenant: 'contract', principal: 'another-key' } },
          { ...original, type: 'IdReserved' },
        ]) {
          const refused = store.appendToStream(stream, [other], { expectedRevision: 'no_stream' });
          await expect(refused).rejects.toBeInstanceOf(WrongExpectedRevision);
          await expect(refused).rejects.toMatchObject({ streamName: stream, expected: 'no_stream', actual: 0 });
        }
        const [kept] = await store.readStream(stream);
        expect(kept).toMatchObject({ revision: 0, data: { customerId: 'a', fingerprint: 'f1' } });
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('events that are there only in part, in another order, or beyond the end are a conflict', async () => {
        const stream = streamName();
        const [a, b, c] = events(3);
        await store.appendToStream(stream, [a, b], { expectedRevision: 'no_stream' });
        for (const attempt of [[a, b, c], [b, a], [a, c]]) {
          await expect(store.appendToStream(stream, attempt, { expectedRevision: 'no_stream' })).rejects.toMatchObject({ streamName: stream, actual: 1 });
        }
        await expect(store.appendToStream(stream, [b], { expectedRevision: 0 })).resolves.toMatchObject({ nextExpectedRevision: 1 });
        await expect(store.appendToStream(stream, [], { expectedRevision: 0 })).rejects.toMatchObject({ streamName: stream, expected: 0, actual: 1 });
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('a claim raced by different requests: exactly one is recorded with its events, every other one is a conflict on the claim', async () => {
        const claim = streamName('claim');
        const ledgers = Array.from({ length: 10 }, () => streamName('ledger'));
        const results = await Promise.allSettled(
          ledgers.map((ledger, n) =>
            store.appendToStreams([
              { streamName: claim, events: [named('claim:receipt:R-7/0', 'IdClaimed', { ledger, fingerprint: `request-${n}` })], expectedRevision: 'no_stream' },
              { streamName: ledger, events: [named('purchase:R-7/0', 'PurchaseRecorded', { total: 1000 + n })], expectedRevision: 'no_stream' },
            ]),
          ),
        );
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
        for (const result of results) {
          if (result.status === 'rejected') expect(result.reason).toMatchObject({ name: 'WrongExpectedRevision', streamName: claim, actual: 0 });
        }
        const claimed = await store.readStream(claim);
        expect(claimed).toHaveLength(1);
        const winner = (claimed[0].data as { ledger: string }).ledger;
        expect(results[ledgers.indexOf(winner)].status).toBe('fulfilled');
        for (const ledger of ledgers) expect(await store.readStream(ledger)).toHaveLength(ledger === winner ? 1 : 0);
      });

      it('the same request raced: every one succeeds with the same result, and it is written once', async () => {
        const [claim, ledger] = [streamName('claim'), streamName('ledger')];
        const append = () =>
          store.appendToStreams([
            { streamName: claim, events: [named('claim:receipt:R-8/0', 'IdClaimed', { ledger, fingerprint: 'same' })], expectedRevision: 'no_stream' },
            { streamName: ledger, events: [named('purchase:R-8/0', 'PurchaseRecorded', { total: 800 }), named('purchase:R-8/1', 'PointsEarned', { points: 8 })], expectedRevision: 'no_stream' },
          ]);
        const results = await Promise.all(Array.from({ length: 10 }, append));
        for (const result of results) expect(result).toEqual(results[0]);
        expect(results[0].map((r) => r.nextExpectedRevision)).toEqual([0, 1]);
        expect(await store.readStream(claim)).toHaveLength(1);
        expect((await store.readStream(ledger)).map((e) => e.type)).toEqual(['PurchaseRecorded', 'PointsEarned']);
      });

      it(
        'an append to several streams whose events are in some streams and not in others: written atomically, a conflict on the first that has them and nothing written; ' +
          'stream by stream, the missing events are written',
        async () => {
          const [claim, ledger] = [streamName('claim'), streamName('ledger')];
          const claimed = named('claim:receipt:R-9/0', 'IdClaimed', { ledger, fingerprint: 'f' });
          await store.appendToStream(claim, [claimed], { expectedRevision: 'no_stream' });
          const append = store.appendToStreams([
            { streamName: claim, events: [claimed], expectedRevision: 'no_stream' },
            { streamName: ledger, events: [named('purchase:R-9/0', 'PurchaseRecorded', { total: 900 })], expectedRevision: 'no_stream' },
          ]);
          if (store.atomicAcrossStreams) {
            await expect(append).rejects.toMatchObject({ name: 'WrongExpectedRevision', streamName: claim, actual: 0 });
            expect(await store.readStream(ledger)).toHaveLength(0);
          } else {
            await expect(append).resolves.toMatchObject([{ nextExpectedRevision: 0 }, { nextExpectedRevision: 0 }]);
            expect(await store.readStream(ledger)).toHaveLength(1);
          }
          expect(await store.readStream(claim)).toHaveLength(1);
        },
      );
    });

    describe('appending and reading a stream', () => {
      it('gives revisions 0, 1, 2 … without gaps and keeps id, type, data and metadata', async () => {
        const stream = streamName();
        const first = event('First', { amount: 125_000, lines: [{ sku: 'A', quantity: 2 }], note: 'ü ✓' });
        await store.appendToStream(stream, [first]);
        await store.appendToStream(stream, events(2));
        const read = await store.readStream(stream);
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
        const id = recordedEventId(first.id, 'First', JSON.stringify(first.data), JSON.stringify(first.metadata));
        expect(read[0]).toMatchObject({ id, type: 'First', data: first.data, metadata: first.metadata, streamName: stream });
        expect(read[0].recordedAt).toBeInstanceOf(Date);
        expect(Math.abs(read[0].recordedAt.getTime() - Date.now())).toBeLessThan(60_000);
      });

      it('keeps an event given with its JSON text as its data and metadata', async () => {
        const stream = streamName();
        const given = event('Texted', { amount: 125_000, note: 'a "quoted" ü ✓' });
        await store.appendToStream(stream, [{ ...given, storedText: { data: JSON.stringify(given.data), metadata: JSON.stringify(given.metadata) } }]);
        const [read] = await store.readStream(stream);
        const id = recordedEventId(given.id, 'Texted', JSON.stringify(given.data), JSON.stringify(given.metadata));
        expect(read).toMatchObject({ id, type: 'Texted', data: given.data, metadata: given.metadata });
      });

      it('appends several events atomically: a refused append stores none of them', async () => {
        const stream = streamName();
        await store.appendToStream(stream, events(2));
        await expect(store.appendToStream(stream, events(5), { expectedRevision: 0 })).rejects.toBeInstanceOf(WrongExpectedRevision);
        expect(await store.readStream(stream)).toHaveLength(2);
        const appended = await store.appendToStream(stream, events(5), { expectedRevision: 1 });
        expect(appended.nextExpectedRevision).toBe(6);
        const read = await store.readStream(stream);
        expect(read.map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 0, 1, 2, 3, 4]);
      });

      it('appends to several streams at once: each stream gets its events, one result per stream in the order given', async () => {
        const [claim, ledger] = [streamName('claim'), streamName('ledger')];
        await store.appendToStream(ledger, events(2));
        const results = await store.appendToStreams([
          { streamName: claim, events: [event('Claimed')], expectedRevision: 'no_stream' },
          { streamName: ledger, events: events(3), expectedRevision: 1 },
        ]);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, 4]);
        const [claimed] = await store.readStream(claim);
        const recorded = await store.readStream(ledger);
        expect(claimed.type).toBe('Claimed');
        expect(recorded.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expect(results[0].position).toBe(claimed.position);
        expect(results[1].position).toBe(recorded[4].position);
      });

      it(
        'an append to several streams refused on one stream names it: written atomically, none of them is written; stream by stream, those before it are and those after it are not',
        async () => {
          const [first, taken, last] = [streamName(), streamName(), streamName()];
          await store.appendToStream(taken, [event()]);
          const refused = store.appendToStreams([
            { streamName: first, events: [event()], expectedRevision: 'no_stream' },
            { streamName: taken, events: [event()], expectedRevision: 'no_stream' },
            { streamName: last, events: [event()] },
          ]);
          await expect(refused).rejects.toBeInstanceOf(WrongExpectedRevision);
          await expect(refused).rejects.toMatchObject({ streamName: taken, actual: 0 });
          expect(await store.readStream(first)).toHaveLength(store.atomicAcrossStreams ? 0 : 1);
          expect(await store.readStream(taken)).toHaveLength(1);
          expect(await store.readStream(last)).toHaveLength(0);
        },
      );

      it('of concurrent appends to several streams claiming the same new stream, exactly one wins', async () => {
        const claim = streamName('claim');
        const ledgers = Array.from({ length: 10 }, () => streamName('ledger'));
        const results = await Promise.allSettled(
          ledgers.map((ledger) =>
            store.appendToStreams([
              { streamName: claim, events: [event('Claimed', { ledger })], expectedRevision: 'no_stream' },
              { streamName: ledger, events: [event()], expectedRevision: 'no_stream' },
            ]),
          ),
        );
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
        const [claimed] = await store.readStream(claim);
        const winner = (claimed.data as { ledger: string }).ledger;
        expect(results[ledgers.indexOf(winner)].status).toBe('fulfilled');
        for (const ledger of ledgers) expect(await store.readStream(ledger)).toHaveLength(ledger === winner ? 1 : 0);
      });

      it('an append to several streams names each stream once', async () => {
        const stream = streamName();
        await expect(store.appendToStreams([{ streamName: stream, events: [event()] }, { streamName: stream, events: [event()] }])).rejects.toThrow(
          /each stream once/,
        );
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('reads a stream that does not exist as empty', async () => {
        expect(await store.readStream(streamName())).toEqual([]);
      });

      it('reads from a revision, a number of events, and backwards', async () => {
        const stream = streamName();
        await store.appendToStream(stream, events(10));
        expect((await store.readStream(stream, { fromRevision: 7 })).map((e) => e.revision)).toEqual([7, 8, 9]);
        expect((await store.readStream(stream, { fromRevision: 2, maxCount: 3 })).map((e) => e.revision)).toEqual([2, 3, 4]);
        expect((await store.readStream(stream, { direction: 'backwards', maxCount: 3 })).map((e) => e.revision)).toEqual([9, 8, 7]);
        expect((await store.readStream(stream, { direction: 'backwards', fromRevision: 4, maxCount: 2 })).map((e) => e.revision)).toEqual([4, 3]);
        expect(await store.readStream(stream, { fromRevision: 10 })).toEqual([]);
      });

      it('reads many streams at once: each with every event in revision order, a stream that does not exist as empty', async () => {
        const [first, second, missing] = [streamName(), streamName(), streamName()];
        await store.appendToStream(first, events(3));
        await store.appendToStream(second, events(2));
        await store.appendToStream(first, events(2), { expectedRevision: 2 });
        const read = await store.readStreams([second, missing, first]);
        expect([...read.keys()]).toEqual([second, missing, first]);
        expect(read.get(first)!.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expect(read.get(first)).toEqual(await store.readStream(first));
        expect(read.get(second)).toEqual(await store.readStream(second));
        expect(read.get(missing)).toEqual([]);
        expect((await store.readStreams([])).size).toBe(0);
      });
    });

    describe('the global order of all events', () => {
      it('orders events of all streams by position, and positions compare as strings in that order', async () => {
        const [a, b] = [streamName(), streamName()];
        const first = await store.appendToStream(a, [event('A1')]);
        await store.appendToStream(b, [event('B1')]);
        await store.appendToStream(a, [event('A2')]);
        const mine = (await store.readAll({ after: await before(first.position) })).filter((e) => e.streamName === a || e.streamName === b);
        expect(mine.map((e) => e.type)).toEqual(['A1', 'B1', 'A2']);
        for (let i = 1; i < mine.length; i++) expect(mine[i - 1].position < mine[i].position).toBe(true);
      });

      it('reads after a position (exclusive), a number of events, and backwards', async () => {
        const stream = streamName();
        const start = await store.appendToStream(stream, [event('Start')]);
        const appended = await store.appendToStream(stream, events(4));
        const after = (await store.readAll({ after: start.position })).filter((e) => e.streamName === stream);
        expect(after.map((e) => e.revision)).toEqual([1, 2, 3, 4]);
        const two = await store.readAll({ after: start.position, maxCount: 2 });
        expect(two).toHaveLength(2);
        expect(two[0].position > start.position).toBe(true);
        // One append's events are contiguous in the global order.
        const backwards = await store.readAll({ direction: 'backwards', after: appended.position, maxCount: 3 });
        expect(backwards.map((e) => [e.streamName, e.revision])).toEqual([[stream, 3], [stream, 2], [stream, 1]]);
      });

      it('reads only the streams a filter keeps, in order, with full pages until the end of $all', async () => {
        const [kept, other] = [streamName('kept'), streamName('other')];
        const start = await store.appendToStream(other, [event('Start')]);
        for (let n = 0; n < 4; n++) {
          await store.appendToStream(kept, [event('Kept', { n })]);
          await store.appendToStream(other, events(3));
        }
        const keep = (name: string) => name === kept;
        const pages: RecordedEvent[][] = [];
        let after = start.position;
        for (;;) {
          const page = await store.readAll({ after, maxCount: 2, streamFilter: keep });
          pages.push(page);
          if (page.length < 2) break;
          after = page[page.length - 1].position;
        }
        // Three other events lie between two kept ones: a page short because of them would end the loop early.
        expect(pages.map((page) => page.map((e) => e.data))).toEqual([[{ n: 0 }, { n: 1 }], [{ n: 2 }, { n: 3 }], []]);
        expect(pages.flat().every((e) => e.streamName === kept)).toBe(true);
        const backwards = await store.readAll({ direction: 'backwards', maxCount: 3, streamFilter: keep });
        expect(backwards.map((e) => e.revision)).toEqual([3, 2, 1]);
      });

      it('an append reports the position of its last event', async () => {
        const stream = streamName();
        const appended = await store.appendToStream(stream, events(3));
        const read = await store.readStream(stream);
        expect(appended.position).toBe(read[2].position);
      });
    });

    describe('catch-up subscription to all events', () => {
      const collect = (from: string | undefined, prefixes?: string[], batchSize?: number) => {
        const received: RecordedEvent[] = [];
        let live = false;
        const subscription = store.subscribeToAll(
          {
            onEvents: async (batch) => {
              received.push(...batch);
            },
            onLive: () => {
              live = true;
            },
          },
          { after: from, streamPrefixes: prefixes, batchSize },
        );
        return { received, subscription, isLive: () => live };
      };

      it('delivers the stored events after a position, goes live, then delivers new events in order', async () => {
        const stream = streamName('subscribed');
        const start = await store.appendToStream(stream, events(3));
        const before3 = (await store.readStream(stream))[0].position;
        const { received, subscription, isLive } = collect(await before(before3), undefined, 2);
        await waitFor(() => isLive() && received.some((e) => e.streamName === stream && e.revision === 2));
        await store.appendToStream(stream, events(2), { expectedRevision: 2 });
        await waitFor(() => received.some((e) => e.streamName === stream && e.revision === 4));
        await subscription.stop();
        const mine = received.filter((e) => e.streamName === stream);
        expect(mine.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        for (let i = 1; i < received.length; i++) expect(received[i - 1].position < received[i].position).toBe(true);
        expect(start.nextExpectedRevision).toBe(2);
      });

      it('resuming from a handled position delivers exactly the events after it, none twice', async () => {
        const stream = streamName('resumed');
        await store.appendToStream(stream, events(6));
        const stored = await store.readStream(stream);
        const { received, subscription } = collect(stored[2].position, [stream]);
        await waitFor(() => received.length >= 3);
        await store.appendToStream(stream, events(1));
        await waitFor(() => received.length >= 4);
        await subscription.stop();
        expect(received.map((e) => e.revision)).toEqual([3, 4, 5, 6]);
      });

      it('delivers only the streams whose names start with the given prefixes', async () => {
        const wanted = streamName('wantedcat');
        const other = streamName('othercat');
        const start = await store.appendToStream(other, [event()]);
        await store.appendToStream(wanted, [event()]);
        await store.appendToStream(other, [event()]);
        await store.appendToStream(wanted, [event()]);
        const { received, subscription } = collect(await before(start.position), [wanted]);
        await waitFor(() => received.length >= 2);
        await subscription.stop();
        expect(received.map((e) => e.streamName)).toEqual([wanted, wanted]);
      });

      it('stops delivering after stop(), and reports an error thrown by the handler', async () => {
        const stream = streamName('failing');
        const start = await store.appendToStream(stream, [event()]);
        let failure: Error | undefined;
        const subscription = store.subscribeToAll(
          {
            onEvents: async () => {
              throw new Error('handler failed');
            },
            onError: (error) => {
              failure = error;
            },
          },
          { after: await before(start.position), streamPrefixes: [stream] },
        );
        await waitFor(() => failure !== undefined);
        expect(failure?.message).toBe('handler failed');
        await subscription.stop();
      });
    });

    /** The position of the event before the one at `position`, so a read after it starts there. */
    async function before(position: string): Promise<string | undefined> {
      const [previous] = await store.readAll({ direction: 'backwards', after: position, maxCount: 1 });
      return previous?.position;
    }
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
