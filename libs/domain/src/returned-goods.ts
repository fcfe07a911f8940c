import type { ReturnedLine } from './customer.events';
import type { ReceiptState } from './customer.state';
import { ReturnLineNotOnReceipt } from './errors';

/**
 * A return by lines: the till names the goods that came back from a receipt (`{sku, quantity}`),
 * and the return refunds what they were paid. The ledger then knows which goods came back, so each
 * rule undoes by item what it counted by item (stamp cards, campaigns on a sku or a category).
 *
 * Which lines: a sku's units come back from the receipt's lines of that sku in the receipt's order,
 * each line up to the units it sold less those returns by lines took back before. A sku the receipt
 * did not sell, or more units than are left of it, refuses the return (422 naming `lines[i]`).
 *
 * What they were paid, and so what the return refunds: return-refund.ts.
 *
 * A return by amount (no lines) names no goods: it refunds that amount, counted against the receipt
 * as before, and the rules undo by the share of the receipt it returns.
 */

/** The receipt's lines the asked goods come back from; refuses a line the receipt cannot take back. */
export function returnedLines(receipt: ReceiptState, asked: ReadonlyArray<{ sku: string; quantity: number }>): ReturnedLine[] {
  const taken = [...(receipt.returnedUnits ?? receipt.lines.map(() => 0))];
  const resolved: ReturnedLine[] = [];
  asked.forEach(({ sku, quantity }, index) => {
    if (!Number.isSafeInteger(quantity) || quantity < 1) throw new ReturnLineNotOnReceipt(index, 'quantity must be a whole number of units, at least 1');
    const of = receipt.lines.flatMap((line, i) => (line.sku === sku ? [i] : []));
    if (of.length === 0) throw new ReturnLineNotOnReceipt(index, `receipt ${receipt.receiptId} has no line of sku ${sku}`);
    const sold = of.reduce((units, i) => units + receipt.lines[i].quantity, 0);
    const left = of.reduce((units, i) => units + receipt.lines[i].quantity - taken[i], 0);
    if (quantity > left) throw new ReturnLineNotOnReceipt(index, `${quantity} of sku ${sku} asked back, ${left} left to return on receipt ${receipt.receiptId} (${sold} sold, ${sold - left} returned before)`);
    let owing = quantity;
    for (const i of of) {
      const units = Math.min(owing, receipt.lines[i].quantity - taken[i]);
      if (units === 0) continue;
      taken[i] += units;
      owing -= units;
      const same = resolved.find((line) => line.line === i);
      if (same) same.quantity += units;
      else resolved.push({ line: i, sku, quantity: units });
      if (owing === 0) break;
    }
  });
  return resolved.sort((a, b) => a.line - b.line);
}

/** By line index, the units returns by lines took back once these lines are back too. */
export function unitsAfter(receipt: Pick<ReceiptState, 'lines' | 'returnedUnits'>, lines: readonly ReturnedLine[]): number[] {
  const units = [...(receipt.returnedUnits ?? receipt.lines.map(() => 0))];
  for (const { line, quantity } of lines) units[line] += quantity;
  return units;
}

/** What is still paid of what the goods kept cost: `paid` of `cost`. */
export interface PaidOfKept {
  paid: number;
  cost: number;
}

/** Of `earned` by the goods kept, the floored share of it that is still paid (what a stamp card keeps); all when `paid` is undefined. */
export function keptOfPaid(earned: number, paid: PaidOfKept | undefined): number {
  if (!paid) return earned;
  return paid.cost <= 0 ? 0 : Number((BigInt(earned) * BigInt(paid.paid)) / BigInt(paid.cost));
}

/** Of `earned` by the goods kept, the floored share of it that was refunded (what points take back, as the earn rate rounds); none when `paid` is undefined. */
export function takenOfRefunded(earned: number, paid: PaidOfKept | undefined): number {
  if (!paid) return 0;
  return paid.cost <= 0 ? earned : Number((BigInt(earned) * BigInt(paid.cost - paid.paid)) / BigInt(paid.cost));
}
