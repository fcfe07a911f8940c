import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import type { PersonalDataVault } from '../personal-data-vault.port';

interface KeyRow {
  key: Buffer | null;
  destroyed_at: string | null;
}

/**
 * The embedded vault: one SQLite file (`<SETIA_DATA_DIR>/vault.sqlite`) beside, never inside, the
 * event store. A destroyed key must not survive in the file: `secure_delete` overwrites freed
 * content with zeros, and a rollback journal (not WAL, whose frames keep old page images until a
 * checkpoint) is removed when each write commits.
 */
export class SqlitePersonalDataVault implements PersonalDataVault {
  private readonly db: Db;
  private readonly insertKey: Statement<[string, string, Buffer, string]>;
  private readonly selectKey: Statement<[string, string], KeyRow>;
  private readonly selectKeys: Statement<[string, string], { customer_id: string; key: Buffer | null }>;
  private readonly destroyKey: Statement<[{ tenant: string; customerId: string; at: string }]>;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = DELETE');
    this.db.pragma('secure_delete = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS customer_keys (
        tenant TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        key BLOB,
        created_at TEXT NOT NULL,
        destroyed_at TEXT,
        PRIMARY KEY (tenant, customer_id)
      )`,
    );
    this.insertKey = this.db.prepare(
      'INSERT INTO customer_keys (tenant, customer_id, key, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (tenant, customer_id) DO NOTHING',
    );
    this.selectKey = this.db.prepare('SELECT key, destroyed_at FROM customer_keys WHERE tenant = ? AND customer_id = ?');
    // The ids as one JSON array: one read for any number of customers.
    this.selectKeys = this.db.prepare('SELECT customer_id, key FROM customer_keys WHERE tenant = ? AND customer_id IN (SELECT value FROM json_each(?))');
    // A customer who never had a key gets a tombstone, so none is made for them later.
    this.destroyKey = this.db.prepare(
      `INSERT INTO customer_keys (tenant, customer_id, key, created_at, destroyed_at) VALUES (@tenant, @customerId, NULL, @at, @at)
       ON CONFLICT (tenant, customer_id) DO UPDATE SET key = NULL, destroyed_at = COALESCE(destroyed_at, excluded.destroyed_at)`,
    );
  }

  async keyFor(tenant: string, customerId: string): Promise<Buffer | null> {
    const row = this.selectKey.get(tenant, customerId);
    if (row) return row.key;
    this.insertKey.run(tenant, customerId, randomBytes(32), new Date().toISOString());
    // Another process may have made the key first: use whichever is stored.
    return this.selectKey.get(tenant, customerId)?.key ?? null;
  }

  async find(tenant: string, customerId: string): Promise<Buffer | null> {
    return this.selectKey.get(tenant, customerId)?.key ?? null;
  }

  async findMany(tenant: string, customerIds: readonly string[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    if (customerIds.length === 0) return found;
    for (const row of this.selectKeys.all(tenant, JSON.stringify(customerIds))) if (row.key) found.set(row.customer_id, row.key);
    return found;
  }

  async destroy(tenant: string, customerId: string, at: string): Promise<void> {
    this.destroyKey.run({ tenant, customerId, at });
  }

  async destroyedAt(tenant: string, customerId: string): Promise<string | null> {
    return this.selectKey.get(tenant, customerId)?.destroyed_at ?? null;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
