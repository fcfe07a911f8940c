import type { Tier } from './program';
import { instantOf } from './instant';

/** What the tier rules need of a receipt. */
export interface SpendRecord {
  occurredAt: string;
  /** `instantOf(occurredAt)`, when the holder keeps it: a ledger's receipts are summed on every decision. */
  occurredAtMs?: number;
  total: number;
  returned: number;
}

/** The start of the 12 months that end at `at` (the same instant one year earlier). */
export function qualifyingWindowStart(at: string): number {
  const date = new Date(instantOf(at));
  date.setUTCFullYear(date.getUTCFullYear() - 1);
  return date.getTime();
}

/**
 * Qualifying spend: net spend (purchases minus what was returned of them) on receipts dated in the
 * 12 months up to and including `at`.
 */
export function qualifyingSpend(receipts: Iterable<SpendRecord>, at: string): number {
  const from = qualifyingWindowStart(at);
  const until = instantOf(at);
  let spend = 0;
  for (const receipt of receipts) {
    const when = receipt.occurredAtMs ?? instantOf(receipt.occurredAt);
    if (when > from && when <= until) spend += receipt.total - receipt.returned;
  }
  return spend;
}

/** The highest tier whose threshold the spend reaches. Tiers are ascending; the first starts at 0. */
export function tierForSpend(tiers: readonly Tier[], spend: number): Tier {
  let reached = tiers[0];
  for (const tier of tiers) if (spend >= tier.minQualifyingSpend) reached = tier;
  return reached;
}

/**
 * The multiplier of a held tier; a tier the current program no longer has counts as the spend's
 * tier. The spend is asked for only then: it scans every receipt of the customer.
 */
export function multiplierOf(tiers: readonly Tier[], tierName: string, spend: () => number): number {
  return (tiers.find((tier) => tier.name === tierName) ?? tierForSpend(tiers, spend())).multiplier;
}
