import type { BudgetEvent, BudgetSliceEvent, CustomerEvent } from '@setia/domain';
import { evolveSlice } from '@setia/domain';
import type { AuditEvent } from './audit-event';
import type { Difference } from './difference';

/** What a campaign's budget streams and the ledgers say of it, added up over the events seen. */
export interface BudgetSums {
  /** Points the budget's stream handed out in slices, and got back from returns. */
  handedOut: number;
  givenBackToBudget: number;
  /** Points the slices gave purchases, and got back from returns. */
  spent: number;
  givenBackToSlices: number;
  /** Campaign points the ledgers credited, and took back on returns. */
  ledgerGiven: number;
  ledgerTakenBack: number;
}

const empty = (): BudgetSums => ({ handedOut: 0, givenBackToBudget: 0, spent: 0, givenBackToSlices: 0, ledgerGiven: 0, ledgerTakenBack: 0 });

/**
 * A tenant's campaign budgets as the auditor sees them (campaign-budget.ts in the domain): each
 * slice never gives more than it holds (checked as its stream is read), and, once every stream has
 * been read, each budget never handed out more than it has and the slices gave exactly what the
 * ledgers credited. Sums add up across the verify's workers (each reads whole streams).
 */
export class CampaignBudgetCheck {
  readonly sums = new Map<string, BudgetSums>();
  readonly differences: Difference[] = [];
  private readonly slices = new Map<string, number>();
  private readonly budgetPrefix: string;
  private readonly slicePrefix: string;

  constructor(tenant: string) {
    this.budgetPrefix = `budget-${tenant}-`;
    this.slicePrefix = `budgetslice-${tenant}-`;
  }

  private of(campaignId: string): BudgetSums {
    let sums = this.sums.get(campaignId);
    if (!sums) this.sums.set(campaignId, (sums = empty()));
    return sums;
  }

  /** Whether the event was one of the budgets' streams (else the caller goes on with it). */
  add(event: AuditEvent): boolean {
    if (event.stream.startsWith(this.slicePrefix)) {
      const slice = event as unknown as BudgetSliceEvent;
      const campaignId = event.stream.slice(this.slicePrefix.length, event.stream.lastIndexOf('-'));
      const left = evolveSlice(this.slices.get(event.stream) ?? 0, slice);
      this.slices.set(event.stream, left);
      if (slice.type === 'BudgetSpent') this.of(campaignId).spent += slice.data.points;
      if (slice.type === 'BudgetGivenBack') this.of(campaignId).givenBackToSlices += slice.data.points;
      if (left < 0) {
        this.differences.push({ kind: 'budget-overspent', stream: event.stream, revision: event.revision, position: event.position, message: `the slice gave ${-left} points more than it held` });
      }
      return true;
    }
    if (event.stream.startsWith(this.budgetPrefix)) {
      const budget = event as unknown as BudgetEvent;
      const sums = this.of(event.stream.slice(this.budgetPrefix.length));
      if (budget.type === 'BudgetSliceTaken') sums.handedOut += budget.data.points;
      else sums.givenBackToBudget += budget.data.points;
      return true;
    }
    return false;
  }

  /** A customer's event: the campaign points it credited or took back. */
  addCustomerEvent(event: CustomerEvent): void {
    if (event.type === 'PointsEarned' && event.data.campaignId !== undefined) this.of(event.data.campaignId).ledgerGiven += event.data.points;
    if (event.type === 'PointsReversed' && event.data.campaignId !== undefined) this.of(event.data.campaignId).ledgerTakenBack += event.data.points;
  }
}

/** Sums of several workers' checks, campaign by campaign. */
export function addBudgetSums(all: ReadonlyArray<Record<string, BudgetSums>>): Record<string, BudgetSums> {
  const total: Record<string, BudgetSums> = {};
  for (const sums of all) {
    for (const [campaignId, sum] of Object.entries(sums)) {
      const into = (total[campaignId] ??= empty());
      for (const field of Object.keys(sum) as Array<keyof BudgetSums>) into[field] += sum[field];
    }
  }
  return total;
}

/** Each budget of the program (its points, by campaign) against what its streams and the ledgers say. */
export function budgetDifferences(sums: Record<string, BudgetSums>, limits: Record<string, number>): Difference[] {
  const differences: Difference[] = [];
  for (const [campaignId, budget] of Object.entries(limits)) {
    const sum = sums[campaignId] ?? empty();
    const stream = `budget-of-${campaignId}`;
    const out = sum.handedOut - sum.givenBackToBudget;
    if (out > budget) differences.push({ kind: 'budget-overspent', stream, message: `${out} points handed out in slices, more than the budget of ${budget}` });
    if (sum.spent !== sum.ledgerGiven) differences.push({ kind: 'budget-mismatch', stream, message: `the slices gave ${sum.spent} points, the ledgers credited ${sum.ledgerGiven}` });
    const givenBack = sum.givenBackToBudget + sum.givenBackToSlices;
    if (givenBack !== sum.ledgerTakenBack) differences.push({ kind: 'budget-mismatch', stream, message: `returns gave ${givenBack} points back to the budget, the ledgers took back ${sum.ledgerTakenBack}` });
  }
  return differences;
}
