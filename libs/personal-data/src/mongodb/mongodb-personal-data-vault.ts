import { randomBytes } from 'node:crypto';
import { Binary, MongoClient, MongoServerError } from 'mongodb';
import type { Collection } from 'mongodb';
import { maskCredentials } from '@setia/platform';
import type { IndexEntry, PersonalDataVault } from '../personal-data-vault.port';

/** The vault's collection, beside the read models in the same database. */
export const VAULT_COLLECTION = 'personal_data_keys';
/** The tenants' keys of the blind index, and its entries. */
export const INDEX_KEY_COLLECTION = 'personal_data_index_keys';
export const INDEX_COLLECTION = 'personal_data_index';

const DUPLICATE_KEY = 11000;

interface KeyDocument {
  /** `<tenant>:<customerId>`: tenant ids have no `:`, so the pair reads back unambiguously. */
  _id: string;
  tenant: string;
  customerId: string;
  /** Absent once destroyed: $unset removes the bytes from the document, not just a flag. */
  key?: Binary;
  createdAt: string;
  destroyedAt?: string;
}

interface IndexKeyDocument {
  /** The tenant. */
  _id: string;
  key: Binary;
  createdAt: string;
}

interface EntryDocument {
  /** `<tenant>:<digest in hex>`. */
  _id: string;
  tenant: string;
  kind: string;
  customerId: string;
  claimedAt: string;
}

/**
 * The vault shared by services on several machines: one document per customer in MongoDB.
 * Creating a key is an insert (a concurrent insert of another process loses on the _id and reads
 * the winner's key); destroying removes the key field and records when, once. The blind index is
 * one document per digest: a claim is an insert, or an update conditional on whose it was.
 */
export class MongoPersonalDataVault implements PersonalDataVault {
  private constructor(
    private readonly client: MongoClient,
    private readonly keys: Collection<KeyDocument>,
    private readonly indexKeys: Collection<IndexKeyDocument>,
    private readonly entries: Collection<EntryDocument>,
  ) {}

  /** Connects, or fails naming MONGODB_URL, like the read store. */
  static async connect(url: string, database: string, options: { serverSelectionTimeoutMS?: number } = {}): Promise<MongoPersonalDataVault> {
    const timeout = options.serverSelectionTimeoutMS ?? 10_000;
    const client = new MongoClient(url, { serverSelectionTimeoutMS: timeout, appName: 'setia-vault' });
    try {
      await client.connect();
      await client.db(database).command({ ping: 1 });
    } catch (error) {
      await client.close().catch(() => undefined);
      throw new Error(`personal-data vault: cannot reach MongoDB at MONGODB_URL=${maskCredentials(url)} within ${Math.round(timeout / 1000)} s: ${(error as Error).message}`);
    }
    const db = client.db(database);
    const entries = db.collection<EntryDocument>(INDEX_COLLECTION);
    await entries.createIndex({ tenant: 1, customerId: 1 });
    return new MongoPersonalDataVault(client, db.collection<KeyDocument>(VAULT_COLLECTION), db.collection<IndexKeyDocument>(INDEX_KEY_COLLECTION), entries);
  }

  async keyFor(tenant: string, customerId: string): Promise<Buffer | null> {
    const existing = await this.keys.findOne({ _id: idOf(tenant, customerId) });
    if (existing) return keyOf(existing);
    try {
      const key = randomBytes(32);
      await this.keys.insertOne({ _id: idOf(tenant, customerId), tenant, customerId, key: new Binary(key), createdAt: new Date().toISOString() });
      return key;
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
      return this.find(tenant, customerId);
    }
  }

  async find(tenant: string, customerId: string): Promise<Buffer | null> {
    const document = await this.keys.findOne({ _id: idOf(tenant, customerId) });
    return document ? keyOf(document) : null;
  }

  async findMany(tenant: string, customerIds: readonly string[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    if (customerIds.length === 0) return found;
    for await (const document of this.keys.find({ _id: { $in: customerIds.map((customerId) => idOf(tenant, customerId)) } })) {
      const key = keyOf(document);
      if (key) found.set(document.customerId, key);
    }
    return found;
  }

  async destroy(tenant: string, customerId: string, at: string): Promise<void> {
    try {
      // A customer who never had a key gets a tombstone (the upsert), so none is made for them later.
      await this.keys.updateOne(
        { _id: idOf(tenant, customerId), destroyedAt: { $exists: false } },
        { $unset: { key: '' }, $set: { destroyedAt: at }, $setOnInsert: { tenant, customerId, createdAt: at } },
        { upsert: true },
      );
    } catch (error) {
      // Destroyed before: the filter missed the document and the upsert met its _id. The first time stays.
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
    // After the key: a claim made meanwhile sees the erasure and removes its own entry.
    await this.entries.deleteMany({ tenant, customerId });
  }

  async indexKeyFor(tenant: string): Promise<Buffer> {
    const existing = await this.indexKeys.findOne({ _id: tenant });
    if (existing) return Buffer.from(existing.key.value());
    try {
      const key = randomBytes(32);
      await this.indexKeys.insertOne({ _id: tenant, key: new Binary(key), createdAt: new Date().toISOString() });
      return key;
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
      return Buffer.from((await this.indexKeys.findOne({ _id: tenant }))!.key.value());
    }
  }

  async findEntry(tenant: string, digest: Buffer): Promise<IndexEntry | null> {
    return entryOf(await this.entries.findOne({ _id: entryId(tenant, digest) }));
  }

  async claimEntry(tenant: string, digest: Buffer, kind: string, customerId: string, at: string, replacing?: string): Promise<IndexEntry | null> {
    if ((await this.destroyedAt(tenant, customerId)) !== null) return null;
    const _id = entryId(tenant, digest);
    const claimed = { kind, customerId, claimedAt: at };
    try {
      await this.entries.insertOne({ _id, tenant, ...claimed });
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
      const moved = replacing !== undefined && replacing !== customerId && (await this.entries.updateOne({ _id, customerId: replacing }, { $set: claimed })).modifiedCount === 1;
      if (!moved) return this.findEntry(tenant, digest);
    }
    // An erasure that ran meanwhile may have removed the customer's entries before this one was written.
    if ((await this.destroyedAt(tenant, customerId)) !== null) {
      await this.entries.deleteOne({ _id, customerId });
      return null;
    }
    return claimed;
  }

  async releaseEntries(tenant: string, customerId: string, kind: string, keep: Buffer | null): Promise<void> {
    await this.entries.deleteMany({ tenant, customerId, kind, ...(keep && { _id: { $ne: entryId(tenant, keep) } }) });
  }

  async destroyedAt(tenant: string, customerId: string): Promise<string | null> {
    return (await this.keys.findOne({ _id: idOf(tenant, customerId) }))?.destroyedAt ?? null;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

const idOf = (tenant: string, customerId: string) => `${tenant}:${customerId}`;

const entryId = (tenant: string, digest: Buffer) => `${tenant}:${digest.toString('hex')}`;

const entryOf = (document: EntryDocument | null): IndexEntry | null =>
  document && { kind: document.kind, customerId: document.customerId, claimedAt: document.claimedAt };

const keyOf = (document: KeyDocument): Buffer | null => (document.key && document.destroyedAt === undefined ? Buffer.from(document.key.value()) : null);
