import { existsSync, mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { eventStoreContract } from '../event-store.contract';
import { WrongExpectedRevision } from '../errors';
import type { EventToAppend, RecordedEvent } from '../event-store.port';
import { SqliteCheckpointStore } from './sqlite-checkpoint-store';
import { SqliteEventStore } from './sqlite-event-store';
import type { SqliteEventStoreOptions } from './sqlite-event-store';

const dir = mkdtempSync(join(tmpdir(), 'setia-sqlite-es-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** The suites about writing run with both writers: inline on the store's connection, and on its thread. */
const top = dir;
const WRITERS: Array<[string, SqliteEventStoreOptions]> = [
  ['inline', {}],
  ['on its thread', { writerThread: true }],
];

eventStoreContract('sqlite', async () => new SqliteEventStore(join(dir, 'contract.sqlite')));
eventStoreContract('sqlite, writing on its thread', async () => new SqliteEventStore(join(dir, 'contract-thread.sqlite'), { writerThread: true }));

it('the SQLite store writes an append to several streams in one transaction', () => {
  expect(new SqliteEventStore(join(dir, 'atomic.sqlite')).atomicAcrossStreams).toBe(true);
});

const event = (n: number): EventToAppend => ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type: 'Counted', data: { n }, metadata: { tenant: 't' } });

describe.each(WRITERS)('SQLite event store: one file shared by several processes (writing %s)', (_writing, writer) => {
  const dir = mkdtempSync(join(top, 'writer-'));
  const file = join(dir, 'shared.sqlite');
  const a = new SqliteEventStore(file, { pollIntervalMs: 20, ...writer });
  const b = new SqliteEventStore(file, { pollIntervalMs: 20, ...writer });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('two writers on the same file expecting the same revision: exactly one wins', async () => {
    await a.appendToStream('customer-t-shared', [event(0)]);
    const results = await Promise.allSettled([
      a.appendToStream('customer-t-shared', [event(1)], { expectedRevision: 0 }),
      b.appendToStream('customer-t-shared', [event(2)], { expectedRevision: 0 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason).toBeInstanceOf(WrongExpectedRevision);
    expect(await b.readStream('customer-t-shared')).toHaveLength(2);
  });

  it('a subscription on one connection sees events appended through another', async () => {
    const received: RecordedEvent[] = [];
    const subscription = b.subscribeToAll({ onEvents: async (events) => void received.push(...events) }, { streamPrefixes: ['customer-t-other'] });
    await a.appendToStream('customer-t-other', [event(3), event(4)]);
    const deadline = Date.now() + 5000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await subscription.stop();
    expect(received.map((e) => e.data)).toEqual([{ n: 3 }, { n: 4 }]);
  });

  it("reading a stream's new events sees at once what another connection appended, after reads that found none", async () => {
    await a.appendToStream('program-t-seen', [event(0)]);
    // a remembers where the stream ends, from its own append and from reads that found nothing new.
    expect(await a.readStream('program-t-seen', { fromRevision: 1 })).toEqual([]);
    expect(await a.readStream('program-t-seen', { fromRevision: 1 })).toEqual([]);
    await b.appendToStream('program-t-seen', [event(1)], { expectedRevision: 0 });
    expect((await a.readStream('program-t-seen', { fromRevision: 1 })).map((e) => e.data)).toEqual([{ n: 1 }]);
    await a.appendToStream('program-t-seen', [event(2)], { expectedRevision: 1 });
    expect((await a.readStream('program-t-seen', { fromRevision: 2 })).map((e) => e.data)).toEqual([{ n: 2 }]);
    expect((await b.readStream('program-t-seen', { fromRevision: 2 })).map((e) => e.data)).toEqual([{ n: 2 }]);
    // A read cut short by maxCount says nothing of the stream's end.
    expect(await a.readStream('program-t-seen', { maxCount: 1 })).toHaveLength(1);
    expect(await a.readStream('program-t-seen', { fromRevision: 1 })).toHaveLength(2);
  });

  it('an append expecting the revision a read left this connection at is refused when another connection wrote since', async () => {
    await a.appendToStream('customer-t-moved', [event(0)]);
    expect((await a.readStream('customer-t-moved')).map((e) => e.data)).toEqual([{ n: 0 }]);
    await b.appendToStream('customer-t-moved', [event(1)], { expectedRevision: 0 });
    const refused = a.appendToStream('customer-t-moved', [event(2)], { expectedRevision: 0 });
    await expect(refused).rejects.toMatchObject({ streamName: 'customer-t-moved', actual: 1 });
    await expect(a.appendToStream('customer-t-moved', [event(2)], { expectedRevision: 1 })).resolves.toMatchObject({ nextExpectedRevision: 2 });
    expect((await b.readStream('customer-t-moved')).map((e) => e.data)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
  });

  it('a stream claimed by another connection is refused to this one, with its revision', async () => {
    await b.appendToStream('claim-t-receipt-R1', [event(0)], { expectedRevision: 'no_stream' });
    await expect(a.appendToStream('claim-t-receipt-R1', [event(1)], { expectedRevision: 'no_stream' })).rejects.toMatchObject({ actual: 0 });
    expect((await a.readStream('claim-t-receipt-R1')).map((e) => e.data)).toEqual([{ n: 0 }]);
  });

  it("an empty append checks the revision and gives the store's last position, whoever wrote it", async () => {
    const written = await a.appendToStream('customer-t-check', [event(5)]);
    expect(await b.appendToStream('customer-t-check', [], { expectedRevision: 0 })).toEqual({ nextExpectedRevision: 0, position: written.position });
    const [check, appended] = await b.appendToStreams([
      { streamName: 'customer-t-check', events: [], expectedRevision: 0 },
      { streamName: 'customer-t-checked', events: [event(6)] },
    ]);
    expect(check).toEqual({ nextExpectedRevision: 0, position: appended.position });
    await expect(b.appendToStream('customer-t-check', [], { expectedRevision: 1 })).rejects.toBeInstanceOf(WrongExpectedRevision);
  });

  it('200 concurrent single-event appends to distinct streams all land, committed together', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => a.appendToStream(`customer-t-many${i}`, [event(i)], { expectedRevision: 'no_stream' })));
    expect(new Set(results.map((r) => r.position)).size).toBe(200);
    for (let i = 0; i < 200; i += 37) expect(await b.readStream(`customer-t-many${i}`)).toHaveLength(1);
  });

  it('events survive closing and reopening the file', async () => {
    const reopenedFile = join(dir, 'reopened.sqlite');
    const first = new SqliteEventStore(reopenedFile, writer);
    await first.appendToStream('customer-t-kept', [event(1), event(2)]);
    await first.close();
    const second = new SqliteEventStore(reopenedFile, writer);
    expect((await second.readStream('customer-t-kept')).map((e) => e.revision)).toEqual([0, 1]);
    await expect(second.appendToStream('customer-t-kept', [event(3)], { expectedRevision: 1 })).resolves.toMatchObject({ nextExpectedRevision: 2 });
    await second.close();
  });
});

describe.each(WRITERS)('SQLite event store: group commit (writing %s)', (_writing, writer) => {
  const dir = mkdtempSync(join(top, 'writer-'));
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it('a read from beyond the end of a stream leaves appends to it checked against its real end', async () => {
    const store = new SqliteEventStore(join(dir, 'beyond-end.sqlite'), writer);
    await store.appendToStream('customer-t-short', [event(0), event(1)]);
    const reader = new SqliteEventStore(join(dir, 'beyond-end.sqlite'), writer);
    expect(await reader.readStream('customer-t-short', { fromRevision: 10 })).toEqual([]);
    await expect(reader.appendToStream('customer-t-short', [event(2)], { expectedRevision: 9 })).rejects.toMatchObject({ actual: 1 });
    await expect(reader.appendToStream('customer-t-short', [event(2)], { expectedRevision: 1 })).resolves.toMatchObject({ nextExpectedRevision: 2 });
    expect((await reader.readStream('customer-t-short')).map((e) => e.data)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    await reader.close();
    await store.close();
  });

  it('ids claimed in one batch: the first claim of each wins, and an append whose second claim is taken writes none of its streams', async () => {
    const store = new SqliteEventStore(join(dir, 'claims-in-a-batch.sqlite'), writer);
    await store.appendToStream('claim-t-receipt-old', [event(0)], { expectedRevision: 'no_stream' });
    const results = await Promise.allSettled([
      store.appendToStream('claim-t-receipt-new', [event(1)], { expectedRevision: 'no_stream' }),
      store.appendToStream('claim-t-receipt-new', [event(2)], { expectedRevision: 'no_stream' }),
      store.appendToStreams([
        { streamName: 'claim-t-receipt-fresh', events: [event(3), event(4)], expectedRevision: 'no_stream' },
        { streamName: 'claim-t-receipt-old', events: [event(5)], expectedRevision: 'no_stream' },
        { streamName: 'customer-t-buyer', events: [event(6)] },
      ]),
      store.appendToStreams([
        { streamName: 'claim-t-receipt-other', events: [event(7), event(8)], expectedRevision: 'no_stream' },
        { streamName: 'customer-t-buyer', events: [event(9)] },
      ]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ streamName: 'claim-t-receipt-new', actual: 0 });
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ streamName: 'claim-t-receipt-old', actual: 0 });
    expect(await store.readStream('claim-t-receipt-fresh')).toEqual([]);
    expect((await store.readStream('claim-t-receipt-other')).map((e) => [e.revision, e.data])).toEqual([[0, { n: 7 }], [1, { n: 8 }]]);
    expect((await store.readStream('customer-t-buyer')).map((e) => e.data)).toEqual([{ n: 9 }]);
    const positions = (await store.readAll()).map((e) => Number(e.position));
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect((await store.readAll()).map((e) => e.data)).toEqual([{ n: 0 }, { n: 1 }, { n: 7 }, { n: 8 }, { n: 9 }]);
    await store.close();
  });

  it('a repeat in a batch writes nothing and leaves the end of its stream where it is, for reads and for the appends after it', async () => {
    const store = new SqliteEventStore(join(dir, 'repeat-in-a-batch.sqlite'), writer);
    await store.appendToStream('customer-t-repeat', [event(0), event(1)], { expectedRevision: 'no_stream' });
    await store.appendToStream('customer-t-repeat', [event(2), event(3)], { expectedRevision: 1 });
    // This connection knows where the stream ends: a read of all of it, then its own appends.
    expect(await store.readStream('customer-t-repeat')).toHaveLength(4);
    const next = await store.appendToStream('customer-t-repeat', [event(4)], { expectedRevision: 3 });
    // One batch: a repeat of the first two events, and an empty check.
    const [repeat, check] = await Promise.all([
      store.appendToStream('customer-t-repeat', [event(0), event(1)], { expectedRevision: 'no_stream' }),
      store.appendToStream('customer-t-empty-check', [], { expectedRevision: 'no_stream' }),
    ]);
    const stored = await store.readAll({ streamFilter: (stream) => stream === 'customer-t-repeat' });
    expect(stored).toHaveLength(5);
    expect(repeat).toEqual({ nextExpectedRevision: 1, position: stored[1].position });
    expect(next).toEqual({ nextExpectedRevision: 4, position: stored[4].position });
    // The empty check's position is the store's last when it committed, not the repeat's.
    expect(check.position).toBe(stored[4].position);
    expect((await store.readStream('customer-t-repeat', { fromRevision: 2 })).map((e) => e.data)).toEqual([{ n: 2 }, { n: 3 }, { n: 4 }]);
    await expect(store.appendToStream('customer-t-repeat', [event(5)], { expectedRevision: 4 })).resolves.toMatchObject({ nextExpectedRevision: 5 });
    await store.close();
  });

  it('appends made while a batch waits or commits are checked in order, each after those before it', async () => {
    const store = new SqliteEventStore(join(dir, 'writer-order.sqlite'), writer);
    const first = store.appendToStream('customer-t-order', [event(0)], { expectedRevision: 'no_stream' });
    // Made a turn later: each expects the revision before it.
    await new Promise((resolve) => setImmediate(resolve));
    const later = [1, 2, 3].map((n) => store.appendToStream('customer-t-order', [event(n)], { expectedRevision: n - 1 }));
    await expect(first).resolves.toMatchObject({ nextExpectedRevision: 0 });
    await expect(Promise.all(later)).resolves.toEqual([1, 2, 3].map((n) => expect.objectContaining({ nextExpectedRevision: n })));
    expect((await store.readStream('customer-t-order')).map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 2, 3]);
    await store.close();
  });

  it('close waits for the appends already made, and refuses later ones', async () => {
    const file = join(dir, 'writer-close.sqlite');
    const store = new SqliteEventStore(file, writer);
    const pending = Array.from({ length: 50 }, (_, n) => store.appendToStream(`customer-t-close${n}`, [event(n)]));
    await store.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(50);
    await expect(store.appendToStream('customer-t-late', [event(99)])).rejects.toThrow(/closed/);
    const reopened = new SqliteEventStore(file, writer);
    expect(await reopened.readAll()).toHaveLength(50);
    await reopened.close();
  });
});

// Inline, a batch waits for quiet before its commit: on a thread it is sent at once (below).
describe('SQLite event store: group commit, inline', () => {
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it('a commit waits while each turn of the event loop brings more appends, and takes them all', async () => {
    const file = join(dir, 'group-commit.sqlite');
    const store = new SqliteEventStore(file);
    const other = new SqliteEventStore(file);
    const first = store.appendToStream('customer-t-wave0', [event(0)]);
    await nextTurn();
    const second = store.appendToStream('customer-t-wave1', [event(1)]);
    await nextTurn();
    const third = store.appendToStream('customer-t-wave2', [event(2)]);
    await first;
    // Another connection sees all three as soon as the first is acknowledged: one transaction.
    expect((await other.readAll()).map((e) => e.streamName)).toEqual(['customer-t-wave0', 'customer-t-wave1', 'customer-t-wave2']);
    await Promise.all([second, third]);
    await other.close();
    await store.close();
  });

  it('appends that never stop coming are committed once the batch is full', async () => {
    const store = new SqliteEventStore(join(dir, 'group-commit-full.sqlite'));
    let acknowledged = false;
    const first = store.appendToStream('customer-t-full', [event(0)]).then(() => (acknowledged = true));
    const later: Array<Promise<unknown>> = [];
    while (!acknowledged && later.length < 1000) {
      await nextTurn();
      later.push(store.appendToStream(`customer-t-full${later.length}`, [event(later.length)]));
    }
    expect(acknowledged).toBe(true);
    expect(later.length).toBeLessThanOrEqual(256);
    await Promise.all([first, ...later]);
    await store.close();
  });
});

describe('SQLite event store: writing on its thread', () => {
  it('a commit is sent at once, and the appends made while it is under way go together in the next', async () => {
    const file = join(dir, 'thread-batches.sqlite');
    const store = new SqliteEventStore(file, { writerThread: true });
    const commits = () => {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare('SELECT seq FROM commits').get() as { seq: number }).seq;
      } finally {
        db.close();
      }
    };
    await store.appendToStream('customer-t-started', [event(0)]);
    const before = commits();
    const first = store.appendToStream('customer-t-next0', [event(1)]);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((n) => store.appendToStream(`customer-t-next${n}`, [event(n)]));
    await Promise.all([first, ...later]);
    expect(commits() - before).toBe(2);
    expect((await store.readAll()).map((e) => e.streamName)).toEqual(['customer-t-started', 'customer-t-next0', 'customer-t-next2', 'customer-t-next3', 'customer-t-next4']);
    await store.close();
  });

  it("reads see another process's commit made while this store's own commit was under way on its thread", async () => {
    const file = join(dir, 'thread-reads.sqlite');
    const store = new SqliteEventStore(file, { writerThread: true });
    const other = new SqliteEventStore(file);
    await store.appendToStream('program-t-watched', [event(0)]);
    // The store knows where the stream ends, from its read and its own append.
    expect(await store.readStream('program-t-watched', { fromRevision: 1 })).toEqual([]);
    for (let n = 1; n <= 20; n++) {
      const own = store.appendToStream(`customer-t-own${n}`, [event(100 + n)]);
      await other.appendToStream('program-t-watched', [event(n)], { expectedRevision: n - 1 });
      // Whichever of the two committed first, the read sees the other process's event.
      expect((await store.readStream('program-t-watched', { fromRevision: n })).map((e) => e.data)).toEqual([{ n }]);
      await own;
      expect(await store.readStream('program-t-watched', { fromRevision: n + 1 })).toEqual([]);
    }
    await expect(store.appendToStream('program-t-watched', [event(21)], { expectedRevision: 20 })).resolves.toMatchObject({ nextExpectedRevision: 21 });
    await other.close();
    await store.close();
  });
});

describe('SQLite event store: checkpoints on a thread of its own', () => {
  it('commits reach the database file while the store is open, long before the WAL is big enough for the writer to checkpoint', async () => {
    const file = join(dir, 'checkpointed.sqlite');
    const store = new SqliteEventStore(file);
    await store.appendToStream('customer-t-first', [event(0)]);
    const sizeBefore = statSync(file).size;
    // ~100 pages of WAL, far below the writer's autocheckpoint (4,000 pages).
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.appendToStream(`customer-t-ckpt${batch}-${i}`, [event(i)])));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const deadline = Date.now() + 5000;
    while (statSync(file).size === sizeBefore && Date.now() < deadline) {
      await store.appendToStream('customer-t-nudge', [event(1)]);
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
    expect(statSync(file).size).toBeGreaterThan(sizeBefore);
    await store.close();
    // Closed: everything is in the database file and the WAL is gone.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = new SqliteEventStore(file);
    expect(await reopened.readAll()).toHaveLength(1 + 500 + (await reopened.readStream('customer-t-nudge')).length);
    await reopened.close();
  });
});

describe('SQLite event store: without its checkpointer thread', () => {
  it('a thread that cannot open the file is reported once; appends and close go on without it', async () => {
    const warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const file = join(dir, 'unlinked.sqlite');
      const store = new SqliteEventStore(file);
      // The store keeps the file open; the thread, opening it by name, finds none.
      unlinkSync(file);
      await store.appendToStream('customer-t-alone', [event(0)]);
      const deadline = Date.now() + 5000;
      const checkpointWarnings = () => warnings.mock.calls.map(([message]) => String(message)).filter((message) => message.includes('unlinked.sqlite'));
      while (checkpointWarnings().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      for (let n = 1; n < 5; n++) {
        await store.appendToStream('customer-t-alone', [event(n)], { expectedRevision: n - 1 });
        await new Promise((resolve) => setTimeout(resolve, 110));
      }
      expect((await store.readStream('customer-t-alone')).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
      await store.close();
      expect(checkpointWarnings()).toEqual([expect.stringMatching(/checkpointer of .*unlinked\.sqlite stopped: .*the writer checkpoints alone/)]);
    } finally {
      warnings.mockRestore();
    }
  });
});

describe('SQLite checkpoint store', () => {
  it('keeps the last saved position per subscriber', async () => {
    const checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.sqlite'));
    expect(await checkpoints.load('relay')).toBeUndefined();
    await checkpoints.save('relay', '00000000000000000042');
    await checkpoints.save('relay', '00000000000000000043');
    await checkpoints.save('projector', '00000000000000000007');
    expect(await checkpoints.load('relay')).toBe('00000000000000000043');
    expect(await checkpoints.load('projector')).toBe('00000000000000000007');
    checkpoints.close();
  });
});

describe('SQLite event store: stored text for a verifier', () => {
  it('readAll withStoredText gives each event the JSON text of its data and metadata as written, and plain reads do not', async () => {
    const store = new SqliteEventStore(join(dir, 'text.sqlite'));
    const written: EventToAppend = { ...event(7), data: { b: 1, a: [1.5, 'x'], n: null }, metadata: { tenant: 't', hash: 'h' } };
    await store.appendToStream('customer-t-text', [written]);
    const [withText] = await store.readAll({ withStoredText: true });
    expect(withText.storedText).toEqual({ data: '{"b":1,"a":[1.5,"x"],"n":null}', metadata: '{"tenant":"t","hash":"h"}' });
    expect(withText.data).toEqual(written.data);
    const [plain] = await store.readAll();
    expect(plain.storedText).toBeUndefined();
    await store.close();
  });
});

describe('SQLite event store: reading stream by stream', () => {
  it('gives the streams kept one after another by name, each in revision order, page after page from where the last ended', async () => {
    const store = new SqliteEventStore(join(dir, 'by-stream.sqlite'));
    // Appended interleaved: the store's order is not the streams' order.
    for (let i = 0; i < 3; i++) {
      for (const stream of ['customer-t-c', 'customer-t-a', 'other-t-b']) await store.appendToStream(stream, [event(i)]);
    }
    const keep = (stream: string) => stream.startsWith('customer-');
    const read: string[] = [];
    let after: { stream: string; revision: number } | undefined;
    for (;;) {
      const page = await store.readInStreamOrder({ ...(after && { after }), maxCount: 4, streamFilter: keep, withStoredText: true });
      read.push(...page.map((e) => `${e.streamName}/${e.revision}/${(e.data as { n: number }).n}`));
      expect(page.every((e) => e.storedText !== undefined)).toBe(true);
      if (page.length < 4) break;
      after = { stream: page[3].streamName, revision: page[3].revision };
    }
    expect(read).toEqual(['customer-t-a/0/0', 'customer-t-a/1/1', 'customer-t-a/2/2', 'customer-t-c/0/0', 'customer-t-c/1/1', 'customer-t-c/2/2']);
    expect((await store.readInStreamOrder()).map((e) => e.streamName)).toEqual([...Array(3).fill('customer-t-a'), ...Array(3).fill('customer-t-c'), ...Array(3).fill('other-t-b')]);
    await store.close();
  });
});
