/**
 * A bounded map that keeps what was remembered most recently. Past its capacity it forgets the
 * least recently remembered half at once: forgetting the oldest entry one at a time made every
 * next oldest slower to find (a Map's iteration skips the holes deleted entries leave at its
 * front), growing with the number of entries.
 */
export class RecentlyUsed<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Sets the value as the most recently remembered. */
  remember(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size <= this.capacity) return;
    let forget = this.entries.size - Math.floor(this.capacity / 2);
    for (const oldest of this.entries.keys()) {
      if (forget-- <= 0) break;
      this.entries.delete(oldest);
    }
  }

  forget(key: K): void {
    this.entries.delete(key);
  }
}
