import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { SqliteCheckpointStore, SqliteEventStore } from '@setia/event-store';
import { KafkaPublisher, LocalSinkPublisher, Relay } from '@setia/messaging';
import type { EventPublisher } from '@setia/messaging';
import { Projector } from '@setia/projections';
import { SqliteReadStoreEngine } from '@setia/read-store';

/**
 * One measured step of the scale bench, in a process of its own so its peak RSS is its own:
 * `node step.js projector|relay-sink|relay-kafka DATA_DIR`. Prints one line of JSON: the events
 * handled, the seconds, and the process's peak RSS in bytes.
 */
async function main(): Promise<void> {
  const [what, dataDir] = process.argv.slice(2);
  Logger.overrideLogger(['error']);
  const file = join(dataDir, 'events.sqlite');
  const store = new SqliteEventStore(file, { synchronous: 'NORMAL' });
  const [head] = await store.readAll({ direction: 'backwards', maxCount: 1 });
  const events = Number(head.position);
  let seconds: number;
  if (what === 'projector') {
    // A live projector from an empty read store: the whole history, indexes kept up to date as it goes.
    const readModels = join(dataDir, 'scale-bench-projector.sqlite');
    rmSync(readModels, { force: true });
    const live = new SqliteReadStoreEngine(readModels);
    const projector = new Projector(store, live, { log: () => undefined, error: (message) => console.error(message) });
    const started = performance.now();
    await projector.start();
    while (!projector.status().live) await new Promise((resolve) => setTimeout(resolve, 20));
    seconds = (performance.now() - started) / 1000;
    await projector.stop();
    await live.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(readModels + suffix, { force: true });
  } else if (what === 'relay-sink' || what === 'relay-kafka') {
    const sinkDir = mkdtempSync(join(tmpdir(), 'setia-scale-sink-'));
    const checkpoints = new SqliteCheckpointStore(file);
    const publisher: EventPublisher =
      what === 'relay-sink'
        ? new LocalSinkPublisher(sinkDir)
        : new KafkaPublisher({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'setia-scale-bench', topicPartitions: 6 });
    const relay = new Relay(store, checkpoints, publisher, { batchSize: 2000, subscriberName: `scale-bench-${what}-${Date.now()}` });
    const started = performance.now();
    await relay.start();
    await relay.waitForCheckpoint(head.position, 6 * 3_600_000);
    seconds = (performance.now() - started) / 1000;
    await relay.stop();
    checkpoints.close();
    rmSync(sinkDir, { recursive: true, force: true });
  } else {
    throw new Error(`no step ${what}`);
  }
  await store.close();
  console.log(JSON.stringify({ events, seconds, peakRss: process.resourceUsage().maxRSS * 1024 }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
