import { canonicalJson } from './canonical-json';

describe('canonical JSON', () => {
  it('gives the same text for the same value whatever the order of its keys, at every depth', () => {
    const one = { total: 150_000, lines: [{ sku: 'KOPI', quantity: 2 }, { quantity: 1, sku: 'TEH' }], storeId: 'S1' };
    const other = { storeId: 'S1', lines: [{ quantity: 2, sku: 'KOPI' }, { sku: 'TEH', quantity: 1 }], total: 150_000 };
    expect(canonicalJson(one)).toBe(canonicalJson(other));
    expect(canonicalJson(one)).toBe('{"lines":[{"quantity":2,"sku":"KOPI"},{"quantity":1,"sku":"TEH"}],"storeId":"S1","total":150000}');
  });

  it('orders keys as sort() orders strings, by UTF-16 code units, however many and in whatever order', () => {
    const keys = ['b', 'a', 'B', '_', 'aa', 'a0', 'é', 'Z', '10', '9', '', 'ü', '😀', 'z', 'ab', 'A'];
    for (let shift = 0; shift < keys.length; shift++) {
      const order = [...keys.slice(shift), ...keys.slice(0, shift)].reverse();
      const value = Object.fromEntries(order.map((key, i) => [key, i]));
      const expected = `{${[...order].sort().map((key) => `${JSON.stringify(key)}:${value[key]}`).join(',')}}`;
      expect(canonicalJson(value)).toBe(expected);
    }
  });

  it('keeps the order of array items: another order is another value', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('is the JSON JSON.stringify writes of the value with sorted keys: strings escaped, undefined and functions as JSON leaves them', () => {
    const value = { note: 'a "quoted" é\n', at: new Date('2026-11-29T10:00:00Z'), gone: undefined, call: () => 1, list: [1, undefined, () => 1, null], empty: {}, none: [] };
    const sorted = { at: value.at, empty: {}, list: value.list, none: [], note: value.note };
    expect(canonicalJson(value)).toBe(JSON.stringify(sorted));
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('writes plain values as JSON does', () => {
    expect([canonicalJson('x'), canonicalJson(1.5), canonicalJson(true), canonicalJson(null), canonicalJson(undefined)]).toEqual(['"x"', '1.5', 'true', 'null', 'null']);
  });
});
