import { existsSync } from 'node:fs';
import type { EventStore } from '@setia/event-store';
import type { SetiaConfig } from '@setia/platform';
import { MongoReadStoreEngine, SqliteReadStoreEngine } from '@setia/read-store';
import type { ReadStoreEngine } from '@setia/read-store';

export class CliError extends Error {}

/** The read store, when there is one to compare with (a SQLite file that exists, or MongoDB). */
export async function openReadStore(config: SetiaConfig['readStore']): Promise<ReadStoreEngine | undefined> {
  if (config.kind === 'mongodb') return MongoReadStoreEngine.connect(config.url, config.database);
  return existsSync(config.file) ? new SqliteReadStoreEngine(config.file) : undefined;
}

export async function closeQuietly(store: EventStore): Promise<void> {
  try {
    await store.close();
  } catch {
    // Closing after a failed read must not hide the read's error.
  }
}
