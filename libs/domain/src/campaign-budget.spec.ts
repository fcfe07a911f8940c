import { evolveBudget, evolveSlice, initialBudgetState, sliceSize, takeSlice } from './campaign-budget';
import type { BudgetEvent } from './campaign-budget';

describe('a campaign\'s budget, handed out in slices', () => {
  const fold = (events: BudgetEvent[]) => events.reduce(evolveBudget, initialBudgetState());

  it('hands out slices numbered in turn, never more in all than the budget', () => {
    expect(takeSlice(fold([]), 1_000, 300)).toEqual({ type: 'BudgetSliceTaken', data: { slice: 0, points: 300 } });
    const taken: BudgetEvent[] = [
      { type: 'BudgetSliceTaken', data: { slice: 0, points: 300 } },
      { type: 'BudgetSliceTaken', data: { slice: 1, points: 600 } },
    ];
    expect(takeSlice(fold(taken), 1_000, 300)).toEqual({ type: 'BudgetSliceTaken', data: { slice: 2, points: 100 } });
    expect(takeSlice(fold([...taken, { type: 'BudgetSliceTaken', data: { slice: 2, points: 100 } }]), 1_000, 300)).toBeUndefined();
  });

  it('points given back to the budget\'s stream are handed out again', () => {
    const all: BudgetEvent[] = [
      { type: 'BudgetSliceTaken', data: { slice: 0, points: 1_000 } },
      { type: 'BudgetGivenBack', data: { customerId: 'c', returnId: 'rt', points: 40 } },
    ];
    expect(takeSlice(fold(all), 1_000, 300)).toEqual({ type: 'BudgetSliceTaken', data: { slice: 1, points: 40 } });
  });

  it('a budget of 0 hands out nothing', () => {
    expect(takeSlice(fold([]), 0, 1)).toBeUndefined();
  });

  it('a slice has what it was opened with, less what it gave, plus what returns gave back', () => {
    const left = [
      { type: 'BudgetSliceOpened' as const, data: { campaignId: 'x', slice: 0, points: 50 } },
      { type: 'BudgetSpent' as const, data: { customerId: 'c', receiptId: 'r', points: 30 } },
      { type: 'BudgetGivenBack' as const, data: { customerId: 'c', returnId: 'rt', points: 10 } },
    ].reduce(evolveSlice, 0);
    expect(left).toBe(30);
  });

  it('slices are a 256th of the budget, at least a point', () => {
    expect([sliceSize(1_000_000), sliceSize(1_000), sliceSize(100)]).toEqual([3_906, 3, 1]);
  });
});
