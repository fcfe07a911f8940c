import type { EventStore, Position } from '@setia/event-store';
import type { ReadStoreEngine } from '@setia/read-store';
import { PROJECTED_STREAM_PREFIXES, applyBatch } from './projector';
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

const projected = (streamName: string) => PROJECTED_STREAM_PREFIXES.some((prefix) => streamName.startsWith(prefix));

/**
 * Rebuilds every read model from the event store into a fresh generation while the active one
 * is still served, then switches over and drops the old generations. A running projector
 * follows the switch and continues from where the rebuild stopped.
 */
export async function rebuildReadModels(
  events: EventStore,
  engine: ReadStoreEngine,
  options: { batchSize?: number; onProgress?: (progress: RebuildProgress) => void } = {},
): Promise<RebuildResult> {
  const batchSize = options.batchSize ?? 5000;
  const started = Date.now();
  const previous = await engine.activeGeneration();
  const generations = await engine.listGenerations();
  const next = Math.max(0, ...[previous, ...generations].map((g) => Number(/^g(\d+)$/.exec(g)?.[1] ?? 0))) + 1;
  const generation = `g${next}`;
  await engine.dropGeneration(generation);
  const store = engine.generation(generation);

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
    await applyBatch(store, batch);
    after = page[page.length - 1].position;
    done += batch.length;
    const reached = end === undefined ? undefined : Number(after) / end;
    options.onProgress?.({ done, total: reached === undefined || reached >= 1 ? done : Math.max(done, Math.round(done / reached)) });
  }
  await store.ensureIndexes(READ_MODEL_INDEXES);

  await engine.setActiveGeneration(generation);
  // Only the read models' generations (gN): others in the store (the scheduler's) are not theirs to drop.
  for (const old of await engine.listGenerations()) if (old !== generation && /^g\d+$/.test(old)) await engine.dropGeneration(old);
  return { generation, previous, events: done, seconds: (Date.now() - started) / 1000 };
}
