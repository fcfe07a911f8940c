import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@setia/event-store';
import { purchaseEvent } from './workload-events';

const STREAMS = 10_000;
const SINGLE_EVENTS = 100_000;
const WRITERS = 200;
const BATCHED_EVENTS = 200_000;
const BATCH = 100;


const rate = (events: number, ms: number) => Math.round((events / ms) * 1000).toLocaleString('en');

async function singleAppends(store: SqliteEventStore): Promise<number> {
  const revisions = new Array<number>(STREAMS).fill(-1);
  let next = 0;
  const started = performance.now();
  // Each writer appends one event at a time to a stream with the revision it knows, like a command handler.
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (;;) {
        const n = next++;
        if (n >= SINGLE_EVENTS) return;
        const stream = (n * WRITERS + writer) % STREAMS;
        const expected = revisions[stream];
        revisions[stream] = expected + 1;
        await store.appendToStream(`customer-bench-${stream}`, [purchaseEvent()], { expectedRevision: expected < 0 ? 'no_stream' : expected });
      }
    }),
  );
  return performance.now() - started;
}

async function batchedAppends(store: SqliteEventStore): Promise<number> {
  const started = performance.now();
  for (let n = 0; n < BATCHED_EVENTS / BATCH; n++) {
    await store.appendToStream(`customer-batch-${n % STREAMS}`, Array.from({ length: BATCH }, purchaseEvent));
  }
  return performance.now() - started;
}

/** Appends per second through the event store port into a fresh SQLite file, and reading them back. */
export async function benchEventStore(): Promise<void> {
  for (const synchronous of ['FULL', 'NORMAL'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'setia-bench-es-'));
    const store = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous });
    try {
      const single = await singleAppends(store);
      console.log(
        `event store (sqlite, synchronous=${synchronous}): single-event appends ${rate(SINGLE_EVENTS, single)} events/s ` +
          `(${SINGLE_EVENTS.toLocaleString('en')} events, ${WRITERS} concurrent writers, ${STREAMS.toLocaleString('en')} streams)`,
      );
      const batched = await batchedAppends(store);
      console.log(
        `event store (sqlite, synchronous=${synchronous}): batched appends ${rate(BATCHED_EVENTS, batched)} events/s ` +
          `(${BATCHED_EVENTS.toLocaleString('en')} events in appends of ${BATCH})`,
      );
      const readStarted = performance.now();
      let read = 0;
      let after: string | undefined;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 5000 });
        if (page.length === 0) break;
        read += page.length;
        after = page[page.length - 1].position;
      }
      console.log(`event store (sqlite): readAll ${rate(read, performance.now() - readStarted)} events/s (${read.toLocaleString('en')} events, parsed)`);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
