import { purchasePoints } from './earn-points';

describe('points earned on a purchase: floor(floor(total / spendPerPoint) × multiplier)', () => {
  it.each([
    ['one point per Rp 10,000 spent', 1_000_000, 10_000, 1, 100],
    ['spend short of the next Rp 10,000 earns nothing for the remainder', 1_239_999, 10_000, 1, 123],
    ['the base points are floored before the multiplier is applied', 19_999, 1_000, 1.5, 28],
    ['the multiplied points are floored', 30_000, 10_000, 1.25, 3],
    ['a multiplier such as 1.15 is exact (20 × 1.15 is 23, not 22.99…)', 200_000, 10_000, 1.15, 23],
    ['a multiplier of 4 decimal places is exact', 100_000_000, 10_000, 1.0001, 10_001],
    ['a purchase below the spend per point earns nothing', 9_999, 10_000, 2, 0],
    ['a multiplier of 0 earns nothing', 1_000_000, 10_000, 0, 0],
  ])('%s', (_rule, total, spendPerPoint, multiplier, points) => {
    expect(purchasePoints(total, spendPerPoint, multiplier)).toBe(points);
  });

  it('stays exact for the largest amounts money can take', () => {
    expect(purchasePoints(Number.MAX_SAFE_INTEGER, 1, 1)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
