import type { Position } from '@setia/event-store';
import type { DocumentWrite, ReadDocument } from '@setia/read-store';
import type { BatchStore } from './projector';

/**
 * The documents the live projector wrote last, as it wrote them, for the batches after: a busy
 * customer's document (or a day's figures) is read back by nearly every batch, and reading it
 * from the store (a query and the parse of its text) cost as much as writing it. Write-through:
 * a document is remembered once the store took it. The projector is the one writer of its
 * generation, so what it wrote is what the store holds; a new subscription (after an error, or
 * on another generation) starts with nothing remembered.
 */
export class RememberedDocuments implements BatchStore {
  /** By collection and id, the least recently used first. */
  private readonly remembered = new Map<string, ReadDocument>();

  constructor(
    private readonly store: BatchStore,
    /** Documents remembered at most: each is as large as its text, a few kilobytes for a customer with a year of receipts. */
    private readonly limit: number,
  ) {}

  async getMany(collection: string, ids: string[]): Promise<Map<string, ReadDocument>> {
    const found = new Map<string, ReadDocument>();
    const notRemembered: string[] = [];
    for (const id of ids) {
      const key = keyOf(collection, id);
      const document = this.remembered.get(key);
      if (document === undefined) {
        notRemembered.push(id);
        continue;
      }
      found.set(id, document);
      this.remembered.delete(key);
      this.remembered.set(key, document);
    }
    if (notRemembered.length > 0) for (const [id, document] of await this.store.getMany(collection, notRemembered)) found.set(id, document);
    return found;
  }

  async putMany(writes: DocumentWrite[]): Promise<void> {
    await this.store.putMany(writes);
    for (const { collection, document } of writes) {
      const key = keyOf(collection, document._id);
      this.remembered.delete(key);
      this.remembered.set(key, document);
    }
    for (const key of this.remembered.keys()) {
      if (this.remembered.size <= this.limit) break;
      this.remembered.delete(key);
    }
  }

  setCheckpoint(name: string, position: Position, recordedAt?: string): Promise<void> {
    return this.store.setCheckpoint(name, position, recordedAt);
  }
}

const keyOf = (collection: string, id: string) => `${collection}\u0000${id}`;
