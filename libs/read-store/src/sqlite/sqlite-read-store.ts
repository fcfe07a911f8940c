import { metrics, timed } from '@setia/platform';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Position } from '@setia/event-store';
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

/**
 * The embedded read store: one SQLite file (WAL), one table per generation and collection,
 * named `doc_<generation>_<collection>` with columns `id` (the `_id`), `position` (the
 * `_position`, indexed by nothing: the guard reads it through the primary key) and `doc` (the
 * whole document as JSON text). Filters and sorts read fields with `json_extract`; IndexSpecs
 * become expression indexes on exactly the expressions the queries use, so the planner picks
 * them. The active generation lives in `read_store_meta`, checkpoints in
 * `read_store_checkpoints`.
 *
 * Several processes may open the same file (the API reads while the projector writes).
 */
export class SqliteReadStoreEngine implements ReadStoreEngine {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly tables = new Set<string>();
  private readonly generations = new Map<string, SqliteReadStore>();
  private closed = false;

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // The checkpoint is written after its batch, in a later transaction; WAL keeps transactions
    // in order, so NORMAL can lose the newest ones on power loss but never a batch whose
    // checkpoint survived. A process crash loses nothing.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    // A page cache of up to 64 MB instead of SQLite's 2 MB: the documents and index pages a
    // projector batch reads and rewrites stay in it (more did no better in the projector's bench).
    this.db.pragma('cache_size = -65536');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS read_store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS read_store_checkpoints (
        generation TEXT NOT NULL, name TEXT NOT NULL, position TEXT NOT NULL, recorded_at TEXT,
        PRIMARY KEY (generation, name)
      );
    `);
    // Files from before checkpoints kept their event's time gain the column (null until the next batch).
    const columns = this.db.prepare(`PRAGMA table_info(read_store_checkpoints)`).all() as Array<{ name: string }>;
    if (!columns.some((column) => column.name === 'recorded_at')) this.db.exec(`ALTER TABLE read_store_checkpoints ADD COLUMN recorded_at TEXT`);
  }

  async activeGeneration(): Promise<string> {
    const row = this.statement(`SELECT value FROM read_store_meta WHERE key = 'active_generation'`).get() as { value: string } | undefined;
    return row?.value ?? DEFAULT_GENERATION;
  }

  async setActiveGeneration(generation: string): Promise<void> {
    checkGeneration(generation);
    this.statement(`INSERT INTO read_store_meta (key, value) VALUES ('active_generation', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(
      generation,
    );
  }

  generation(generation: string): ReadStore {
    checkGeneration(generation);
    let store = this.generations.get(generation);
    if (!store) {
      store = new SqliteReadStore(this, generation);
      this.generations.set(generation, store);
    }
    return store;
  }

  async dropGeneration(generation: string): Promise<void> {
    checkGeneration(generation);
    const drop = this.db.transaction(() => {
      const active = (this.db.prepare(`SELECT value FROM read_store_meta WHERE key = 'active_generation'`).get() as { value: string } | undefined)?.value;
      if ((active ?? DEFAULT_GENERATION) === generation) throw new Error(`read store: generation ${generation} is active and cannot be dropped`);
      const prefix = `doc_${generation}_`;
      for (const { name } of this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>) {
        if (name.startsWith(prefix)) this.db.exec(`DROP TABLE ${quote(name)}`);
      }
      this.db.prepare(`DELETE FROM read_store_checkpoints WHERE generation = ?`).run(generation);
    });
    // Statements prepared on dropped tables must not be reused.
    this.statements.clear();
    this.tables.clear();
    drop.immediate();
  }

  async listGenerations(): Promise<string[]> {
    const generations = new Set<string>();
    for (const { name } of this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'doc\\_%' ESCAPE '\\'`).all() as Array<{
      name: string;
    }>) {
      const generation = name.slice(4, name.indexOf('_', 4));
      if (generation) generations.add(generation);
    }
    for (const { generation } of this.db.prepare(`SELECT DISTINCT generation FROM read_store_checkpoints`).all() as Array<{ generation: string }>) {
      generations.add(generation);
    }
    return [...generations].sort();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.db.close();
  }

  /** @internal */
  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size > 1000) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** @internal The table of a collection, or undefined when it was never written. */
  existingTable(generation: string, collection: string): string | undefined {
    const table = tableName(generation, collection);
    if (this.tables.has(table)) return table;
    const found = this.statement(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table);
    if (!found) return undefined;
    this.tables.add(table);
    return table;
  }

  /** @internal */
  createTable(generation: string, collection: string): string {
    const table = tableName(generation, collection);
    if (this.tables.has(table)) return table;
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${quote(table)} (id TEXT PRIMARY KEY, position TEXT NOT NULL, doc TEXT NOT NULL)`);
    this.tables.add(table);
    return table;
  }

  /** @internal Runs a read; if another process dropped the table meanwhile, looks it up again. */
  read<T>(generation: string, collection: string, empty: T, run: (table: string) => T): T {
    for (let attempt = 0; ; attempt++) {
      const table = this.existingTable(generation, collection);
      if (!table) return empty;
      try {
        return run(table);
      } catch (error) {
        if (attempt > 0 || !/no such table/.test(String((error as Error).message))) throw error;
        this.tables.delete(table);
        this.statements.clear();
      }
    }
  }

  /** @internal */
  transaction(work: () => void): void {
    this.db.transaction(work).immediate();
  }
}

class SqliteReadStore implements ReadStore {
  constructor(private readonly engine: SqliteReadStoreEngine, readonly generationName: string) {}

  async ensureIndexes(indexes: IndexSpec[]): Promise<void> {
    this.engine.transaction(() => {
      for (const index of indexes) {
        checkCollection(index.collection);
        if (!index.fields.length) throw new Error(`read store: an index on ${index.collection} needs at least one field`);
        const table = this.engine.createTable(this.generationName, index.collection);
        const keys = sortKeys({ sort: index.fields });
        if (keys[keys.length - 1][0] === '_id' && !index.fields.some(([path]) => path === '_id')) keys.pop();
        const name = `ix_${table}__${keys.map(([path, direction]) => `${path}_${direction === 1 ? 'asc' : 'desc'}`).join('__')}`;
        const columns = keys.map(([path, direction]) => `${field(path).value} ${direction === 1 ? 'ASC' : 'DESC'}`).join(', ');
        this.engine.statement(`CREATE INDEX IF NOT EXISTS ${quote(name)} ON ${quote(table)} (${columns})`).run();
      }
    });
  }

  async get(collection: string, id: string): Promise<ReadDocument | null> {
    checkCollection(collection);
    return this.engine.read(this.generationName, collection, null, (table) => {
      const row = this.engine.statement(`SELECT doc FROM ${quote(table)} WHERE id = ?`).get(id) as { doc: string } | undefined;
      return row ? (JSON.parse(row.doc) as ReadDocument) : null;
    });
  }

  async getMany(collection: string, ids: string[]): Promise<Map<string, ReadDocument>> {
    checkCollection(collection);
    const found = new Map<string, ReadDocument>();
    if (!ids.length) return found;
    return this.engine.read(this.generationName, collection, found, (table) => {
      const rows = this.engine.statement(`SELECT id, doc FROM ${quote(table)} WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as Array<{
        id: string;
        doc: string;
      }>;
      for (const row of rows) found.set(row.id, JSON.parse(row.doc) as ReadDocument);
      return found;
    });
  }

  async find(collection: string, filter: Filter, options: FindOptions = {}): Promise<ReadDocument[]> {
    checkCollection(collection);
    const params: unknown[] = [];
    const where = whereSql(conditions(filter), params);
    const keys = sortKeys(options);
    if (options.after) where.push(afterSql(keys, cursorValues(keys, options.after), params));
    const limit = checkLimit(options.limit);
    if (limit === 0) return [];
    const order = keys.map(([path, direction]) => `${field(path).value} ${direction === 1 ? 'ASC' : 'DESC'}`).join(', ');
    return this.engine.read(this.generationName, collection, [] as ReadDocument[], (table) => {
      const sql =
        `SELECT doc FROM ${quote(table)}` +
        (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
        ` ORDER BY ${order}` +
        (limit !== undefined ? ` LIMIT ${limit}` : '');
      const rows = this.engine.statement(sql).all(...params) as Array<{ doc: string }>;
      return rows.map((row) => JSON.parse(row.doc) as ReadDocument);
    });
  }

  async count(collection: string, filter: Filter): Promise<number> {
    checkCollection(collection);
    const params: unknown[] = [];
    const where = whereSql(conditions(filter), params);
    return this.engine.read(this.generationName, collection, 0, (table) => {
      const sql = `SELECT count(*) AS n FROM ${quote(table)}` + (where.length ? ` WHERE ${where.join(' AND ')}` : '');
      return (this.engine.statement(sql).get(...params) as { n: number }).n;
    });
  }

  putMany(writes: DocumentWrite[]): Promise<void> {
    return timed(metrics.readStoreWriteDuration, 'sqlite', this.putManyNow(writes));
  }

  private async putManyNow(writes: DocumentWrite[]): Promise<void> {
    if (!writes.length) return;
    for (const { collection, document } of writes) {
      checkCollection(collection);
      if (typeof document?._id !== 'string' || typeof document._position !== 'string') {
        throw new Error(`read store: a document of ${collection} needs a string _id and a string _position`);
      }
    }
    this.engine.transaction(() => {
      const upserts = new Map<string, Database.Statement>();
      for (const { collection, document } of writes) {
        let upsert = upserts.get(collection);
        if (!upsert) {
          const table = quote(this.engine.createTable(this.generationName, collection));
          upsert = this.engine.statement(
            `INSERT INTO ${table} (id, position, doc) VALUES (?, ?, ?) ` +
              `ON CONFLICT (id) DO UPDATE SET position = excluded.position, doc = excluded.doc WHERE excluded.position > ${table}.position`,
          );
          upserts.set(collection, upsert);
        }
        upsert.run(document._id, document._position, JSON.stringify(document));
      }
    });
  }

  async getCheckpoint(name: string): Promise<Position | undefined> {
    return (await this.getCheckpointRecord(name))?.position;
  }

  async getCheckpointRecord(name: string): Promise<CheckpointRecord | undefined> {
    const row = this.engine
      .statement(`SELECT position, recorded_at FROM read_store_checkpoints WHERE generation = ? AND name = ?`)
      .get(this.generationName, name) as { position: string; recorded_at: string | null } | undefined;
    return row && { position: row.position, recordedAt: row.recorded_at };
  }

  async setCheckpoint(name: string, position: Position, recordedAt?: string): Promise<void> {
    this.engine
      .statement(
        `INSERT INTO read_store_checkpoints (generation, name, position, recorded_at) VALUES (?, ?, ?, ?) ` +
          `ON CONFLICT (generation, name) DO UPDATE SET position = excluded.position, recorded_at = excluded.recorded_at`,
      )
      .run(this.generationName, name, position, recordedAt ?? null);
  }
}

function tableName(generation: string, collection: string): string {
  return `doc_${checkGeneration(generation)}_${checkCollection(collection)}`;
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** SQL for a field's value and its JSON type (`'null'` for a stored null, NULL when missing). */
function field(path: string): { value: string; type: string } {
  if (path === '_id') return { value: 'id', type: `'text'` };
  if (path === '_position') return { value: 'position', type: `'text'` };
  const jsonPath = `'$.${path.split('.').map((segment) => `"${segment}"`).join('.')}'`;
  return { value: `json_extract(doc, ${jsonPath})`, type: `json_type(doc, ${jsonPath})` };
}

function typeTest(type: string, value: Exclude<Scalar, null>): string {
  if (typeof value === 'string') return `${type} = 'text'`;
  if (typeof value === 'number') return `${type} IN ('integer', 'real')`;
  return `${type} IN ('true', 'false')`;
}

/** Booleans come out of json_extract as 1 / 0. */
function bind(value: Exclude<Scalar, null>): string | number {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

const SQL_OPERATOR = { $eq: '=', $lt: '<', $lte: '<=', $gt: '>', $gte: '>=' } as const;

function conditionSql({ path, op, value }: Condition, params: unknown[]): string {
  const f = field(path);
  if (op === '$ne') return `NOT IFNULL(${conditionSql({ path, op: '$eq', value }, params)}, 0)`;
  if (op === '$in') {
    const values = value as Scalar[];
    const parts: string[] = [];
    if (values.includes(null)) parts.push(`${f.type} = 'null'`);
    for (const kind of ['string', 'number', 'boolean'] as const) {
      const ofKind = values.filter((v): v is Exclude<Scalar, null> => v !== null && typeof v === kind);
      if (!ofKind.length) continue;
      params.push(...ofKind.map(bind));
      parts.push(`(${f.value} IN (${ofKind.map(() => '?').join(', ')}) AND ${typeTest(f.type, ofKind[0])})`);
    }
    return parts.length ? `(${parts.join(' OR ')})` : '0';
  }
  const v = value as Scalar;
  if (v === null) return op === '$lt' || op === '$gt' ? '0' : `${f.type} = 'null'`;
  params.push(bind(v));
  return `(${f.value} ${SQL_OPERATOR[op]} ? AND ${typeTest(f.type, v)})`;
}

function whereSql(list: Condition[], params: unknown[]): string[] {
  return list.map((condition) => conditionSql(condition, params));
}

/**
 * Rows strictly after the cursor in the order `keys` (null / missing first ascending, last
 * descending): k1 after v1, or k1 = v1 and k2 after v2, ... Parameters are pushed in order.
 */
function afterSql(keys: Array<[string, SortDirection]>, values: Scalar[], params: unknown[]): string {
  const alternatives: string[] = [];
  const alternativeParams: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const parts: string[] = [];
    const own: unknown[] = [];
    for (let j = 0; j < i; j++) parts.push(sameSql(keys[j][0], values[j], own));
    const beyond = beyondSql(keys[i][0], keys[i][1], values[i], own);
    if (beyond === '0') continue;
    parts.push(beyond);
    alternativeParams.push(...own);
    alternatives.push(`(${parts.join(' AND ')})`);
  }
  if (!alternatives.length) return '0';
  // Every alternative has the first key at or after its value: said once more on its own, it is a
  // range the index seeks to, where the alternatives alone would have it read from the start.
  const [[firstPath, firstDirection]] = keys;
  const [firstValue] = values;
  let seek = '';
  if (firstDirection === 1 && firstValue !== null) {
    seek = `${field(firstPath).value} >= ? AND `;
    params.push(bind(firstValue));
  }
  params.push(...alternativeParams);
  return `(${seek}(${alternatives.join(' OR ')}))`;
}

function sameSql(path: string, value: Scalar, params: unknown[]): string {
  const f = field(path);
  if (value === null) return `${f.value} IS NULL`;
  params.push(bind(value));
  return `${f.value} = ?`;
}

function beyondSql(path: string, direction: SortDirection, value: Scalar, params: unknown[]): string {
  const f = field(path);
  if (value === null) return direction === 1 ? `${f.value} IS NOT NULL` : '0';
  params.push(bind(value));
  return direction === 1 ? `${f.value} > ?` : `(${f.value} < ? OR ${f.value} IS NULL)`;
}
