const ABSENT: unique symbol = Symbol('absent');
/** The Map of the empty map, never written. */
const NOTHING = new Map<unknown, unknown>();

/**
 * A map whose versions never change: `with(key, value)` gives a new version in constant time and
 * every older version stays as it was. A ledger fold makes a new customer state per event; copying
 * its receipts each time made replaying a long ledger quadratic.
 *
 * All versions of one map share a single Map (Baker's "rerooting"): the version that owns it is
 * the root, and every other version keeps the one entry that differs from the version it points
 * to. Reading a version first turns the path from it to the root around, one step per version in
 * between. A fold reads the newest version or one a few events back, so that stays a step or two;
 * the shared Map is an implementation detail no caller can see change.
 */
export class PersistentMap<K, V> implements ReadonlyMap<K, V> {
  /** The shared Map when this version is the root, else null. */
  private map: Map<K, V> | null;
  /** Not the root: `next` is a version one step closer to the root, which differs from this one only at `key`. */
  private key: K | undefined = undefined;
  private value: V | typeof ABSENT = ABSENT;
  private next: PersistentMap<K, V> | null = null;

  private static readonly EMPTY = new PersistentMap<never, never>(NOTHING as Map<never, never>);

  private constructor(map: Map<K, V>) {
    this.map = map;
  }

  /**
   * The empty map: one version that every empty map is. A customer's state starts with several
   * empty maps, most of which a fold never writes, and a version (let alone a Map) each was a
   * visible share of what a scheduler pass left to the garbage collector.
   */
  static empty<K, V>(): PersistentMap<K, V> {
    return PersistentMap.EMPTY as PersistentMap<K, V>;
  }

  static of<K, V>(entries: Iterable<readonly [K, V]>): PersistentMap<K, V> {
    return new PersistentMap(new Map(entries));
  }

  /** This version with `key` set to `value`; this version is left as it is. */
  with(key: K, value: V): PersistentMap<K, V> {
    // The empty map, shared, stays out of every other version's steps: its first entry starts a Map of its own.
    if (this.map === NOTHING) return new PersistentMap(new Map([[key, value]]));
    const map = this.reroot();
    const previous = map.has(key) ? (map.get(key) as V) : ABSENT;
    map.set(key, value);
    const next = new PersistentMap(map);
    this.becomeStep(key, previous, next);
    return next;
  }

  get(key: K): V | undefined {
    return this.reroot().get(key);
  }

  has(key: K): boolean {
    return this.reroot().has(key);
  }

  get size(): number {
    return this.reroot().size;
  }

  // Iteration goes over a copy: reading another version of this map inside the loop reroots the shared Map.
  entries(): MapIterator<[K, V]> {
    return Array.from(this.reroot().entries())[Symbol.iterator]();
  }

  keys(): MapIterator<K> {
    return Array.from(this.reroot().keys())[Symbol.iterator]();
  }

  values(): MapIterator<V> {
    return Array.from(this.reroot().values())[Symbol.iterator]();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  /** Makes this version the root: walks to the root, then undoes each step on the way back, turning it around. */
  private reroot(): Map<K, V> {
    if (this.map !== null) return this.map;
    const path: Array<PersistentMap<K, V>> = [];
    let version: PersistentMap<K, V> = this;
    while (version.map === null) {
      path.push(version);
      version = version.next as PersistentMap<K, V>;
    }
    const map = version.map;
    for (let i = path.length - 1; i >= 0; i--) {
      const step = path[i];
      const newer = step.next as PersistentMap<K, V>;
      const key = step.key as K;
      const current = map.has(key) ? (map.get(key) as V) : ABSENT;
      if (step.value === ABSENT) map.delete(key);
      else map.set(key, step.value);
      newer.map = null;
      newer.becomeStep(key, current, step);
      step.map = map;
      step.key = undefined;
      step.value = ABSENT;
      step.next = null;
    }
    return map;
  }

  private becomeStep(key: K, value: V | typeof ABSENT, next: PersistentMap<K, V>): void {
    this.map = null;
    this.key = key;
    this.value = value;
    this.next = next;
  }
}
