/**
 * A campaign's budget, shared by every till of the chain, kept so that no purchase waits on one
 * stream: the budget's own stream `budget-<tenant>-<campaignId>` only hands out slices of it, each
 * its own stream `budgetslice-<tenant>-<campaignId>-<n>`, and a purchase spends from a slice its
 * process holds, in the same append as the customer's events. Every append expects the stream's
 * revision, so two writers can never spend the same points: the budget's stream never hands out
 * more than the budget, and a slice never gives more than it holds. A return gives its campaign
 * points back to a slice (or to the budget's stream), to be given again. These streams are
 * internal: they are neither published nor projected (the campaign's points are in the ledgers).
 */

export const budgetStream = (tenant: string, campaignId: string) => `budget-${tenant}-${campaignId}`;
export const budgetSliceStream = (tenant: string, campaignId: string, slice: number) => `budgetslice-${tenant}-${campaignId}-${slice}`;

/** A slice of the budget was handed out: its points are the slice's to give. */
export type BudgetSliceTaken = { type: 'BudgetSliceTaken'; data: { slice: number; points: number } };
/** The first event of a slice's stream: what it holds. */
export type BudgetSliceOpened = { type: 'BudgetSliceOpened'; data: { campaignId: string; slice: number; points: number } };
/** A purchase was given points of the slice. */
export type BudgetSpent = { type: 'BudgetSpent'; data: { customerId: string; receiptId: string; points: number } };
/** A return gave a campaign's points back: to a slice, or to the budget's own stream. */
export type BudgetGivenBack = { type: 'BudgetGivenBack'; data: { customerId: string; returnId: string; points: number } };

export type BudgetEvent = BudgetSliceTaken | BudgetGivenBack;
export type BudgetSliceEvent = BudgetSliceOpened | BudgetSpent | BudgetGivenBack;

export interface BudgetState {
  /** Points handed out in slices, less those given back to the budget's stream. */
  out: number;
  /** Slices handed out; the next is numbered this. */
  slices: number;
}

export const initialBudgetState = (): BudgetState => ({ out: 0, slices: 0 });

export function evolveBudget(state: BudgetState, event: BudgetEvent): BudgetState {
  switch (event.type) {
    case 'BudgetSliceTaken':
      return { out: state.out + event.data.points, slices: Math.max(state.slices, event.data.slice + 1) };
    case 'BudgetGivenBack':
      return { out: state.out - event.data.points, slices: state.slices };
  }
}

/**
 * A slice of up to `points` of a budget of `budget` points: the next slice with what is left, at
 * most `points`; nothing when the budget is all handed out.
 */
export function takeSlice(state: BudgetState, budget: number, points: number): BudgetSliceTaken | undefined {
  const left = budget - state.out;
  if (left <= 0 || points <= 0) return undefined;
  return { type: 'BudgetSliceTaken', data: { slice: state.slices, points: Math.min(points, left) } };
}

/** What a slice has left to give. */
export function evolveSlice(left: number, event: BudgetSliceEvent): number {
  switch (event.type) {
    case 'BudgetSliceOpened':
      return event.data.points;
    case 'BudgetSpent':
      return left - event.data.points;
    case 'BudgetGivenBack':
      return left + event.data.points;
  }
}

/**
 * The size of the slices of a budget: a 256th of it (at least 1 point), so that a chain's
 * processes hold a small part of it at a time and take a new slice rarely.
 */
export function sliceSize(budget: number): number {
  return Math.max(1, Math.floor(budget / 256));
}
