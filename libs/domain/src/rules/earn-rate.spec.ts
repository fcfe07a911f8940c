import { pointsToReverse, purchasePoints } from './earn-rate';

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

type Receipt = Parameters<typeof pointsToReverse>[0];

/** Returns the parts one after the other, as the ledger would, and gives the points each took back. */
function returnInParts(receipt: Omit<Receipt, 'returned' | 'pointsReversed'>, parts: number[]): number[] {
  let state: Receipt = { ...receipt, returned: 0, pointsReversed: 0 };
  return parts.map((amount) => {
    const points = pointsToReverse(state, amount);
    state = { ...state, returned: state.returned + amount, pointsReversed: state.pointsReversed + points };
    return points;
  });
}

describe('points taken back on a return (cumulative rounding)', () => {
  it('a part of a receipt takes back the floored share of the points it earned', () => {
    expect(pointsToReverse({ total: 1_000_000, pointsEarned: 100, returned: 0, pointsReversed: 0 }, 333_333)).toBe(33);
  });

  it('returning a whole receipt in three equal parts takes back exactly what it earned', () => {
    const parts = returnInParts({ total: 999_999, pointsEarned: 100 }, [333_333, 333_333, 333_333]);
    expect(parts).toEqual([33, 33, 34]);
  });

  it('returning a whole receipt in many uneven parts takes back exactly what it earned', () => {
    const parts = returnInParts({ total: 1_234_567, pointsEarned: 185 }, [1, 99_999, 400_000, 7, 734_560]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(185);
    expect(parts).toEqual([0, 14, 60, 0, 111]);
  });

  it('returning a whole receipt at once takes back exactly what it earned', () => {
    expect(returnInParts({ total: 1_234_567, pointsEarned: 185 }, [1_234_567])).toEqual([185]);
  });

  it('a receipt that earned nothing (bought before enrolling) takes nothing back', () => {
    expect(returnInParts({ total: 500_000, pointsEarned: 0 }, [200_000, 300_000])).toEqual([0, 0]);
  });
});
