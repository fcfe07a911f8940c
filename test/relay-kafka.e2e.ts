import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { recordedEventId, SqliteCheckpointStore, SqliteEventStore } from '@setia/event-store';
import type { EventToAppend } from '@setia/event-store';
import { KafkaPublisher, Relay, RelayService } from '@setia/messaging';
import { checkMessage, renderAsyncApi } from '../libs/messaging/src/asyncapi/asyncapi';
import { parse as parseYaml } from 'yaml';
import { loyaltyScenario } from './support/kafka-scenario';
import { buildRelay, kafkaCanRun, partitionsOf, readTopics, spawnRelay, startFreshKafka, startKafka, stopKafka } from './support/kafka';
import type { ConsumedMessage } from './support/kafka';
import { startSetia } from './support/setia-app';

/** This suite's own broker port (the controller takes the next one), apart from a developer's 9092. */
const PORT = 19092;
const BROKERS = `127.0.0.1:${PORT}`;
const canRun = kafkaCanRun();
if (!canRun.ok) {
  console.log(`Kafka suite (test/relay-kafka.e2e.ts) was NOT run: ${canRun.why}; install Java 17 and Maven to run it.`);
}

const asyncApi = parseYaml(renderAsyncApi());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let counter = 0;
function pointsEarned(): EventToAppend {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    type: 'PointsEarned',
    data: { reason: 'purchase', points: counter, receiptId: `R-${counter}`, storeId: 'JKT-01', occurredAt: '2026-03-01T05:00:00.000Z', programRevision: 0 },
    metadata: { tenant: 'x', correlationId: `corr-${counter}` },
  };
}

/** Appends `count` events one by one, round-robin over `customers` streams of a tenant, pausing every 10 when asked. */
async function append(store: SqliteEventStore, tenant: string, count: number, options: { customers?: number; pauseMs?: number } = {}) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = pointsEarned();
    // The id the store records it under, which the relay publishes as ce_id.
    ids.push(recordedEventId(event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)));
    await store.appendToStream(`customer-${tenant}-c${i % (options.customers ?? 40)}`, [event]);
    if (options.pauseMs && i % 10 === 9) await sleep(options.pauseMs);
  }
  return ids;
}

/**
 * At least once, in order: every expected id arrived; copies of one ce_id are identical; and in
 * each key's partition order the revisions never skip ahead (a re-send repeats earlier ones), so
 * keeping the first copy of each ce_id gives every member's ledger in order.
 */
function checkAtLeastOnceInOrder(messages: ConsumedMessage[], expectedIds: string[]) {
  const first = new Map<string, ConsumedMessage>();
  let duplicates = 0;
  for (const message of messages) {
    const id = message.headers.ce_id;
    const seen = first.get(id);
    if (seen) {
      duplicates += 1;
      expect({ key: message.key, value: message.value, headers: message.headers }).toEqual({ key: seen.key, value: seen.value, headers: seen.headers });
    } else first.set(id, message);
  }
  expect([...first.keys()].sort()).toEqual([...expectedIds].sort());
  const byKey = new Map<string, ConsumedMessage[]>();
  for (const message of [...messages].sort((a, b) => a.partition - b.partition || a.offset - b.offset)) {
    byKey.set(message.key, [...(byKey.get(message.key) ?? []), message]);
  }
  for (const [key, list] of byKey) {
    expect(new Set(list.map((m) => m.partition)).size).toBe(1);
    let highest = -1;
    const firstRevisions: number[] = [];
    const seenIds = new Set<string>();
    for (const message of list) {
      const revision = Number(message.headers.ce_revision);
      if (revision > highest + 1) throw new Error(`${key}: revision ${revision} after ${highest}: a gap`);
      highest = Math.max(highest, revision);
      if (!seenIds.has(message.headers.ce_id)) {
        seenIds.add(message.headers.ce_id);
        firstRevisions.push(revision);
      }
    }
    expect(firstRevisions).toEqual(firstRevisions.map((_, i) => i));
  }
  return { duplicates, keys: byKey.size };
}

if (!canRun.ok) it.todo('relay against a real Kafka broker (needs Java and Maven)');

if (canRun.ok) describe('relay against a real Kafka broker (single KRaft node from scripts/kafka.sh)', () => {
  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    await startFreshKafka(PORT);
    buildRelay();
  }, 300_000);
  afterAll(async () => {
    await stopKafka(PORT);
  }, 60_000);

  it('publishes a scenario of several customers: a consumer reads every event exactly once by ce_id, each member\'s in ledger order, each valid against the AsyncAPI document', async () => {
    // The all-in-one app runs the relay: with KAFKA_BROKERS set, to Kafka.
    const setia = await startSetia({ KAFKA_BROKERS: BROKERS, KAFKA_TOPIC_PARTITIONS: '4' });
    try {
      const events = await loyaltyScenario(setia, 'kafka_chain');
      const [head] = await setia.store.readAll({ direction: 'backwards', maxCount: 1 });
      await setia.app.get(RelayService).relay.waitForCheckpoint(head.position, 30_000);

      expect(await partitionsOf(BROKERS, 'setia.kafka_chain.customer')).toBe(4);
      expect(await partitionsOf(BROKERS, 'setia.kafka_chain.program')).toBe(1);
      const messages = await readTopics(BROKERS, ['setia.kafka_chain.customer', 'setia.kafka_chain.program']);
      const ids = messages.map((m) => m.headers.ce_id);
      expect(ids.length).toBe(new Set(ids).size);
      expect([...ids].sort()).toEqual(events.map((e) => e.id).sort());
      const { duplicates, keys } = checkAtLeastOnceInOrder(messages, events.map((e) => e.id));
      expect({ duplicates, keys }).toEqual({ duplicates: 0, keys: 6 });
      for (const message of messages) {
        expect({ id: message.headers.ce_id, problems: checkMessage(asyncApi, message) }).toEqual({ id: message.headers.ce_id, problems: [] });
      }
      // The stream is the key, and the key's events are in the store's order within their partition.
      const alice = messages.filter((m) => m.key === 'customer-kafka_chain-alice').map((m) => m.headers.ce_id);
      expect(alice).toEqual(events.filter((e) => e.streamName === 'customer-kafka_chain-alice').map((e) => e.id));
    } finally {
      await setia.close();
    }
  }, 120_000);

  it('sends a batch larger than the broker takes in one request for one partition in pieces, in order', async () => {
    const publisher = new KafkaPublisher({ brokers: [BROKERS], clientId: 'setia-relay-big', topicPartitions: 1 });
    await publisher.connect();
    const filler = 'x'.repeat(1000);
    const messages = Array.from({ length: 3000 }, (_, i) => ({
      topic: 'setia.big.customer', key: 'customer-big-one', value: JSON.stringify({ i, filler }),
      headers: { ce_id: `id-${i}` }, timestamp: Date.now(), position: String(i),
    }));
    await publisher.publish(messages);
    await publisher.close();
    const read = await readTopics(BROKERS, ['setia.big.customer']);
    expect(read.map((m) => m.headers.ce_id)).toEqual(messages.map((m) => m.headers.ce_id));
  }, 60_000);

  it('(a) a relay process killed with SIGKILL mid-stream and restarted: every event at least once, duplicates only re-sends of the same ce_id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'setia-relay-kill-'));
    const file = join(dir, 'events.sqlite');
    const store = new SqliteEventStore(file, { synchronous: 'NORMAL' });
    const checkpoints = new SqliteCheckpointStore(file);
    const env = { SETIA_DATA_DIR: dir, SETIA_SQLITE_SYNCHRONOUS: 'NORMAL', KAFKA_BROKERS: BROKERS, KAFKA_TOPIC_PARTITIONS: '3', RELAY_BATCH_SIZE: '50' };
    try {
      const ids = await append(store, 'crash', 3000);
      const first = spawnRelay(env);
      // More events arrive while the relay runs; kill it once it has checkpointed some but not all.
      const writing = append(store, 'crash', 2000, { pauseMs: 5 });
      let atKill: string | undefined;
      const deadline = Date.now() + 30_000;
      for (;;) {
        atKill = await checkpoints.load('relay');
        if (atKill && atKill >= '00000000000000001000') break;
        if (Date.now() > deadline) throw new Error(`the relay did not get going:\n${first.output()}`);
        await sleep(5);
      }
      first.child.kill('SIGKILL');
      expect(await first.exited).toBe('SIGKILL');
      const [headAtKill] = await store.readAll({ direction: 'backwards', maxCount: 1 });
      expect(atKill < headAtKill.position).toBe(true);

      ids.push(...(await writing));
      const second = spawnRelay(env);
      const [head] = await store.readAll({ direction: 'backwards', maxCount: 1 });
      const until = Date.now() + 60_000;
      while (((await checkpoints.load('relay')) ?? '') < head.position) {
        if (Date.now() > until) throw new Error(`the restarted relay did not catch up:\n${second.output()}`);
        await sleep(50);
      }
      second.child.kill('SIGTERM');
      await second.exited;

      const messages = await readTopics(BROKERS, ['setia.crash.customer']);
      const { duplicates, keys } = checkAtLeastOnceInOrder(messages, ids);
      expect(keys).toBe(40);
      console.log(`SIGKILL at checkpoint ${Number(atKill)} of ${Number(headAtKill.position)}: ${messages.length} messages for ${ids.length} events, ${duplicates} re-sent`);
    } finally {
      await store.close();
      checkpoints.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('(b) the broker stopped for 10 s and restarted: the relay says disconnected, retries, resumes and loses nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'setia-relay-outage-'));
    const file = join(dir, 'events.sqlite');
    const store = new SqliteEventStore(file, { synchronous: 'NORMAL' });
    const checkpoints = new SqliteCheckpointStore(file);
    const publisher = new KafkaPublisher({ brokers: [BROKERS], clientId: 'setia-relay-outage', topicPartitions: 3 });
    const relay = new Relay(store, checkpoints, publisher, { batchSize: 100, retryInitialMs: 200, retryMaxMs: 1000, checkIntervalMs: 500 });
    const ids: string[] = [];
    let writing = true;
    const writer = (async () => {
      while (writing) {
        ids.push(...(await append(store, 'outage', 10, { customers: 20 })));
        await sleep(20);
      }
    })();
    const samples: Array<{ at: number; connected: boolean; state: string }> = [];
    const sampler = setInterval(() => {
      const status = relay.status();
      samples.push({ at: Date.now(), connected: status.connected, state: status.state });
    }, 100);
    try {
      await relay.start();
      while (relay.status().published < 200) await sleep(20);
      const stopped = Date.now();
      await stopKafka(PORT);
      await sleep(10_000);
      const down = samples.filter((s) => s.at > stopped);
      await startKafka(PORT);
      const restarted = Date.now();
      await sleep(2000);
      writing = false;
      await writer;
      const [head] = await store.readAll({ direction: 'backwards', maxCount: 1 });
      await relay.waitForCheckpoint(head.position, 60_000);
      const health = await relay.health();
      clearInterval(sampler);

      expect(down.some((s) => !s.connected && s.state === 'disconnected')).toBe(true);
      expect(health).toMatchObject({ connected: true, lag: { events: 0, seconds: 0 } });
      expect(health.disconnections).toBeGreaterThanOrEqual(1);
      expect(health.lastError).toBeDefined();
      const messages = await readTopics(BROKERS, ['setia.outage.customer']);
      const { duplicates } = checkAtLeastOnceInOrder(messages, ids);
      const disconnectedFor = down.filter((s) => !s.connected).length / 10;
      console.log(
        `broker outage: ${ids.length} events, ${messages.length} messages (${duplicates} re-sent); health said disconnected for ~${disconnectedFor.toFixed(1)} s ` +
          `of the 10 s; caught up ${((Date.now() - restarted) / 1000).toFixed(1)} s after the broker's restart`,
      );
    } finally {
      clearInterval(sampler);
      writing = false;
      await writer;
      await relay.stop();
      await store.close();
      checkpoints.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
