import { pointsToReverse } from './returns';

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
