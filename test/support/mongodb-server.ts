import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { maskCredentials } from '@setia/platform';
import { isFerretDb } from '@setia/read-store';

const root = join(__dirname, '..', '..');
const script = join(root, 'scripts/ferretdb.sh');
const givenUrl = process.env.MONGODB_URL?.trim() || undefined;

/**
 * Whether a MongoDB-protocol server can be had: MONGODB_URL (a real MongoDB, say from
 * docker-compose), or FerretDB 1.x, which scripts/ferretdb.sh builds with Go (or has built).
 */
export const mongoServerRunnable =
  Boolean(givenUrl) || existsSync(join(root, '.servers/ferretdb/bin')) || spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;

export interface MongoTestServer {
  url: string;
  /** What the suite runs against, for its output. */
  name: string;
  /** FerretDB rather than MongoDB. */
  ferretdb: boolean;
  /** A database name of its own for each call; dropped by stop(). */
  freshDatabase(): string;
  /** Drops the databases handed out, and stops the server if this suite started it. */
  stop(): Promise<void>;
}

/**
 * MONGODB_URL when set, else FerretDB on its SQLite backend on 127.0.0.1:`port`, started here
 * (built on first use, minutes) or found running. Suites that may run at the same time use their
 * own port, so one suite's stop never pulls the server from under another.
 */
export async function startMongoTestServer(port: string): Promise<MongoTestServer> {
  const env = { ...process.env, MONGODB_PORT: port };
  const startedHere = !givenUrl && spawnSync(script, ['status'], { env, stdio: 'ignore' }).status !== 0;
  const url = givenUrl ?? execFileSync(script, ['start'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 20 * 60_000 }).trim();
  const client = await MongoClient.connect(url, { serverSelectionTimeoutMS: 10_000 });
  const info = await client.db('admin').command({ buildInfo: 1 });
  await client.close();
  const ferretdb = isFerretDb(info);
  const ferretVersion = String(info.ferretdbVersion ?? info.ferretdb?.version ?? '');
  const databases: string[] = [];
  return {
    url,
    name: ferretdb ? `FerretDB ${ferretVersion} (MongoDB ${info.version} protocol) at ${maskCredentials(url)}` : `MongoDB ${info.version} at ${maskCredentials(url)}`,
    ferretdb,
    freshDatabase() {
      const database = `setia_test_${process.pid}_${Date.now().toString(36)}_${databases.length}`;
      databases.push(database);
      return database;
    },
    async stop() {
      if (databases.length) {
        const cleaner = await MongoClient.connect(url, { serverSelectionTimeoutMS: 10_000 });
        for (const name of databases) await cleaner.db(name).dropDatabase().catch(() => undefined);
        await cleaner.close();
      }
      if (startedHere) execFileSync(script, ['stop'], { env, stdio: 'ignore' });
    },
  };
}
