/**
 * Names shared by the adapters. Generation and collection names end up in table and collection
 * names, so they are checked once here: a generation is letters, digits and `-` (no `_`, so the
 * MongoDB scheme `<collection>__<generation>` splits without doubt), a collection starts with a
 * letter and holds letters, digits and single underscores.
 */
export const DEFAULT_GENERATION = 'g0';

const GENERATION = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;
const COLLECTION = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;

export function checkGeneration(generation: string): string {
  if (!GENERATION.test(generation)) {
    throw new Error(`read store: bad generation name "${generation}" (letters, digits and "-", at most 40)`);
  }
  return generation;
}

export function checkCollection(collection: string): string {
  if (!COLLECTION.test(collection) || collection.length > 60 || collection.startsWith('setia_') || collection.startsWith('system')) {
    throw new Error(
      `read store: bad collection name "${collection}" (a letter, then letters, digits and single "_"; at most 60; not setia_* or system*)`,
    );
  }
  return collection;
}

/**
 * A field path, `a` or `a.b.c`, through nested objects (not arrays): no empty segment, no `$` at
 * a segment's start, no quote or backslash (SQLite inlines paths into index expressions).
 */
export function checkPath(path: string): string {
  if (!path || path.split('.').some((segment) => segment === '' || segment.startsWith('$') || /["'\\]/.test(segment))) {
    throw new Error(`read store: bad field path "${path}"`);
  }
  return path;
}
