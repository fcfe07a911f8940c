import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import type { IndexEntry, PersonalDataVault } from '../personal-data-vault.port';

interface KeyRow {
  key: Buffer | null;
  destroyed_at: string | null;
}

interface EntryRow {
  kind: string;
  customer_id: string;
  claimed_at: string;
}

const entryOf = (row: EntryRow | undefined): IndexEntry | null => (row ? { kind: row.kind, customerId: row.customer_id, claimedAt: row.claimed_at } : null);

/**
 * The embedded vault: one SQLite file (`<SETIA_DATA_DIR>/vault.sqlite`) beside, never inside, the
 * event store. A destroyed key (or a removed index entry) must not survive in the file:
 * `secure_delete` overwrites freed content with zeros, and a rollback journal (not WAL, whose
 * frames keep old page images until a checkpoint) is removed when each write commits. The
 * processes of a host share the file; a claim of an index entry is one write transaction.
 */
export class SqlitePersonalDataVault implements PersonalDataVault {
  private readonly db: Db;
  private readonly insertKey: Statement<[string, string, Buffer, string]>;
  private readonly selectKey: Statement<[string, string], KeyRow>;
  private readonly selectKeys: Statement<[string, string], { customer_id: string; key: Buffer | null }>;
  private readonly destroyKey: Statement<[{ tenant: string; customerId: string; at: string }]>;
  private readonly insertIndexKey: Statement<[string, Buffer, string]>;
  private readonly selectIndexKey: Statement<[string], { key: Buffer }>;
  private readonly selectEntry: Statement<[string, Buffer], EntryRow>;
  private readonly insertEntry: Statement<[string, Buffer, string, string, string]>;
  private readonly moveEntry: Statement<[string, string, string, string, Buffer]>;
  private readonly deleteEntries: Statement<[string, string]>;
  private readonly deleteOtherEntries: Statement<[string, string, string, Buffer | null]>;
  private readonly claim: (tenant: string, digest: Buffer, kind: string, customerId: string, at: string, replacing?: string) => IndexEntry | null;
  private readonly destroyWithEntries: (tenant: string, customerId: string, at: string) => void;

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
      );
      CREATE TABLE IF NOT EXISTS index_keys (
        tenant TEXT PRIMARY KEY,
        key BLOB NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS index_entries (
        tenant TEXT NOT NULL,
        digest BLOB NOT NULL,
        kind TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        PRIMARY KEY (tenant, digest)
      );
      CREATE INDEX IF NOT EXISTS index_entries_of_customer ON index_entries (tenant, customer_id, kind);`,
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
    this.insertIndexKey = this.db.prepare('INSERT INTO index_keys (tenant, key, created_at) VALUES (?, ?, ?) ON CONFLICT (tenant) DO NOTHING');
    this.selectIndexKey = this.db.prepare('SELECT key FROM index_keys WHERE tenant = ?');
    this.selectEntry = this.db.prepare('SELECT kind, customer_id, claimed_at FROM index_entries WHERE tenant = ? AND digest = ?');
    this.insertEntry = this.db.prepare('INSERT INTO index_entries (tenant, digest, kind, customer_id, claimed_at) VALUES (?, ?, ?, ?, ?)');
    this.moveEntry = this.db.prepare('UPDATE index_entries SET customer_id = ?, kind = ?, claimed_at = ? WHERE tenant = ? AND digest = ?');
    this.deleteEntries = this.db.prepare('DELETE FROM index_entries WHERE tenant = ? AND customer_id = ?');
    this.deleteOtherEntries = this.db.prepare('DELETE FROM index_entries WHERE tenant = ? AND customer_id = ? AND kind = ? AND digest IS NOT ?');
    // Immediate transactions: the read that decides a claim and its write hold the file's write lock together.
    const claim = this.db.transaction((tenant: string, digest: Buffer, kind: string, customerId: string, at: string, replacing?: string) => {
      if (this.selectKey.get(tenant, customerId)?.destroyed_at) return null;
      const entry = entryOf(this.selectEntry.get(tenant, digest));
      if (entry === null) this.insertEntry.run(tenant, digest, kind, customerId, at);
      else if (entry.customerId !== customerId && entry.customerId === replacing) this.moveEntry.run(customerId, kind, at, tenant, digest);
      else return entry;
      return { kind, customerId, claimedAt: at };
    });
    this.claim = (...args) => claim.immediate(...args);
    const destroy = this.db.transaction((tenant: string, customerId: string, at: string) => {
      this.destroyKey.run({ tenant, customerId, at });
      this.deleteEntries.run(tenant, customerId);
    });
    this.destroyWithEntries = (...args) => destroy.immediate(...args);
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
    this.destroyWithEntries(tenant, customerId, at);
  }

  async destroyedAt(tenant: string, customerId: string): Promise<string | null> {
    return this.selectKey.get(tenant, customerId)?.destroyed_at ?? null;
  }

  async indexKeyFor(tenant: string): Promise<Buffer> {
    const row = this.selectIndexKey.get(tenant);
    if (row) return row.key;
    this.insertIndexKey.run(tenant, randomBytes(32), new Date().toISOString());
    // Another process may have made the key first: use whichever is stored.
    return this.selectIndexKey.get(tenant)!.key;
  }

  async findEntry(tenant: string, digest: Buffer): Promise<IndexEntry | null> {
    return entryOf(this.selectEntry.get(tenant, digest));
  }

  async claimEntry(tenant: string, digest: Buffer, kind: string, customerId: string, at: string, replacing?: string): Promise<IndexEntry | null> {
    return this.claim(tenant, digest, kind, customerId, at, replacing);
  }

  async releaseEntries(tenant: string, customerId: string, kind: string, keep: Buffer | null): Promise<void> {
    this.deleteOtherEntries.run(tenant, customerId, kind, keep);
  }

  /**
   * Runs `work` (calls of this vault) in one write transaction of this connection, rather than one
   * each: for a bulk load by the only process using the file (the scale bench's members), where a
   * transaction per key took a sync of the file each. A claim inside it is a savepoint of it.
   */
  async inOneTransaction<T>(work: () => Promise<T>): Promise<T> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
