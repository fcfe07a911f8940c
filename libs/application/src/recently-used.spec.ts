import { RecentlyUsed } from './recently-used';

describe('a bounded map of what was remembered most recently', () => {
  it('holds up to its capacity, then forgets the least recently remembered half at once', () => {
    const recent = new RecentlyUsed<string, number>(4);
    for (const [key, value] of [['a', 1], ['b', 2], ['c', 3], ['d', 4]] as const) recent.remember(key, value);
    recent.remember('a', 10); // a is now the most recent
    expect(recent.size).toBe(4);
    recent.remember('e', 5);
    // Five entries past a capacity of four: b, c and d (least recent) go, a and e stay.
    expect([recent.get('a'), recent.get('b'), recent.get('c'), recent.get('d'), recent.get('e')]).toEqual([10, undefined, undefined, undefined, 5]);
    expect(recent.size).toBe(2);
  });

  it('forgets a key on request', () => {
    const recent = new RecentlyUsed<string, number>(4);
    recent.remember('a', 1);
    recent.forget('a');
    expect(recent.get('a')).toBeUndefined();
  });

  it('stays within its capacity however many keys come', () => {
    const recent = new RecentlyUsed<number, number>(1_000);
    for (let i = 0; i < 10_000; i++) {
      recent.remember(i, i);
      expect(recent.size).toBeLessThanOrEqual(1_000);
    }
    expect(recent.get(9_999)).toBe(9_999);
  });
});

describe('a bounded map whose entries are weighed', () => {
  it('holds up to its capacity in weight, then forgets the least recently remembered until it weighs half of it', () => {
    const recent = new RecentlyUsed<string, number>(100, (value) => value);
    for (const [key, value] of [['a', 40], ['b', 10], ['c', 30], ['d', 20]] as const) recent.remember(key, value);
    expect([recent.size, recent.weight]).toEqual([4, 100]);
    recent.remember('b', 15); // b weighs 15 now, and is the most recent
    // 105 past 100: a (40) goes, then c (30): 35 left, d and b.
    expect([recent.get('a'), recent.get('b'), recent.get('c'), recent.get('d')]).toEqual([undefined, 15, undefined, 20]);
    expect([recent.size, recent.weight]).toEqual([2, 35]);
    recent.forget('d');
    expect([recent.size, recent.weight]).toEqual([1, 15]);
  });

  it('keeps no entry heavier than its capacity', () => {
    const recent = new RecentlyUsed<string, number>(100, (value) => value);
    recent.remember('a', 10);
    recent.remember('huge', 500);
    expect([recent.get('a'), recent.get('huge'), recent.weight]).toEqual([undefined, undefined, 0]);
  });
});
