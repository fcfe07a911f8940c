/** Streams split among workers by a hash of the name (FNV-1a), so every stream is whole in one worker. */
export function inPartition(stream: string, index: number, count: number): boolean {
  let hash = 0x811c9dc5;
  for (let i = 0; i < stream.length; i++) {
    hash ^= stream.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count === index;
}
