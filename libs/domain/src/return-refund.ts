import type { ReturnedLine, ReturnRecorded } from './customer.events';
import type { ReceiptState } from './customer.state';
import type { Program } from './program';
import type { PaidOfKept } from './returned-goods';
import { unitsAfter } from './returned-goods';
import type { PricedLine } from './rules/offer-kinds';
import { repriceOffers } from './rules/offers';

/**
 * What a return by lines refunds (returned-goods.ts): the customer keeps the rest of the receipt at
 * what it would have cost on its own, and is refunded the difference from what they paid. The
 * goods kept are priced as the purchase was: the till's line discounts and basket discounts by the
 * goods' share, the offers the purchase applied priced again on what is kept (rules/offers.ts), the
 * member's tier discount at its percentage, and the charges by the share of the goods kept. So an
 * offer whose condition the goods kept no longer meet ("3 for 70,000" with two kept, an amount off
 * a minimum spend the rest no longer reaches) gives nothing on them any more, and its discount
 * comes off the refund; an offer that still applies keeps giving what it gives. What the returns of
 * a receipt refund in all never goes down (a return that leaves the rest dearer refunds nothing,
 * never a charge) and never passes its total: the last of its goods refund exactly what is left.
 */

/** What a return of these lines refunds: what was paid for the receipt, less what the goods kept cost, less what returns refunded before. */
export function refundOf(receipt: ReceiptState, lines: readonly ReturnedLine[], program: Program): number {
  const returned = unitsAfter(receipt, lines);
  const kept = receipt.lines.map((line, i) => line.quantity - returned[i]);
  return Math.max(0, receipt.total - keptCost(receipt, kept, program) - receipt.returned);
}

/** `amount × part / whole`, rounded down; all of it when the part is the whole. */
const shareOf = (amount: number, part: number, whole: number) => (whole <= 0 ? (part > 0 ? amount : 0) : Number((BigInt(amount) * BigInt(part)) / BigInt(whole)));

/** What the goods kept (units by line) would have cost on the receipt's own terms: the whole receipt's total when all are kept, 0 when none is. */
export function keptCost(receipt: ReceiptState, kept: readonly number[], program: Program): number {
  const lines: PricedLine[] = receipt.lines.map((line, i) => ({
    sku: line.sku,
    category: line.category,
    quantity: kept[i],
    unitPrice: line.unitPrice,
    left: kept[i] * line.unitPrice - shareOf(line.discount ?? 0, kept[i], line.quantity),
  }));
  const goods = lines.reduce((sum, line) => sum + line.left, 0);
  const allGoods = receipt.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice - (line.discount ?? 0), 0);
  const keptUnits = kept.reduce((sum, units) => sum + units, 0);
  const basketDiscounts = (receipt.discounts ?? []).reduce((sum, discount) => sum + discount.amount, 0);
  const left = repriceOffers(lines, goods - shareOf(basketDiscounts, goods, allGoods), receipt, (amount) => shareOf(amount, goods, allGoods), program);
  const charges = (receipt.charges ?? []).reduce((sum, charge) => sum + charge.amount, 0);
  const paidForGoods = receipt.total - charges;
  const keptCharges = paidForGoods <= 0 ? (keptUnits > 0 ? charges : 0) : shareOf(charges, Math.max(0, left), paidForGoods);
  return Math.max(0, left) + keptCharges;
}

/**
 * After this return, what is still paid of what the goods kept would cost on their own, when a
 * return of the receipt (this one or one before) was by amount only; undefined when none was.
 *
 * A return by amount names no goods: the rules that count goods (stamp cards per item or receipt,
 * campaigns on a sku or category) read it as a share of the goods still kept, so the goods kept
 * keep what they earned by this share of it (returns by lines took back, by the goods, what the
 * goods that came back earned). So an amount after a return by lines is a share of the goods left,
 * not of the whole receipt; and goods named after an amount refund only what the amount did not
 * (refundOf) and take back only what the amount did not take back already. Amounts alone (no goods
 * returned) are a share of the whole receipt, as they always were.
 */
export function paidOfKept(receipt: ReceiptState, goodsBack: Pick<ReturnRecorded['data'], 'amount' | 'lines'>, program: Program): PaidOfKept | undefined {
  if ((receipt.returnedByAmount ?? 0) === 0 && goodsBack.lines) return undefined;
  const returned = unitsAfter(receipt, goodsBack.lines ?? []);
  const cost = returned.every((units) => units === 0) ? receipt.total : keptCost(receipt, receipt.lines.map((line, i) => line.quantity - returned[i]), program);
  return { paid: Math.max(0, Math.min(cost, receipt.total - receipt.returned - goodsBack.amount)), cost };
}
