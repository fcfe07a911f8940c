import { metrics, timed } from '@setia/platform';
import { MongoBulkWriteError, MongoClient } from 'mongodb';
import type { AnyBulkWriteOperation, Collection, Db, Document } from 'mongodb';
import type { Position } from '@setia/event-store';
import { maskCredentials } from '@setia/platform';
import { checkLimit, conditions, cursorValues, sortKeys } from '../filter';
import type { Condition } from '../filter';
import { DEFAULT_GENERATION, checkCollection, checkGeneration } from '../names';
import type {
  CheckpointRecord,
  DocumentWrite,
  Filter,
  FindOptions,
  IndexSpec,
  ReadDocument,
  ReadStore,
  ReadStoreEngine,
  Scalar,
  SortDirection,
} from '../read-store.port';

/** Holds the active generation and the checkpoints; the only collection not of a read model. */
export const META_COLLECTION = 'setia_meta';

export interface MongoReadStoreOptions {
  /** How long to wait for a server at start and for each operation's server selection. */
  serverSelectionTimeoutMS?: number;
}

/**
 * The MongoDB read store (official driver). The database is Setia's own: generation `g0` uses
 * plain collection names (`customers`), so BI tools read them as they are; generation `g<n>`
 * uses `customers__g<n>`. `setia_meta` holds `{_id: "active_generation", generation}` and one
 * `{_id: "checkpoint:<generation>:<name>", kind: "checkpoint", generation, name, position, recordedAt}`
 * per checkpoint (`recordedAt`: when the event at it was recorded).
 *
 * It keeps to what MongoDB and FerretDB 1.x (SQLite backend) both do: find / countDocuments with
 * `$and`, `$or`, `$nor`, `$exists` and the comparison operators, sort, limit, createIndexes,
 * unordered bulk replaceOne with upsert, listCollections, drop. No transactions, no change
 * streams, no aggregation beyond what countDocuments sends.
 */
export class MongoReadStoreEngine implements ReadStoreEngine {
  private readonly generations = new Map<string, MongoReadStore>();
  private closed = false;

  private constructor(
    private readonly client: MongoClient,
    readonly db: Db,
    /** The server is FerretDB (1.x): writes take the path described at `MongoReadStore.write`. */
    readonly ferretdb: boolean,
  ) {}

  /**
   * Connects and pings. A server that cannot be reached fails within serverSelectionTimeoutMS
   * (10 s by default) with one message naming MONGODB_URL.
   */
  static async connect(url: string, database: string, options: MongoReadStoreOptions = {}): Promise<MongoReadStoreEngine> {
    const timeout = options.serverSelectionTimeoutMS ?? 10_000;
    let client: MongoClient;
    try {
      client = new MongoClient(url, { serverSelectionTimeoutMS: timeout, ignoreUndefined: true, appName: 'setia-read-store' });
    } catch (error) {
      throw new Error(`read store: MONGODB_URL ${maskCredentials(url)} is not a usable connection string: ${(error as Error).message}`);
    }
    try {
      await client.connect();
      await client.db(database).command({ ping: 1 });
    } catch (error) {
      await client.close().catch(() => undefined);
      throw new Error(
        `read store: cannot reach MongoDB at MONGODB_URL=${maskCredentials(url)} within ${Math.round(timeout / 1000)} s: ${(error as Error).message}`,
      );
    }
    const info = await client
      .db('admin')
      .command({ buildInfo: 1 })
      .catch(() => ({}) as Document);
    return new MongoReadStoreEngine(client, client.db(database), isFerretDb(info));
  }

  private get meta(): Collection<Document> {
    return this.db.collection(META_COLLECTION);
  }

  async activeGeneration(): Promise<string> {
    const doc = await this.meta.findOne({ _id: 'active_generation' as unknown as Document['_id'] });
    return typeof doc?.generation === 'string' ? doc.generation : DEFAULT_GENERATION;
  }

  async setActiveGeneration(generation: string): Promise<void> {
    checkGeneration(generation);
    await this.meta.updateOne({ _id: 'active_generation' as unknown as Document['_id'] }, { $set: { generation } }, { upsert: true });
  }

  generation(generation: string): ReadStore {
    checkGeneration(generation);
    let store = this.generations.get(generation);
    if (!store) {
      store = new MongoReadStore(this.db, generation, this.ferretdb);
      this.generations.set(generation, store);
    }
    return store;
  }

  async dropGeneration(generation: string): Promise<void> {
    checkGeneration(generation);
    if ((await this.activeGeneration()) === generation) throw new Error(`read store: generation ${generation} is active and cannot be dropped`);
    for (const name of await this.collectionNames()) {
      if (generationOf(name) === generation) await this.db.collection(name).drop();
    }
    await this.meta.deleteMany({ kind: 'checkpoint', generation });
  }

  async listGenerations(): Promise<string[]> {
    const generations = new Set<string>();
    for (const name of await this.collectionNames()) {
      const generation = generationOf(name);
      if (generation) generations.add(generation);
    }
    for (const doc of await this.meta.find({ kind: 'checkpoint' }, { projection: { generation: 1 } }).toArray()) {
      if (typeof doc.generation === 'string') generations.add(doc.generation);
    }
    return [...generations].sort();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }

  private async collectionNames(): Promise<string[]> {
    const collections = await this.db.listCollections({}, { nameOnly: true }).toArray();
    return collections.map((c) => c.name);
  }
}

/** FerretDB 1.x answers buildInfo with `ferretdbVersion` (2.x with a `ferretdb` document). */
export function isFerretDb(buildInfo: Document): boolean {
  return typeof buildInfo.ferretdbVersion === 'string' || Boolean(buildInfo.ferretdb);
}

export function collectionName(generation: string, collection: string): string {
  checkCollection(collection);
  return checkGeneration(generation) === DEFAULT_GENERATION ? collection : `${collection}__${generation}`;
}

/** The generation a collection of the database belongs to, or undefined for others. */
function generationOf(name: string): string | undefined {
  if (name === META_COLLECTION || name.startsWith('system.') || name.startsWith('setia_')) return undefined;
  const at = name.lastIndexOf('__');
  return at > 0 ? name.slice(at + 2) : DEFAULT_GENERATION;
}

class MongoReadStore implements ReadStore {
  constructor(
    private readonly db: Db,
    readonly generationName: string,
    private readonly ferretdb: boolean,
  ) {}

  private collection(name: string): Collection<ReadDocument> {
    return this.db.collection<ReadDocument>(collectionName(this.generationName, name));
  }

  private get meta(): Collection<Document> {
    return this.db.collection(META_COLLECTION);
  }

  async ensureIndexes(indexes: IndexSpec[]): Promise<void> {
    const byCollection = new Map<string, IndexSpec[]>();
    for (const index of indexes) {
      checkCollection(index.collection);
      if (!index.fields.length) throw new Error(`read store: an index on ${index.collection} needs at least one field`);
      byCollection.set(index.collection, [...(byCollection.get(index.collection) ?? []), index]);
    }
    // One index per command: FerretDB 1.x drops the connection on a createIndexes of several
    // indexes when some of them exist already.
    for (const [collection, specs] of byCollection) {
      for (const spec of specs) {
        const keys = sortKeys({ sort: spec.fields });
        if (keys[keys.length - 1][0] === '_id' && !spec.fields.some(([path]) => path === '_id')) keys.pop();
        await this.collection(collection).createIndex(Object.fromEntries(keys));
      }
    }
  }

  async get(collection: string, id: string): Promise<ReadDocument | null> {
    return (await this.collection(collection).findOne({ _id: id })) as ReadDocument | null;
  }

  async getMany(collection: string, ids: string[]): Promise<Map<string, ReadDocument>> {
    const found = new Map<string, ReadDocument>();
    const target = this.collection(collection);
    for (let i = 0; i < ids.length; i += 1000) {
      for (const doc of await target.find({ _id: { $in: ids.slice(i, i + 1000) } }).toArray()) found.set(doc._id, doc as ReadDocument);
    }
    return found;
  }

  async find(collection: string, filter: Filter, options: FindOptions = {}): Promise<ReadDocument[]> {
    const clauses = filterClauses(conditions(filter));
    const keys = sortKeys(options);
    if (options.after) clauses.push(afterClause(keys, cursorValues(keys, options.after)));
    const limit = checkLimit(options.limit);
    if (limit === 0) return [];
    let cursor = this.collection(collection).find(combine(clauses)).sort(Object.fromEntries(keys) as Record<string, SortDirection>);
    if (limit !== undefined) cursor = cursor.limit(limit);
    return (await cursor.toArray()) as ReadDocument[];
  }

  async count(collection: string, filter: Filter): Promise<number> {
    return this.collection(collection).countDocuments(combine(filterClauses(conditions(filter))));
  }

  putMany(writes: DocumentWrite[]): Promise<void> {
    return timed(metrics.readStoreWriteDuration, 'mongodb', this.putManyNow(writes));
  }

  private async putManyNow(writes: DocumentWrite[]): Promise<void> {
    // The newest write per document only: the others would be skipped by the guard anyway.
    const byCollection = new Map<string, Map<string, ReadDocument>>();
    for (const { collection, document } of writes) {
      checkCollection(collection);
      if (typeof document?._id !== 'string' || typeof document._position !== 'string') {
        throw new Error(`read store: a document of ${collection} needs a string _id and a string _position`);
      }
      let docs = byCollection.get(collection);
      if (!docs) byCollection.set(collection, (docs = new Map()));
      const previous = docs.get(document._id);
      if (!previous || previous._position < document._position) docs.set(document._id, document);
    }
    await Promise.all([...byCollection].map(([collection, docs]) => this.write(this.collection(collection), [...docs.values()])));
  }

  /**
   * MongoDB: one unordered bulk of guarded upserts, `replaceOne({_id, _position: {$lt: new}},
   * doc, {upsert: true})`. A duplicate key (11000) is an upsert that found the document already
   * at this position or newer: skipped, as the port wants.
   *
   * FerretDB 1.x cannot take that bulk as it is: an update command of 100 statements or more
   * deadlocks its SQLite connection pool (each statement's cursor stays open until the command
   * ends, and the pool holds 100), it stops at the first write error of an unordered bulk, and
   * only a filter that is exactly `{_id}` reaches its SQLite index (any other filter scans the
   * collection). So there: read the stored positions (one query), insert the documents not
   * stored yet with one unordered insertMany, and send the guarded replaces for the stored,
   * older ones in commands of at most 50. The guard stays in every replace's filter.
   */
  private async write(target: Collection<ReadDocument>, docs: ReadDocument[]): Promise<void> {
    if (this.ferretdb) return this.writeFerret(target, docs);
    let pending = docs;
    for (let attempt = 0; pending.length; attempt++) {
      try {
        await target.bulkWrite(pending.map(guardedReplace), { ordered: false });
        return;
      } catch (error) {
        if (!(error instanceof MongoBulkWriteError) || !onlyDuplicates(error)) throw error;
        const { matchedCount, upsertedCount } = error.result;
        if (matchedCount + upsertedCount + writeErrors(error).length >= pending.length) return;
        // The server stopped early: send again what is still newer than the stored documents.
        if (attempt >= 5) throw error;
        pending = await this.stillNewer(target, pending);
      }
    }
  }

  private async writeFerret(target: Collection<ReadDocument>, docs: ReadDocument[]): Promise<void> {
    let pending = docs;
    for (let attempt = 0; pending.length; attempt++) {
      const stored = await this.storedPositions(target, pending);
      const fresh = pending.filter((doc) => !stored.has(doc._id));
      const newer = pending.filter((doc) => stored.has(doc._id) && (stored.get(doc._id) as string) < doc._position);
      // A duplicate key here means another writer got in between (FerretDB then stops the whole
      // command): those documents are looked at again, the guard decides.
      const retry: ReadDocument[] = [];
      const attemptWrite = async (write: Promise<unknown>, sent: ReadDocument[]) => {
        try {
          await write;
        } catch (error) {
          if (!(error instanceof MongoBulkWriteError) || !onlyDuplicates(error)) throw error;
          retry.push(...sent);
        }
      };
      if (fresh.length) await attemptWrite(target.insertMany(fresh, { ordered: false }), fresh);
      for (let i = 0; i < newer.length; i += FERRETDB_UPDATE_BATCH) {
        const chunk = newer.slice(i, i + FERRETDB_UPDATE_BATCH);
        await attemptWrite(target.bulkWrite(chunk.map(guardedReplace), { ordered: false }), chunk);
      }
      if (retry.length && attempt >= 5) throw new Error('read store: concurrent writers kept writing the same documents');
      pending = retry;
    }
  }

  private async stillNewer(target: Collection<ReadDocument>, docs: ReadDocument[]): Promise<ReadDocument[]> {
    const stored = await this.storedPositions(target, docs);
    return docs.filter((doc) => !(stored.has(doc._id) && (stored.get(doc._id) as string) >= doc._position));
  }

  private async storedPositions(target: Collection<ReadDocument>, docs: ReadDocument[]): Promise<Map<string, string>> {
    const stored = new Map<string, string>();
    const ids = docs.map((doc) => doc._id);
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await target.find({ _id: { $in: ids.slice(i, i + 1000) } }, { projection: { _position: 1 } }).toArray();
      for (const row of rows) stored.set(row._id, row._position);
    }
    return stored;
  }

  async getCheckpoint(name: string): Promise<Position | undefined> {
    return (await this.getCheckpointRecord(name))?.position;
  }

  async getCheckpointRecord(name: string): Promise<CheckpointRecord | undefined> {
    const doc = await this.meta.findOne({ _id: this.checkpointId(name) as unknown as Document['_id'] });
    if (typeof doc?.position !== 'string') return undefined;
    return { position: doc.position, recordedAt: typeof doc.recordedAt === 'string' ? doc.recordedAt : null };
  }

  async setCheckpoint(name: string, position: Position, recordedAt?: string): Promise<void> {
    await this.meta.updateOne(
      { _id: this.checkpointId(name) as unknown as Document['_id'] },
      { $set: { kind: 'checkpoint', generation: this.generationName, name, position, recordedAt: recordedAt ?? null } },
      { upsert: true },
    );
  }

  private checkpointId(name: string): string {
    return `checkpoint:${this.generationName}:${name}`;
  }
}

/** FerretDB 1.x deadlocks on update commands of 100 statements or more. */
const FERRETDB_UPDATE_BATCH = 50;

function guardedReplace(doc: ReadDocument): AnyBulkWriteOperation<ReadDocument> {
  return { replaceOne: { filter: { _id: doc._id, _position: { $lt: doc._position } }, replacement: doc, upsert: true } };
}

function writeErrors(error: MongoBulkWriteError): Array<{ code: number }> {
  const errors = error.writeErrors as unknown;
  return Array.isArray(errors) ? errors : errors ? [errors as { code: number }] : [];
}

function onlyDuplicates(error: MongoBulkWriteError): boolean {
  const errors = writeErrors(error);
  return errors.length > 0 && errors.every((e) => e.code === 11000) && !error.writeConcernError;
}

function combine(clauses: Document[]): Document {
  if (!clauses.length) return {};
  return clauses.length === 1 ? clauses[0] : { $and: clauses };
}

const MATCH_NOTHING: Document = { _id: { $in: [] } };
const STORED_NULL = { $eq: null, $exists: true };

/** The port's filter meaning in MongoDB terms: MongoDB's `{f: null}` also matches a missing f. */
function filterClauses(list: Condition[]): Document[] {
  return list.map(({ path, op, value }) => {
    if (op === '$in') {
      const values = value as Scalar[];
      return { [path]: values.includes(null) ? { $in: values, $exists: true } : { $in: values } };
    }
    if (value === null) {
      switch (op) {
        case '$eq':
        case '$lte':
        case '$gte':
          return { [path]: STORED_NULL };
        case '$ne':
          return { $nor: [{ [path]: STORED_NULL }] };
        default:
          return MATCH_NOTHING;
      }
    }
    return { [path]: { [op]: value } };
  });
}

/** Documents strictly after the cursor in the order `keys`; null and missing sort together. */
function afterClause(keys: Array<[string, SortDirection]>, values: Scalar[]): Document {
  const alternatives: Document[] = [];
  for (let i = 0; i < keys.length; i++) {
    const [path, direction] = keys[i];
    const value = values[i];
    let beyond: Document | undefined;
    if (value === null) beyond = direction === 1 ? { [path]: { $ne: null } } : undefined;
    else beyond = direction === 1 ? { [path]: { $gt: value } } : { $or: [{ [path]: { $lt: value } }, { [path]: null }] };
    if (!beyond) continue;
    const same = keys.slice(0, i).map(([p], j) => ({ [p]: values[j] }));
    alternatives.push(same.length ? { $and: [...same, beyond] } : beyond);
  }
  return alternatives.length ? { $or: alternatives } : MATCH_NOTHING;
}
