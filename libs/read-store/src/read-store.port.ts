import type { Position } from '@setia/event-store';

/**
 * The read-store port: documents the projector writes and the query API and BI tools read.
 *
 * Exactly-once effect without multi-document transactions: every document carries `_position`,
 * the position of the last event applied to it. A write replaces the stored document only when
 * the stored `_position` is lower, so replaying events after a crash (the checkpoint is written
 * after the batch) cannot apply an event twice to any document.
 *
 * Read models live in generations: a rebuild writes a fresh generation while the active one is
 * still served, then switches over. Collections of one generation are separate from every
 * other's. On MongoDB the active generation's collections carry the plain names BI tools know
 * (`customers`), every other's `<collection>__<generation>`, and the switch renames them (see
 * MongoReadStoreEngine).
 */

export type Scalar = string | number | boolean | null;

/** A document of a read model. `_id` is unique within its collection. */
export interface ReadDocument {
  _id: string;
  /** Position of the last event applied to this document. */
  _position: Position;
  [field: string]: unknown;
}

/** Conditions on one field (top-level or dotted path); several operators are AND-ed. */
export type FieldCondition =
  | Scalar
  | {
      $eq?: Scalar;
      $ne?: Scalar;
      $lt?: Scalar;
      $lte?: Scalar;
      $gt?: Scalar;
      $gte?: Scalar;
      $in?: Scalar[];
    };

/** Field conditions, AND-ed. A missing field never matches a comparison other than `$ne`. */
export type Filter = Record<string, FieldCondition>;

export type SortDirection = 1 | -1;

export interface FindOptions {
  /** Sort keys in order; `_id` ascending is always added last as the tie-breaker. */
  sort?: Array<[field: string, direction: SortDirection]>;
  limit?: number;
  /**
   * Keyset pagination: only documents strictly after this one in the sort order, given by the
   * values of its sort fields (in `sort` order) and its `_id`.
   */
  after?: { values: Scalar[]; id: string };
}

export interface IndexSpec {
  collection: string;
  fields: Array<[field: string, direction: SortDirection]>;
}

export interface DocumentWrite {
  collection: string;
  document: ReadDocument;
}

/** A checkpoint and the time of the event it names. */
export interface CheckpointRecord {
  position: Position;
  recordedAt: string | null;
}

/** One generation of the read models. */
export interface ReadStore {
  /** Creates the collections' indexes; safe to call at every start. */
  ensureIndexes(indexes: IndexSpec[]): Promise<void>;
  get(collection: string, id: string): Promise<ReadDocument | null>;
  /** The documents found among `ids`, by id; missing ids are absent from the map. */
  getMany(collection: string, ids: string[]): Promise<Map<string, ReadDocument>>;
  find(collection: string, filter: Filter, options?: FindOptions): Promise<ReadDocument[]>;
  count(collection: string, filter: Filter): Promise<number>;
  /**
   * Stores each document unless the stored one has a `_position` greater than or equal to the
   * new one's (then that write is skipped, silently). Each document is written atomically;
   * the batch as a whole is not.
   */
  putMany(writes: DocumentWrite[]): Promise<void>;
  /** The position a named consumer has applied up to, in this generation. */
  getCheckpoint(name: string): Promise<Position | undefined>;
  /** The checkpoint with when the event at it was recorded (null for one set without it). */
  getCheckpointRecord(name: string): Promise<CheckpointRecord | undefined>;
  /** `recordedAt`: when the event at `position` was recorded (ISO 8601), so readers can tell its age. */
  setCheckpoint(name: string, position: Position, recordedAt?: string): Promise<void>;
}

/** All generations of the read models in one database. */
export interface ReadStoreEngine {
  /** The generation queries and the projector use; `g0` until a rebuild switches. */
  activeGeneration(): Promise<string>;
  setActiveGeneration(generation: string): Promise<void>;
  generation(generation: string): ReadStore;
  /** Drops every collection of a generation that is not the active one. */
  dropGeneration(generation: string): Promise<void>;
  /** Generations that have at least one collection or checkpoint. */
  listGenerations(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * A read or write of a generation met a switch of the active generation (MongoDB: its collections
 * were being renamed). Nothing was written; the caller starts again from the active generation.
 */
export class GenerationSwitched extends Error {
  constructor(readonly generation: string) {
    super(`read store: the active generation switched while generation ${generation} was read or written; start again from the active one`);
    this.name = 'GenerationSwitched';
  }
}

/** Nest injection token for the read-store engine. */
export const READ_STORE_ENGINE = Symbol('READ_STORE_ENGINE');
