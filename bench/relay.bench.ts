import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Logger } from '@nestjs/common';
import { SqliteCheckpointStore, SqliteEventStore } from '@setia/event-store';
import { KafkaPublisher, LocalSinkPublisher, Relay } from '@setia/messaging';
import type { EventPublisher } from '@setia/messaging';
import { purchaseEvent } from './workload-events';

const EVENTS = 100_000;
const CUSTOMERS = 10_000;
const PARTITIONS = 6;
/** The benchmark's own broker port when it starts one (the controller takes the next). */
const BENCH_KAFKA_PORT = 19192;


/** 100,000 events over 10,000 customers' streams, appended concurrently (group commit). */
async function fill(store: SqliteEventStore): Promise<void> {
  const PER_APPEND = 10;
  for (let done = 0; done < EVENTS; ) {
    const appends: Promise<unknown>[] = [];
    for (let i = 0; i < 100 && done < EVENTS; i++, done += PER_APPEND) {
      const customer = (done / PER_APPEND) % CUSTOMERS;
      appends.push(store.appendToStream(`customer-bench-c${customer}`, Array.from({ length: PER_APPEND }, purchaseEvent)));
    }
    await Promise.all(appends);
  }
}

async function measure(label: string, publisher: EventPublisher, batchSize: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'setia-bench-relay-'));
  const file = join(dir, 'events.sqlite');
  const store = new SqliteEventStore(file, { synchronous: 'NORMAL' });
  const checkpoints = new SqliteCheckpointStore(file);
  try {
    await fill(store);
    const [head] = await store.readAll({ direction: 'backwards', maxCount: 1 });
    const relay = new Relay(store, checkpoints, publisher, { batchSize, subscriberName: `relay-bench-${batchSize}` });
    const started = performance.now();
    await relay.start();
    await relay.waitForCheckpoint(head.position, 300_000);
    const ms = performance.now() - started;
    await relay.stop();
    const rate = Math.round((EVENTS / ms) * 1000);
    console.log(
      `relay → ${label}: ${EVENTS.toLocaleString('en')} events in ${(ms / 1000).toFixed(2)} s = ${rate.toLocaleString('en')} events/s ` +
        `(batches of ${batchSize}, ${CUSTOMERS.toLocaleString('en')} customers, checkpoint after each acknowledged batch)`,
    );
    return rate;
  } finally {
    await store.close();
    checkpoints.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** scripts/kafka.sh of this checkout, whether run from bench/ (ts) or dist/bench/ (built). */
function kafkaScript(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'scripts/kafka.sh'))) return join(dir, 'scripts/kafka.sh');
  }
  return join(process.cwd(), 'scripts/kafka.sh');
}

/**
 * Relay throughput for 100,000 events from a fresh SQLite store: to the local sink, and to Kafka
 * (KAFKA_BROKERS when set, else a broker started by scripts/kafka.sh on port 19192 when Java is
 * here, stopped afterwards). Prints events/s; returns the Kafka figure (undefined when not run).
 */
export async function benchRelay(options: { batchSizes?: number[] } = {}): Promise<number | undefined> {
  Logger.overrideLogger(['error']);
  const batchSizes = options.batchSizes ?? [2000];
  const sinkDir = mkdtempSync(join(tmpdir(), 'setia-bench-sink-'));
  try {
    await measure(`local sink ${sinkDir}`, new LocalSinkPublisher(sinkDir), batchSizes[0]);
  } finally {
    rmSync(sinkDir, { recursive: true, force: true });
  }

  let brokers = process.env.KAFKA_BROKERS?.trim();
  let started = false;
  const script = kafkaScript();
  const env = { ...process.env, KAFKA_PORT: String(BENCH_KAFKA_PORT) };
  if (!brokers) {
    if (spawnSync('sh', ['-c', 'command -v java && command -v mvn'], { stdio: 'ignore' }).status !== 0) {
      console.log('relay → kafka: NOT run (no Java or Maven on PATH to start a broker, and KAFKA_BROKERS is not set)');
      return undefined;
    }
    execFileSync(script, ['reset'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    brokers = execFileSync(script, ['start'], { env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' }).trim();
    started = true;
  }
  try {
    let best: number | undefined;
    for (const batchSize of batchSizes) {
      const publisher = new KafkaPublisher({ brokers: brokers.split(','), clientId: 'setia-relay-bench', topicPartitions: PARTITIONS });
      const rate = await measure(`kafka ${brokers} (${PARTITIONS} partitions, acks=all, idempotent)`, publisher, batchSize);
      best = Math.max(best ?? 0, rate);
    }
    return best;
  } finally {
    if (started) execFileSync(script, ['stop'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  benchRelay({ batchSizes: sizes.length > 0 ? sizes : undefined }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
