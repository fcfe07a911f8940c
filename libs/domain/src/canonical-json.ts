/**
 * JSON with object keys sorted, so two equal values always give the same text (for fingerprints
 * and hashes). Written out by hand because it runs on every command.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalJson((value as { toJSON(): unknown }).toJSON());
  // Built up by concatenation: half the cost of collecting parts and joining them.
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i > 0 ? ',' : '') + canonicalJson(value[i]);
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  let text = '{';
  for (const key of sortedInPlace(Object.keys(record))) {
    const item = record[key];
    if (item !== undefined && typeof item !== 'function') text += (text.length > 1 ? ',' : '') + JSON.stringify(key) + ':' + canonicalJson(item);
  }
  return `${text}}`;
}

/**
 * Keys in the order Array.prototype.sort gives strings (by UTF-16 code units), by insertion: an
 * object has few keys, and this costs less than sort() on the fingerprint of each command.
 */
function sortedInPlace(keys: string[]): string[] {
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > key; j--) keys[j + 1] = keys[j];
    keys[j + 1] = key;
  }
  return keys;
}
