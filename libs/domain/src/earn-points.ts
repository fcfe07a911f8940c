import { MULTIPLIER_SCALE, multiplierScaled } from './program';

/**
 * Points a member earns on a purchase: floor(floor(total / spendPerPoint) × multiplier).
 * The multiplier is applied in integer ten-thousandths so 20 × 1.15 is 23, not 22.999….
 */
export function purchasePoints(total: number, spendPerPoint: number, multiplier: number): number {
  const basePoints = BigInt(Math.floor(total / spendPerPoint));
  return Number((basePoints * BigInt(multiplierScaled(multiplier))) / BigInt(MULTIPLIER_SCALE));
}
