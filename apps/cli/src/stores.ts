import { existsSync } from 'node:fs';
import { EsdbEventStore, SqliteEventStore } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';
import { maskCredentials } from '@setia/platform';
import type { SetiaConfig } from '@setia/platform';
import { MongoReadStoreEngine, SqliteReadStoreEngine } from '@setia/read-store';
import type { ReadStoreEngine } from '@setia/read-store';

export class CliError extends Error {}

/** The event store the configuration names: the embedded SQLite file, or EventStoreDB. */
export async function openEventStore(config: SetiaConfig['eventStore']): Promise<{ store: EventStore; source: string }> {
  if (config.kind === 'esdb') {
    return { store: await EsdbEventStore.connect(config.url), source: `esdb ${maskCredentials(config.url)}` };
  }
  // An audit only reads: a missing file is a wrong SETIA_DATA_DIR, not an empty store to create.
  if (!existsSync(config.file)) throw new CliError(`no event store at ${config.file} (set SETIA_DATA_DIR to the data directory, or EVENTSTORE_URL)`);
  return { store: new SqliteEventStore(config.file), source: `sqlite ${config.file}` };
}

/** The read store, when there is one to compare with (a SQLite file that exists, or MongoDB). */
export async function openReadStore(config: SetiaConfig['readStore']): Promise<ReadStoreEngine | undefined> {
  if (config.kind === 'mongodb') return MongoReadStoreEngine.connect(config.url, config.database);
  return existsSync(config.file) ? new SqliteReadStoreEngine(config.file) : undefined;
}
