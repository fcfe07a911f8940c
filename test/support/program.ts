import type { Program } from '@setia/domain';
import { sampleProgram } from '../../libs/domain/src/testing/fixtures';

/** The sample program as the end-to-end suites' chain has it: two stores, Silver, Gold and Platinum. */
export const PROGRAM: Program = sampleProgram({
  stores: [
    { storeId: 'JKT-01', timeZone: 'Asia/Jakarta' },
    { storeId: 'JAP-01', timeZone: 'Asia/Jayapura' },
  ],
  tiers: [
    { name: 'Silver', minQualifyingSpend: 0, multiplier: 1 },
    { name: 'Gold', minQualifyingSpend: 1_000_000, multiplier: 1.5 },
    { name: 'Platinum', minQualifyingSpend: 30_000_000, multiplier: 2 },
  ],
  rewards: [
    { rewardId: 'COFFEE', points: 100 },
    { rewardId: 'TOTE-BAG', points: 500 },
  ],
  referral: { referrerBonus: 200, refereeBonus: 100, minQualifyingPurchase: 200_000 },
});

let receiptCounter = 0;

/** An instant some hours before now, with the Jakarta offset a till would send. */
export function hoursAgo(hours: number): string {
  const jakarta = new Date(Date.now() - hours * 3_600_000 + 7 * 3_600_000);
  return `${jakarta.toISOString().slice(0, 19)}+07:00`;
}

export function purchase(customerId: string, total: number, overrides: Record<string, unknown> = {}) {
  receiptCounter += 1;
  return {
    receiptId: `R-${receiptCounter}-${Math.random().toString(36).slice(2, 8)}`,
    storeId: 'JKT-01',
    customerId,
    occurredAt: hoursAgo(3),
    currency: 'IDR',
    total,
    lines: [{ sku: 'SKU-1', category: 'food', quantity: 1, unitPrice: total }],
    ...overrides,
  };
}
