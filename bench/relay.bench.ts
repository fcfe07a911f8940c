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
const WARM_UP_EVENTS = 50_000;
/** The benchmark's own broker port when it starts one (the controller takes the next). */
const BENCH_KAFKA_PORT = 19192;


/** A relay run: `events` events over 10,000 customers' streams of `tenant`. */
interface Run {
  label: string;
  events: number;
  tenant: string;
}

/** The run's events, appended concurrently (group commit). */
async function fill(store: SqliteEventStore, { events, tenant }: Run): Promise<void> {
  const PER_APPEND = 10;
  for (let done = 0; done < events; ) {
    const appends: Promise<unknown>[] = [];
    for (let i = 0; i < 100 && done < events; i++, done += PER_APPEND) {
      const customer = (done / PER_APPEND) % CUSTOMERS;
      appends.push(store.appendToStream(`customer-${tenant}-c${customer}`, Array.from({ length: PER_APPEND }, purchaseEvent)));
    }
    await Promise.all(appends);
  }
}

async function measure(run: Run, publisher: EventPublisher, batchSize: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'setia-bench-relay-'));
  const file = join(dir, 'events.sqlite');
  const store = new SqliteEventStore(file, { synchronous: 'NORMAL' });
  const checkpoints = new SqliteCheckpointStore(file);
  try {
    await fill(store, run);
    const [head] = await store.readAll({ direction: 'backwards', maxCount: 1 });
    const relay = new Relay(store, checkpoints, publisher, { batchSize, subscriberName: `relay-bench-${batchSize}` });
    const started = performance.now();
    await relay.start();
    await relay.waitForCheckpoint(head.position, 300_000);
    const ms = performance.now() - started;
    await relay.stop();
    const rate = Math.round((run.events / ms) * 1000);
    console.log(
      `relay → ${run.label}: ${run.events.toLocaleString('en')} events in ${(ms / 1000).toFixed(2)} s = ${rate.toLocaleString('en')} events/s ` +
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
    await measure({ label: `local sink ${sinkDir}`, events: EVENTS, tenant: 'bench' }, new LocalSinkPublisher(sinkDir), batchSizes[0]);
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
  const brokerList = brokers.split(',');
  const publisher = () => new KafkaPublisher({ brokers: brokerList, clientId: 'setia-relay-bench', topicPartitions: PARTITIONS });
  try {
    // A relay in service talks to a broker that has been up for a while. One started a moment ago
    // still has a cold JIT (as has this process for the relay's code): a short run on a topic of
    // its own warms both before the measured run.
    await measure({ label: 'kafka warm-up, not the figure', events: WARM_UP_EVENTS, tenant: 'warmup' }, publisher(), batchSizes[0]);
    let best: number | undefined;
    for (const batchSize of batchSizes) {
      const label = `kafka ${brokers} (${PARTITIONS} partitions, acks=all, idempotent)`;
      const rate = await measure({ label, events: EVENTS, tenant: 'bench' }, publisher(), batchSize);
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
