import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import type { CheckpointStore } from '../checkpoint-store.port';
import type { Position } from '../event-store.port';

/** Checkpoints in a SQLite table; the embedded default keeps them in the event store's file. */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly db: Db;
  private readonly loadStatement: Statement<[string], { position: string }>;
  private readonly saveStatement: Statement<[string, string, number]>;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS checkpoints (subscriber TEXT PRIMARY KEY, position TEXT NOT NULL, saved_at INTEGER NOT NULL)');
    this.loadStatement = this.db.prepare('SELECT position FROM checkpoints WHERE subscriber = ?');
    this.saveStatement = this.db.prepare(
      'INSERT INTO checkpoints (subscriber, position, saved_at) VALUES (?, ?, ?) ON CONFLICT (subscriber) DO UPDATE SET position = excluded.position, saved_at = excluded.saved_at',
    );
  }

  async load(subscriberName: string): Promise<Position | undefined> {
    return this.loadStatement.get(subscriberName)?.position;
  }

  async save(subscriberName: string, position: Position): Promise<void> {
    this.saveStatement.run(subscriberName, position, Date.now());
  }

  close(): void {
    this.db.close();
  }
}
