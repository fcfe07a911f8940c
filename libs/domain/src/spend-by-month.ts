import { instantOf } from './instant';
import type { PersistentMap } from './persistent-map';

/**
 * A ledger's receipts summed by calendar month (UTC), kept by the fold, so that the qualifying
 * spend of the 12 months up to a moment sums about 13 months instead of every receipt the member
 * ever had: the months wholly inside the window as they are, and the first and last months too
 * when all their receipts fall inside it, else receipt by receipt.
 */

/** What the spend rules need of a receipt. */
export interface SpendRecord {
  occurredAt: string;
  /** `instantOf(occurredAt)`, when the holder keeps it. */
  occurredAtMs?: number;
  total: number;
  returned: number;
}

/** One month's receipts: their net spend (total minus returned), their earliest and latest instants, and their ids. */
export interface MonthSpend {
  net: number;
  earliestMs: number;
  latestMs: number;
  receiptIds: readonly string[];
}

export type SpendByMonth = PersistentMap<number, MonthSpend>;

/** A ledger as the qualifying spend reads it. */
export interface SpendLedger {
  receipts: ReadonlyMap<string, SpendRecord>;
  spendByMonth: ReadonlyMap<number, MonthSpend>;
}

/** The month of an instant, counted from year 0 (UTC). */
export function monthOf(ms: number): number {
  const date = new Date(ms);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

const instantOfRecord = (receipt: SpendRecord) => receipt.occurredAtMs ?? instantOf(receipt.occurredAt);

/** The months after a receipt is recorded; `replaced`: a receipt of the same id the ledger had, which it takes the place of. */
export function withReceiptRecorded(byMonth: SpendByMonth, receiptId: string, receipt: SpendRecord, replaced: SpendRecord | undefined): SpendByMonth {
  let months = byMonth;
  if (replaced) {
    const month = monthOf(instantOfRecord(replaced));
    const spend = months.get(month)!;
    months = months.with(month, { ...spend, net: spend.net - (replaced.total - replaced.returned), receiptIds: spend.receiptIds.filter((id) => id !== receiptId) });
  }
  const ms = instantOfRecord(receipt);
  const month = monthOf(ms);
  const spend = months.get(month);
  return months.with(
    month,
    spend
      ? { net: spend.net + receipt.total - receipt.returned, earliestMs: Math.min(spend.earliestMs, ms), latestMs: Math.max(spend.latestMs, ms), receiptIds: [...spend.receiptIds, receiptId] }
      : { net: receipt.total - receipt.returned, earliestMs: ms, latestMs: ms, receiptIds: [receiptId] },
  );
}

/** The months after `amount` of a receipt the ledger has is returned. */
export function withAmountReturned(byMonth: SpendByMonth, receipt: SpendRecord, amount: number): SpendByMonth {
  const month = monthOf(instantOfRecord(receipt));
  const spend = byMonth.get(month)!;
  return byMonth.with(month, { ...spend, net: spend.net - amount });
}

/** The start of the 12 months that end at `at` (the same instant one year earlier). */
export function qualifyingWindowStart(at: string): number {
  const date = new Date(instantOf(at));
  date.setUTCFullYear(date.getUTCFullYear() - 1);
  return date.getTime();
}

/**
 * Qualifying spend: net spend (purchases minus what was returned of them) on receipts dated in the
 * 12 months up to and including `at`, of a list of receipts.
 */
export function qualifyingSpend(receipts: Iterable<SpendRecord>, at: string): number {
  const from = qualifyingWindowStart(at);
  const until = instantOf(at);
  let spend = 0;
  for (const receipt of receipts) {
    const when = instantOfRecord(receipt);
    if (when > from && when <= until) spend += receipt.total - receipt.returned;
  }
  return spend;
}

/** Qualifying spend of a ledger (see qualifyingSpend), from its receipts by month. */
export function qualifyingSpendOf(ledger: SpendLedger, at: string): number {
  const from = qualifyingWindowStart(at);
  const until = instantOf(at);
  const first = monthOf(from);
  const last = monthOf(until);
  let spend = 0;
  for (let month = first; month <= last; month++) {
    const inMonth = ledger.spendByMonth.get(month);
    if (!inMonth) continue;
    if (inMonth.earliestMs > from && inMonth.latestMs <= until) {
      spend += inMonth.net;
      continue;
    }
    for (const receiptId of inMonth.receiptIds) {
      const receipt = ledger.receipts.get(receiptId)!;
      const when = instantOfRecord(receipt);
      if (when > from && when <= until) spend += receipt.total - receipt.returned;
    }
  }
  return spend;
}
