import type { Position } from './event-store.port';

/**
 * Where a subscriber (process manager, relay) keeps the last position it has fully handled.
 * Saved after the work is done, so a crash repeats work (handlers are idempotent) and never skips it.
 */
export interface CheckpointStore {
  load(subscriberName: string): Promise<Position | undefined>;
  save(subscriberName: string, position: Position): Promise<void>;
}

export const CHECKPOINT_STORE = Symbol('CHECKPOINT_STORE');
