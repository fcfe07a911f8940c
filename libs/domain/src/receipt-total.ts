import type { BasketDiscount, PurchaseLine, ReceiptCharge } from './customer.events';
import { LineDiscountTooLarge, TotalMismatch } from './errors';

/**
 * What a receipt says was paid must follow from what it lists: each line's quantity × unitPrice
 * less the line's discount, less the basket discounts and what the member's offers and tier
 * discount took off, plus the charges (a service charge, tax
 * where the prices do not include it). Points are earned on that total, what the customer paid.
 */
export interface Receipt {
  total: number;
  lines: readonly PurchaseLine[];
  discounts?: readonly BasketDiscount[];
  charges?: readonly ReceiptCharge[];
  /** What the member-only offers and the member's tier discount took off (rules/offers.ts). */
  appliedOffers?: ReadonlyArray<{ discount: number }>;
  memberDiscount?: { discount: number };
}

/** The total the receipt's lines, discounts and charges add up to (in BigInt: 1,000 lines of large prices pass 2^53). */
export function totalOfReceipt({ lines, discounts = [], charges = [], appliedOffers = [], memberDiscount }: Omit<Receipt, 'total'>): bigint {
  let total = 0n;
  lines.forEach((line, i) => {
    const price = BigInt(line.quantity) * BigInt(line.unitPrice);
    const discount = BigInt(line.discount ?? 0);
    if (discount > price) throw new LineDiscountTooLarge(i, line.discount!, price);
    total += price - discount;
  });
  for (const discount of discounts) total -= BigInt(discount.amount);
  for (const offer of appliedOffers) total -= BigInt(offer.discount);
  if (memberDiscount) total -= BigInt(memberDiscount.discount);
  for (const charge of charges) total += BigInt(charge.amount);
  return total;
}

/** Refuses a receipt whose total is not what its lines, discounts and charges add up to. */
export function checkReceiptTotal(receipt: Receipt): void {
  const expected = totalOfReceipt(receipt);
  if (BigInt(receipt.total) !== expected) throw new TotalMismatch(receipt.total, expected);
}
