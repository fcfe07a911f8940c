import type { EventStore, Position } from '@setia/event-store';
import type { DocumentWrite, ReadDocument, ReadStore, ReadStoreEngine } from '@setia/read-store';
import { PROJECTED_STREAM_PREFIXES, applyBatch } from './projector';
import type { BatchStore } from './projector';
import { READ_MODEL_INDEXES } from './read-models';

export interface RebuildProgress {
  /** Projected events applied so far. */
  done: number;
  /**
   * The projected events there are in all, as estimated from how far through the store's
   * positions the rebuild is (SQLite's count events); `done` where positions are not numbers.
   */
  total: number;
}

export interface RebuildResult {
  generation: string;
  previous: string;
  events: number;
  seconds: number;
}

/**
 * Documents a rebuild holds in memory before it writes them: each costs memory, and holding more
 * writes each document fewer times (the README's benchmarks give the rebuild's memory and speed
 * holding none, 20,000 and 100,000).
 */
const HOLD_DOCUMENTS = 20_000;

/**
 * The fresh generation as the rebuild's batches see it: the documents they write are held in memory
 * and written together once there are `limit` of them, and at the end, with the checkpoint
 * of the last batch. No one reads the generation before the switch, and a rebuild that stops half
 * way is dropped by the next; a document read by many batches (a customer's, a day's) is then
 * written once or a few times rather than by every batch.
 */
class HeldDocuments implements BatchStore {
  private readonly held = new Map<string, Map<string, ReadDocument>>();
  private count = 0;
  /** Whether any document went to the store: until then the fresh generation has none to read. */
  private written = false;
  private checkpoint: [name: string, position: Position, recordedAt?: string] | undefined;

  constructor(
    private readonly store: ReadStore,
    private readonly limit: number,
  ) {}

  async getMany(collection: string, ids: string[]): Promise<Map<string, ReadDocument>> {
    const held = this.held.get(collection);
    const found = new Map<string, ReadDocument>();
    const notHeld: string[] = [];
    for (const id of ids) {
      const doc = held?.get(id);
      if (doc) found.set(id, doc);
      else notHeld.push(id);
    }
    if (this.written && notHeld.length > 0) for (const [id, doc] of await this.store.getMany(collection, notHeld)) found.set(id, doc);
    return found;
  }

  async putMany(writes: DocumentWrite[]): Promise<void> {
    for (const { collection, document } of writes) {
      let held = this.held.get(collection);
      if (!held) this.held.set(collection, (held = new Map()));
      if (!held.has(document._id)) this.count += 1;
      held.set(document._id, document);
    }
  }

  async setCheckpoint(name: string, position: Position, recordedAt?: string): Promise<void> {
    this.checkpoint = [name, position, recordedAt];
    if (this.count >= this.limit) await this.write();
  }

  /** Writes what is held, then the checkpoint of the batches it came from. */
  async write(): Promise<void> {
    const writes: DocumentWrite[] = [];
    for (const [collection, held] of this.held) for (const document of held.values()) writes.push({ collection, document });
    if (writes.length > 0) await this.store.putMany(writes);
    if (this.checkpoint) await this.store.setCheckpoint(...this.checkpoint);
    this.written ||= writes.length > 0;
    this.held.clear();
    this.count = 0;
  }
}

const projected = (streamName: string) => PROJECTED_STREAM_PREFIXES.some((prefix) => streamName.startsWith(prefix));

/**
 * Rebuilds every read model from the event store into a fresh generation while the active one
 * is still served, then switches over and drops the old generations. A running projector
 * follows the switch and continues from where the rebuild stopped.
 */
export async function rebuildReadModels(
  events: EventStore,
  engine: ReadStoreEngine,
  options: { batchSize?: number; holdDocuments?: number; onProgress?: (progress: RebuildProgress) => void } = {},
): Promise<RebuildResult> {
  const batchSize = options.batchSize ?? 5000;
  const started = Date.now();
  const previous = await engine.activeGeneration();
  const generations = await engine.listGenerations();
  const next = Math.max(0, ...[previous, ...generations].map((g) => Number(/^g(\d+)$/.exec(g)?.[1] ?? 0))) + 1;
  const generation = `g${next}`;
  await engine.dropGeneration(generation);
  const store = engine.generation(generation);
  const held = new HeldDocuments(store, options.holdDocuments ?? HOLD_DOCUMENTS);

  // Where the store ends now, for the progress: positions count events on SQLite.
  const [head] = await events.readAll({ direction: 'backwards', maxCount: 1 });
  const end = head && /^\d+$/.test(head.position) ? Number(head.position) : undefined;
  let done = 0;
  options.onProgress?.({ done, total: 0 });
  // The fresh generation's indexes are made once it is loaded: sorting each index once is several
  // times cheaper than keeping every index up to date through each batch's writes.
  for (let after: Position | undefined; ; ) {
    const page = await events.readAll({ after, maxCount: batchSize });
    if (page.length === 0) break;
    const batch = page.filter((event) => projected(event.streamName));
    await applyBatch(held, batch);
    after = page[page.length - 1].position;
    done += batch.length;
    const reached = end === undefined ? undefined : Number(after) / end;
    options.onProgress?.({ done, total: reached === undefined || reached >= 1 ? done : Math.max(done, Math.round(done / reached)) });
  }
  await held.write();
  await store.ensureIndexes(READ_MODEL_INDEXES);

  await engine.setActiveGeneration(generation);
  // Only the read models' generations (gN): others in the store (the scheduler's) are not theirs to drop.
  for (const old of await engine.listGenerations()) if (old !== generation && /^g\d+$/.test(old)) await engine.dropGeneration(old);
  return { generation, previous, events: done, seconds: (Date.now() - started) / 1000 };
}
