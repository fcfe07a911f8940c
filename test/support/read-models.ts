import { COLLECTIONS } from '@setia/projections';
import type { ReadDocument, ReadStoreEngine } from '@setia/read-store';

/** Every document of every read model in the active generation, by collection, in `_id` order. */
export async function everyDocument(engine: ReadStoreEngine): Promise<Record<string, ReadDocument[]>> {
  const store = engine.generation(await engine.activeGeneration());
  const all: Record<string, ReadDocument[]> = {};
  for (const collection of Object.values(COLLECTIONS)) all[collection] = await store.find(collection, {}, { sort: [['_id', 1]] });
  return all;
}
