import { metrics, timed } from '@setia/platform';
import { randomBytes } from 'node:crypto';
import { MongoBulkWriteError, MongoClient } from 'mongodb';
import type { AnyBulkWriteOperation, Collection, Db, Document } from 'mongodb';
import type { Position } from '@setia/event-store';
import { maskCredentials } from '@setia/platform';
import { checkLimit, conditions, cursorValues, sortKeys } from '../filter';
import type { Condition } from '../filter';
import { DEFAULT_GENERATION, checkCollection, checkGeneration } from '../names';
import { GenerationSwitched } from '../read-store.port';
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

/** Holds the active generation, the switch under way and the checkpoints; the only collection not of a read model. */
export const META_COLLECTION = 'setia_meta';

const ACTIVE = 'active_generation';
/** How long a writer's hold on the active generation's collections lasts unless renewed (a crashed writer's runs out). */
const WRITER_LEASE_MS = 30_000;
const SETTLE_POLL_MS = 50;

export interface MongoReadStoreOptions {
  /** How long to wait for a server at start and for each operation's server selection. */
  serverSelectionTimeoutMS?: number;
}

interface Switch {
  from: string;
  to: string;
  /** Written once the old generation's writers are gone, before the first rename. */
  plan?: { retire: string[]; place: string[] };
}

/** Where the generations are: `setia_meta`'s `active_generation` document. */
export interface Placement {
  /** The active generation: its collections carry the plain names. */
  generation: string;
  /** Counts the switches' steps: one when a switch starts, one when it ends. */
  epoch: number;
  switching?: Switch;
  /** The last switch finished. */
  last?: { from: string; to: string };
}

function placementOf(doc: Document | null): Placement {
  if (!doc) return { generation: DEFAULT_GENERATION, epoch: 0 };
  return {
    generation: typeof doc.generation === 'string' ? doc.generation : DEFAULT_GENERATION,
    epoch: typeof doc.epoch === 'number' ? doc.epoch : 0,
    ...(doc.switching && { switching: doc.switching as Switch }),
    ...(doc.last && { last: doc.last as Placement['last'] }),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The MongoDB read store (official driver). The database is Setia's own. The active generation's
 * collections carry the plain names (`customers`), so BI tools read them as they are, before and
 * after a rebuild; every other generation's are `customers__<generation>`. `setia_meta` holds
 * `{_id: "active_generation", generation, epoch, switching?, writers?}` and one
 * `{_id: "checkpoint:<generation>:<name>", kind: "checkpoint", generation, name, position, recordedAt}`
 * per checkpoint (`recordedAt`: when the event at it was recorded). A checkpoint belongs to its
 * generation wherever that generation's collections are named, so data and checkpoint switch together.
 *
 * A switch from A to B (FerretDB 1.x has neither views nor renameCollection's dropTarget):
 * 1. `switching: {from: A, to: B}` is set and `epoch` counted up, in one conditional update: from
 *    then on no writer may start on A's (plain) collections;
 * 2. the writers already writing A (each holds a lease in `writers`, renewed while it writes) are
 *    waited for, or for their leases to run out (a writer that crashed);
 * 3. the plan is recorded: A's plain collections to retire, B's to place;
 * 4. collection by collection: `c` → `c__A`, then `c__B` → `c` (indexes move with a rename);
 * 5. `generation: B` is set, `switching` removed and `epoch` counted up, in one update.
 * Every step can be done again: a process that finds `switching` set (at connect, or reading the
 * active generation) finishes the switch, after a crash between two renames too.
 *
 * A read of a generation checks `epoch` after it: if a switch moved that generation's collections
 * meanwhile it throws GenerationSwitched (never an empty or mixed answer); the caller starts again.
 *
 * It keeps to what MongoDB and FerretDB 1.x (SQLite backend) both do: find / countDocuments with
 * `$and`, `$or`, `$nor`, `$exists` and the comparison operators, sort, limit, createIndexes,
 * unordered bulk replaceOne with upsert, listCollections, renameCollection without dropTarget,
 * drop. No transactions, no change streams, no views, no aggregation beyond what countDocuments sends.
 */
export class MongoReadStoreEngine implements ReadStoreEngine {
  private readonly generations = new Map<string, MongoReadStore>();
  private closed = false;
  /** The placement as last read; every read checks it afterwards, every write of the active generation in its lease. */
  placement: Placement = { generation: DEFAULT_GENERATION, epoch: 0 };

  private constructor(
    private readonly client: MongoClient,
    readonly db: Db,
    /** The server is FerretDB (1.x): writes take the path described at `MongoReadStore.write`. */
    readonly ferretdb: boolean,
  ) {}

  /**
   * Connects and pings, then finishes a switch a crash left half done. A server that cannot be
   * reached fails within serverSelectionTimeoutMS (10 s by default) with one message naming MONGODB_URL.
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
    const engine = new MongoReadStoreEngine(client, client.db(database), isFerretDb(info));
    try {
      await engine.start();
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
    return engine;
  }

  private get meta(): Collection<Document> {
    return this.db.collection(META_COLLECTION);
  }

  private readonly activeFilter = { _id: ACTIVE as unknown as Document['_id'] };

  /**
   * Creates the placement document, and moves a store written before generations were renamed
   * (the active one under `<collection>__<generation>`, no `epoch`) to the plain names.
   */
  private async start(): Promise<void> {
    const doc = await this.meta.findOne(this.activeFilter);
    if (!doc) {
      await this.meta.insertOne({ ...this.activeFilter, generation: DEFAULT_GENERATION, epoch: 0 }).catch((error: unknown) => {
        if ((error as { code?: number }).code !== 11000) throw error;
      });
    } else if (typeof doc.epoch !== 'number') {
      const generation = typeof doc.generation === 'string' ? doc.generation : DEFAULT_GENERATION;
      const switching = generation === DEFAULT_GENERATION ? {} : { switching: { from: DEFAULT_GENERATION, to: generation } };
      await this.meta.updateOne({ ...this.activeFilter, epoch: { $exists: false } }, { $set: { generation: DEFAULT_GENERATION, epoch: 1, ...switching } });
    }
    await this.settle();
  }

  /** Reads the placement. */
  async refreshPlacement(): Promise<Placement> {
    this.placement = placementOf(await this.meta.findOne(this.activeFilter));
    return this.placement;
  }

  async activeGeneration(): Promise<string> {
    const placement = await this.refreshPlacement();
    return placement.switching ? (await this.settle()).generation : placement.generation;
  }

  /** Switches to `generation` by renaming (see the class): once this returns, BI tools read it under the plain names. */
  async setActiveGeneration(generation: string): Promise<void> {
    checkGeneration(generation);
    for (let attempt = 0; ; attempt++) {
      if (attempt === 10) throw new Error(`read store: could not start the switch to generation ${generation} (setia_meta.active_generation keeps changing or is gone)`);
      const placement = await this.settle();
      if (placement.generation === generation) return;
      const started = await this.meta.updateOne(
        { ...this.activeFilter, epoch: placement.epoch, switching: { $exists: false } },
        { $set: { switching: { from: placement.generation, to: generation } }, $inc: { epoch: 1 } },
      );
      if (started.matchedCount === 1) break;
    }
    await this.settle();
  }

  /**
   * Finishes the switch under way, if any: waits for the old generation's writers, records the
   * plan, renames, and sets the new generation. Safe to run from several processes at once.
   */
  async settle(): Promise<Placement> {
    for (;;) {
      const doc = await this.meta.findOne(this.activeFilter);
      const placement = placementOf(doc);
      this.placement = placement;
      const switching = placement.switching;
      if (!switching) return placement;
      const now = Date.now();
      const writers = Object.values((doc?.writers ?? {}) as Record<string, number>);
      if (writers.some((until) => until > now)) {
        await sleep(SETTLE_POLL_MS);
        continue;
      }
      const { from, to, plan } = switching;
      if (!plan) {
        const names = await this.collectionNames();
        const retire = names.filter((name) => generationOf(name, from) === from);
        const place = names.filter((name) => generationOf(name, from) === to).map(baseName);
        await this.meta.updateOne(
          { ...this.activeFilter, epoch: placement.epoch, 'switching.plan': { $exists: false } },
          { $set: { 'switching.plan': { retire, place } } },
        );
        continue;
      }
      await this.rename(from, to, plan);
      await this.meta.updateOne(
        { ...this.activeFilter, epoch: placement.epoch },
        { $set: { generation: to, last: { from, to } }, $unset: { switching: '', writers: '' }, $inc: { epoch: 1 } },
      );
    }
  }

  /**
   * Step 4 of a switch. Each rename is decided from the names as they are just before it, so a
   * crash or another process finishing the same switch at once (its rename then fails, and the
   * names are looked at again) leaves nothing half done.
   */
  private async rename(from: string, to: string, plan: { retire: string[]; place: string[] }): Promise<void> {
    for (const collection of [...new Set([...plan.place, ...plan.retire])]) {
      const shadow = `${collection}__${to}`;
      const placing = plan.place.includes(collection);
      for (let attempt = 0; ; attempt++) {
        // Another process may have finished the switch meanwhile: then the plain names are the new generation's.
        if (placementOf(await this.meta.findOne(this.activeFilter)).switching?.to !== to) return;
        const names = new Set(
          (await this.db.listCollections({ name: { $in: [collection, shadow] } }, { nameOnly: true }).toArray()).map((c) => c.name),
        );
        // Placed already when its shadow is gone; a plain collection left beside the shadow is the old generation's.
        const step: [string, string] | undefined =
          names.has(collection) && (!placing || names.has(shadow))
            ? [collection, `${collection}__${from}`]
            : placing && names.has(shadow)
              ? [shadow, collection]
              : undefined;
        if (!step) break;
        try {
          await this.db.renameCollection(...step);
        } catch (error) {
          if (attempt >= 5) throw error;
        }
      }
    }
  }

  /**
   * Holds the active generation's collections for one write: refused (GenerationSwitched) once a
   * switch away from `generation` has started. The lease is renewed while the write lasts.
   */
  async hold(generation: string): Promise<() => Promise<void>> {
    const token = `w${randomBytes(8).toString('hex')}`;
    const field = `writers.${token}`;
    for (let attempt = 0; ; attempt++) {
      if (attempt === 10) throw new Error(`read store: could not hold generation ${generation} for a write (setia_meta.active_generation keeps changing or is gone)`);
      const placement = this.placement;
      if (placement.generation !== generation || placement.switching) throw new GenerationSwitched(generation);
      const held = await this.meta.updateOne(
        { ...this.activeFilter, generation, epoch: placement.epoch, switching: { $exists: false } },
        { $set: { [field]: Date.now() + WRITER_LEASE_MS } },
      );
      if (held.matchedCount === 1) break;
      await this.refreshPlacement();
    }
    const renew = setInterval(() => {
      void this.meta.updateOne({ ...this.activeFilter, [field]: { $exists: true } }, { $set: { [field]: Date.now() + WRITER_LEASE_MS } }).catch(() => undefined);
    }, WRITER_LEASE_MS / 3);
    renew.unref();
    return async () => {
      clearInterval(renew);
      await this.meta.updateOne(this.activeFilter, { $unset: { [field]: '' } });
    };
  }

  generation(generation: string): ReadStore {
    checkGeneration(generation);
    let store = this.generations.get(generation);
    if (!store) {
      store = new MongoReadStore(this, this.db, generation, this.ferretdb);
      this.generations.set(generation, store);
    }
    return store;
  }

  async dropGeneration(generation: string): Promise<void> {
    checkGeneration(generation);
    const placement = await this.settle();
    if (placement.generation === generation) throw new Error(`read store: generation ${generation} is active and cannot be dropped`);
    for (const name of await this.collectionNames()) {
      if (generationOf(name, placement.generation) === generation) await this.db.collection(name).drop();
    }
    await this.meta.deleteMany({ kind: 'checkpoint', generation });
    // Written again after this, it starts from scratch like any generation never active.
    this.generations.get(generation)?.dropped();
  }

  async listGenerations(): Promise<string[]> {
    const placement = await this.settle();
    const generations = new Set<string>();
    for (const name of await this.collectionNames()) {
      const generation = generationOf(name, placement.generation);
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

/** The name of a generation's collection when `active` is the active generation. */
export function collectionName(generation: string, collection: string, active: string): string {
  checkCollection(collection);
  return checkGeneration(generation) === active ? collection : `${collection}__${generation}`;
}

/** The generation a collection of the database belongs to when `active` is the active one, or undefined for others. */
function generationOf(name: string, active: string): string | undefined {
  if (name === META_COLLECTION || name.startsWith('system.') || name.startsWith('setia_')) return undefined;
  const at = name.lastIndexOf('__');
  return at > 0 ? name.slice(at + 2) : active;
}

function baseName(name: string): string {
  const at = name.lastIndexOf('__');
  return at > 0 ? name.slice(0, at) : name;
}

class MongoReadStore implements ReadStore {
  /** This generation was written as the active one (see `writing`). */
  private wasActive = false;

  constructor(
    private readonly engine: MongoReadStoreEngine,
    private readonly db: Db,
    readonly generationName: string,
    private readonly ferretdb: boolean,
  ) {}

  private get meta(): Collection<Document> {
    return this.db.collection(META_COLLECTION);
  }

  dropped(): void {
    this.wasActive = false;
  }

  /**
   * Runs a read on the collections as the engine last placed them, then checks the placement: a
   * switch that moved this generation's collections meanwhile makes it throw GenerationSwitched;
   * one that did not touch them leaves the answer good.
   */
  private async reading<T>(read: (collection: (name: string) => Collection<ReadDocument>) => Promise<T>): Promise<T> {
    const generation = this.generationName;
    for (;;) {
      let before = this.engine.placement;
      if (before.switching) before = await this.engine.settle();
      const result = await read((name) => this.db.collection<ReadDocument>(collectionName(generation, name, before.generation)));
      const after = await this.engine.refreshPlacement();
      const steps = after.epoch - before.epoch;
      if (steps === 0) return result;
      const moved = steps === 1 ? after.switching : steps === 2 && !after.switching ? after.last : undefined;
      if (moved && moved.from !== generation && moved.to !== generation) return result;
      if (generation === before.generation || generation === after.generation || after.switching) throw new GenerationSwitched(generation);
      // Not active before nor after: the same names both times; read again to be sure of them.
    }
  }

  /**
   * Runs a write: on the active generation's collections under a lease (see MongoReadStoreEngine.hold),
   * on another generation's directly (only the rebuild writes them, before it switches to them).
   */
  private async writing(write: (collection: (name: string) => Collection<ReadDocument>) => Promise<void>): Promise<void> {
    const generation = this.generationName;
    let placement = this.engine.placement;
    if (placement.generation !== generation) placement = await this.engine.refreshPlacement();
    if (placement.switching && (placement.switching.from === generation || placement.switching.to === generation)) throw new GenerationSwitched(generation);
    // Once active, a generation is retired by a switch: its writer (a projector behind) must follow the new one.
    if (placement.generation !== generation && this.wasActive) throw new GenerationSwitched(generation);
    if (placement.generation !== generation) {
      await write((name) => this.db.collection<ReadDocument>(collectionName(generation, name, placement.generation)));
      return;
    }
    const release = await this.engine.hold(generation);
    this.wasActive = true;
    try {
      await write((name) => this.db.collection<ReadDocument>(collectionName(generation, name, generation)));
    } finally {
      await release();
    }
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
    await this.writing(async (target) => {
      for (const [collection, specs] of byCollection) {
        for (const spec of specs) {
          const keys = sortKeys({ sort: spec.fields });
          if (keys[keys.length - 1][0] === '_id' && !spec.fields.some(([path]) => path === '_id')) keys.pop();
          await target(collection).createIndex(Object.fromEntries(keys));
        }
      }
    });
  }

  async get(collection: string, id: string): Promise<ReadDocument | null> {
    checkCollection(collection);
    return this.reading(async (target) => (await target(collection).findOne({ _id: id })) as ReadDocument | null);
  }

  async getMany(collection: string, ids: string[]): Promise<Map<string, ReadDocument>> {
    checkCollection(collection);
    return this.reading(async (target) => {
      const found = new Map<string, ReadDocument>();
      for (let i = 0; i < ids.length; i += 1000) {
        for (const doc of await target(collection).find({ _id: { $in: ids.slice(i, i + 1000) } }).toArray()) found.set(doc._id, doc as ReadDocument);
      }
      return found;
    });
  }

  async find(collection: string, filter: Filter, options: FindOptions = {}): Promise<ReadDocument[]> {
    checkCollection(collection);
    const clauses = filterClauses(conditions(filter));
    const keys = sortKeys(options);
    if (options.after) clauses.push(afterClause(keys, cursorValues(keys, options.after)));
    const limit = checkLimit(options.limit);
    if (limit === 0) return [];
    return this.reading(async (target) => {
      let cursor = target(collection).find(combine(clauses)).sort(Object.fromEntries(keys) as Record<string, SortDirection>);
      if (limit !== undefined) cursor = cursor.limit(limit);
      return (await cursor.toArray()) as ReadDocument[];
    });
  }

  async count(collection: string, filter: Filter): Promise<number> {
    checkCollection(collection);
    const query = combine(filterClauses(conditions(filter)));
    return this.reading((target) => target(collection).countDocuments(query));
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
    if (!byCollection.size) return;
    await this.writing(async (target) => {
      await Promise.all([...byCollection].map(([collection, docs]) => this.write(target(collection), [...docs.values()])));
    });
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
