/**
 * Points to take back for a return. Rounding is cumulative: after returns adding up to R of a
 * receipt of total T that earned E points, floor(E × R / T) points have been taken back in all.
 * So returning a whole receipt, in any number of parts, takes back exactly what it earned.
 */
export function pointsToReverse(
  receipt: { total: number; pointsEarned: number; returned: number; pointsReversed: number },
  amount: number,
): number {
  const returnedAfter = BigInt(receipt.returned + amount);
  const owedInAll = Number((BigInt(receipt.pointsEarned) * returnedAfter) / BigInt(receipt.total));
  return owedInAll - receipt.pointsReversed;
}
