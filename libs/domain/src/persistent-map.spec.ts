import { PersistentMap } from './persistent-map';
import { seededRandom } from '../../../bench/ledger-generator';

const contents = <K, V>(map: ReadonlyMap<K, V>) => [...map.entries()];

describe('a persistent map keeps every version as it was', () => {
  it('with() gives a new version and leaves the one it came from unchanged', () => {
    const empty = PersistentMap.empty<string, number>();
    const one = empty.with('a', 1);
    const two = one.with('b', 2);
    const changed = two.with('a', 10);
    expect(contents(empty)).toEqual([]);
    expect(contents(one)).toEqual([['a', 1]]);
    expect(contents(two)).toEqual([['a', 1], ['b', 2]]);
    expect(contents(changed)).toEqual([['a', 10], ['b', 2]]);
    expect([one.get('a'), one.has('b'), one.size]).toEqual([1, false, 1]);
    expect([changed.get('a'), changed.has('b'), changed.size]).toEqual([10, true, 2]);
  });

  it('versions branched from an older one do not see each other', () => {
    const base = PersistentMap.of([['r-1', 100]]);
    const left = base.with('r-2', 200);
    const right = base.with('r-1', 50).with('r-3', 300);
    expect(contents(left)).toEqual([['r-1', 100], ['r-2', 200]]);
    expect(contents(right)).toEqual([['r-1', 50], ['r-3', 300]]);
    expect(contents(base)).toEqual([['r-1', 100]]);
    expect(left.get('r-3')).toBeUndefined();
    expect(right.has('r-2')).toBe(false);
  });

  it('the empty map, one version for all, stays empty: each map written from it, or branched twice, keeps its own entries', () => {
    const [first, second] = [PersistentMap.empty<string, number>(), PersistentMap.empty<string, number>()];
    const a = first.with('a', 1);
    const b = second.with('b', 2);
    const otherA = first.with('a', 10).with('c', 3);
    expect([contents(first), contents(second), contents(a), contents(b), contents(otherA)]).toEqual([
      [],
      [],
      [['a', 1]],
      [['b', 2]],
      [['a', 10], ['c', 3]],
    ]);
    expect([first.size, first.has('a'), first.get('a'), second.size, PersistentMap.empty().size]).toEqual([0, false, undefined, 0, 0]);
    expect(contents(a)).toEqual([['a', 1]]);
    expect(first).toBe(second);
  });

  it('keeps insertion order in every version, like a Map', () => {
    const first = PersistentMap.empty<string, number>().with('c', 1).with('a', 2);
    const later = first.with('b', 3).with('c', 4);
    expect([...first.keys()]).toEqual(['c', 'a']);
    expect([...later.keys()]).toEqual(['c', 'a', 'b']);
    expect([...first.keys()]).toEqual(['c', 'a']);
    expect([...later.values()]).toEqual([4, 2, 3]);
  });

  it('a loop over one version may read other versions', () => {
    const old = PersistentMap.of([['a', 1], ['b', 2]]);
    const current = old.with('c', 3);
    const seen: Array<[string, number, number | undefined]> = [];
    for (const [key, value] of old) seen.push([key, value, current.get('c')]);
    expect(seen).toEqual([['a', 1, 3], ['b', 2, 3]]);
  });

  it('forEach passes value, key and the version itself', () => {
    const map = PersistentMap.of([['a', 1]]).with('b', 2);
    const seen: unknown[] = [];
    map.forEach((value, key, self) => seen.push([key, value, self === map]));
    expect(seen).toEqual([['a', 1, true], ['b', 2, true]]);
  });

  it('agrees with copied Maps over a random history of versions', () => {
    const random = seededRandom(7);
    // Three histories, each from an empty map of its own.
    const versions: Array<{ persistent: PersistentMap<number, number>; copy: Map<number, number> }> = [0, 1, 2].map(() => ({
      persistent: PersistentMap.empty(),
      copy: new Map(),
    }));
    for (let step = 0; step < 2_000; step++) {
      const from = versions[Math.floor(random() * versions.length)];
      const key = Math.floor(random() * 20);
      versions.push({ persistent: from.persistent.with(key, step), copy: new Map(from.copy).set(key, step) });
      const checked = versions[Math.floor(random() * versions.length)];
      expect(contents(checked.persistent)).toEqual(contents(checked.copy));
    }
    for (const { persistent, copy } of versions) expect(contents(persistent)).toEqual(contents(copy));
  });
});
