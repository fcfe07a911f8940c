import { randomInt } from 'node:crypto';
import { compareEsdbPositions, decodeEsdbPosition, encodeEsdbPosition } from './esdb-position';

/** The last position of an event: the server's log positions are signed 64-bit numbers. */
const MAX = (1n << 63n) - 1n;
const randomBig = (): bigint => {
  // Mix small, mid-sized and huge values so both fields get all widths of digits.
  switch (randomInt(3)) {
    case 0:
      return BigInt(randomInt(1000));
    case 1:
      return BigInt(randomInt(2 ** 47));
    default:
      return (BigInt(randomInt(2 ** 31)) << 32n) | BigInt(randomInt(2 ** 32));
  }
};

describe('EventStoreDB position codec', () => {
  it('encodes commit and prepare as fixed-width strings and decodes them back', () => {
    for (const position of [
      { commit: 0n, prepare: 0n },
      { commit: 1n, prepare: 1n },
      { commit: 5_368_709_120n, prepare: 5_368_709_120n },
      { commit: 12_345n, prepare: 12_300n },
      { commit: MAX, prepare: MAX },
    ]) {
      const encoded = encodeEsdbPosition(position);
      expect(encoded).toMatch(/^\d{20}\/\d{20}$/);
      expect(decodeEsdbPosition(encoded)).toEqual(position);
    }
    expect(encodeEsdbPosition({ commit: 42n, prepare: 7n })).toBe('00000000000000000042/00000000000000000007');
  });

  it('round-trips random positions', () => {
    for (let i = 0; i < 1000; i++) {
      const position = { commit: randomBig(), prepare: randomBig() };
      expect(decodeEsdbPosition(encodeEsdbPosition(position))).toEqual(position);
    }
  });

  it('orders encoded positions with plain string comparison exactly as (commit, prepare)', () => {
    const positions = Array.from({ length: 400 }, () => ({ commit: randomBig(), prepare: randomBig() }));
    // Neighbours that differ only in prepare, and across a change of the number of digits.
    positions.push({ commit: 999n, prepare: 5n }, { commit: 999n, prepare: 10n }, { commit: 1000n, prepare: 0n }, { commit: 9n, prepare: MAX });
    for (let i = 0; i < positions.length; i++) {
      for (let j = 0; j < positions.length; j += 7) {
        const [a, b] = [positions[i], positions[j]];
        const [ea, eb] = [encodeEsdbPosition(a), encodeEsdbPosition(b)];
        const order = compareEsdbPositions(a, b);
        expect(ea < eb).toBe(order < 0);
        expect(ea === eb).toBe(order === 0);
      }
    }
    const sortedByString = positions.map(encodeEsdbPosition).sort();
    const sortedByNumber = [...positions].sort(compareEsdbPositions).map(encodeEsdbPosition);
    expect(sortedByString).toEqual(sortedByNumber);
  });

  it('refuses strings that are not positions of this store and values out of range', () => {
    for (const bad of ['', '42', '00000000000000000042', '1/2', '00000000000000000042/0000000000000000007', 'x0000000000000000042/00000000000000000007', '99999999999999999999/00000000000000000000']) {
      expect(() => decodeEsdbPosition(bad)).toThrow(/not a position of this event store/);
    }
    expect(() => encodeEsdbPosition({ commit: -1n, prepare: 0n })).toThrow(RangeError);
    expect(() => encodeEsdbPosition({ commit: 0n, prepare: MAX + 1n })).toThrow(RangeError);
    // What servers before EventStoreDB 22.10 send for "no position" on stream reads.
    expect(() => encodeEsdbPosition({ commit: (1n << 64n) - 1n, prepare: (1n << 64n) - 1n })).toThrow(RangeError);
    expect(() => decodeEsdbPosition('18446744073709551615/18446744073709551615')).toThrow(/not a position of this event store/);
  });
});
