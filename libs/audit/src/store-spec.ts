import { existsSync } from 'node:fs';
import { EsdbEventStore, SqliteEventStore } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';
import { maskCredentials } from '@setia/platform';
import type { SetiaConfig } from '@setia/platform';

/** Which event store to open: plain data, so a worker thread can open its own connection. */
export type EventStoreSpec = SetiaConfig['eventStore'];

export class StoreNotFound extends Error {}

/** Opens the event store of a spec, for the CLI's audits (which read) and `setia keys` (which records): the embedded SQLite file (which must exist), or EventStoreDB. */
export async function openExistingStore(spec: EventStoreSpec): Promise<{ store: EventStore; source: string }> {
  if (spec.kind === 'esdb') return { store: await EsdbEventStore.connect(spec.url), source: `esdb ${maskCredentials(spec.url)}` };
  // Audits read it and `setia keys` records in it, but neither starts a store: a missing file is a wrong SETIA_DATA_DIR, not an empty store to create.
  if (!existsSync(spec.file)) throw new StoreNotFound(`no event store at ${spec.file} (set SETIA_DATA_DIR to the data directory, or EVENTSTORE_URL)`);
  return { store: new SqliteEventStore(spec.file), source: `sqlite ${spec.file}` };
}
