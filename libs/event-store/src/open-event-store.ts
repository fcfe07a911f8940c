import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SetiaConfig } from '@setia/platform';
import { EsdbEventStore } from './esdb/esdb-event-store';
import type { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

/** The configured event store, for command-line tools that run without Nest. */
export async function openEventStore(config: SetiaConfig['eventStore'], options: { timeoutMs?: number } = {}): Promise<EventStore> {
  if (config.kind === 'esdb') return EsdbEventStore.connect(config.url, options);
  mkdirSync(dirname(config.file), { recursive: true });
  return new SqliteEventStore(config.file, { synchronous: config.synchronous });
}
