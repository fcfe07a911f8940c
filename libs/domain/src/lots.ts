import type { PersistentMap } from './persistent-map';

/**
 * The allocation ledger: every earn makes a lot, numbered 1, 2, 3… in the order of the ledger's
 * PointsEarned events, with its own expiry. What takes points — a redemption, a return, an expiry
 * — records which lots it took them from, and a cancelled redemption gives them back to the same
 * lots, so every point can be followed from its earn to its end and the liability by expiry month
 * is exact. Points a return takes back beyond what the lots hold are a debt, which the next lots
 * settle first: the balance may go below zero, the lots never do.
 */

export interface Lot {
  lotId: number;
  /** The reason it was earned, and the receipt it was earned on when there is one. */
  reason: string;
  receiptId?: string;
  earnedAt: string;
  /** When its points expire (the end of a local day); null: never. */
  expiresAt: string | null;
  earned: number;
  /** Redeemed, net of cancelled redemptions. */
  used: number;
  /** Taken back by returns, and the debt it settled when it was earned. */
  reversed: number;
  expired: number;
}

/** Points taken from (or given back to) one lot; the expiry goes with them, so a reader needs no lot table. */
export interface LotPoints {
  lotId: number;
  points: number;
  expiresAt?: string;
}

export type Lots = PersistentMap<number, Lot>;

export const leftIn = (lot: Lot) => lot.earned - lot.used - lot.reversed - lot.expired;

/** Earliest expiry first, lots that never expire last; among equals the older lot first. */
function spendOrder(a: Lot, b: Lot): number {
  if (a.expiresAt !== b.expiresAt) {
    if (a.expiresAt === null) return 1;
    if (b.expiresAt === null) return -1;
    return a.expiresAt < b.expiresAt ? -1 : 1;
  }
  return a.lotId - b.lotId;
}

const taken = (lot: Lot, points: number): LotPoints => (lot.expiresAt === null ? { lotId: lot.lotId, points } : { lotId: lot.lotId, points, expiresAt: lot.expiresAt });

/**
 * Up to `points` from the open lots, earliest expiry first; `first` lots are taken from before the
 * others (a return takes back from its own purchase's lot first). Takes less when the lots hold less.
 */
export function allocate(lots: Lots, points: number, first: (lot: Lot) => boolean = () => false): LotPoints[] {
  const open = [...lots.values()].filter((lot) => leftIn(lot) > 0);
  open.sort((a, b) => (first(a) === first(b) ? spendOrder(a, b) : first(a) ? -1 : 1));
  const allocation: LotPoints[] = [];
  let owed = points;
  for (const lot of open) {
    if (owed === 0) break;
    const points = Math.min(owed, leftIn(lot));
    allocation.push(taken(lot, points));
    owed -= points;
  }
  return allocation;
}

/** What a return takes back, from the purchase's own lots first. */
export const allocateReturn = (lots: Lots, receiptId: string, points: number) => allocate(lots, points, (lot) => lot.receiptId === receiptId && lot.reason === 'purchase');

export const pointsOf = (allocation: readonly LotPoints[]) => allocation.reduce((sum, entry) => sum + entry.points, 0);

/** The lots with one field of each lot named in the allocation changed by its points (taken: +, given back: −). */
export function withAllocation(lots: Lots, allocation: readonly LotPoints[], field: 'used' | 'reversed' | 'expired', sign: 1 | -1): Lots {
  let next = lots;
  for (const { lotId, points } of allocation) {
    const lot = next.get(lotId);
    if (!lot) continue;
    next = next.with(lotId, { ...lot, [field]: lot[field] + sign * points });
  }
  return next;
}

/** The open lots' points by expiry, soonest first (lots that never expire are left out). */
export function expiring(lots: Lots): Array<{ points: number; expiresAt: string }> {
  const byDate = new Map<string, number>();
  for (const lot of lots.values()) {
    const left = leftIn(lot);
    if (left > 0 && lot.expiresAt !== null) byDate.set(lot.expiresAt, (byDate.get(lot.expiresAt) ?? 0) + left);
  }
  return [...byDate].sort(([a], [b]) => (a < b ? -1 : 1)).map(([expiresAt, points]) => ({ points, expiresAt }));
}
