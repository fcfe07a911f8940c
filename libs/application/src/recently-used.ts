/**
 * A bounded map that keeps what was remembered most recently. Each entry weighs what `weigh`
 * says (1 by default: the capacity is then a count), and past its capacity the map forgets the
 * least recently remembered entries at once, until it weighs half its capacity: forgetting the
 * oldest entry one at a time made every next oldest slower to find (a Map's iteration skips the
 * holes deleted entries leave at its front), growing with the number of entries.
 */
export class RecentlyUsed<K, V> {
  private readonly entries = new Map<K, V>();
  /** Each entry's weight, when they are weighed. */
  private readonly weights: Map<K, number> | undefined;
  private total = 0;

  constructor(
    private readonly capacity: number,
    private readonly weigh?: (value: V) => number,
  ) {
    this.weights = weigh ? new Map() : undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  /** What the entries weigh together (their count when they are not weighed). */
  get weight(): number {
    return this.weights ? this.total : this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Sets the value as the most recently remembered. */
  remember(key: K, value: V): void {
    this.forget(key);
    this.entries.set(key, value);
    if (this.weights) {
      const weight = this.weigh!(value);
      this.weights.set(key, weight);
      this.total += weight;
    }
    if (this.weight <= this.capacity) return;
    const half = Math.floor(this.capacity / 2);
    for (const oldest of this.entries.keys()) {
      if (this.weight <= half) break;
      this.forget(oldest);
    }
  }

  forget(key: K): void {
    if (!this.entries.delete(key) || !this.weights) return;
    this.total -= this.weights.get(key)!;
    this.weights.delete(key);
  }
}
