import type { CustomerEvent, Lot, LotPoints } from '@setia/domain';
import { allocate, allocateReturn, PersistentMap } from '@setia/domain';
import type { CustomerDoc, LotDoc } from './read-models';

/**
 * How an event moves the points of a customer's lots (the domain's allocation ledger, lots.ts), as
 * the read models follow it: from the lots the events record. Events from before lots were
 * recorded are allocated as the ledger allocates them.
 */
export interface LotMove {
  before: LotDoc;
  after: LotDoc;
}

export const lotLeft = (lot: LotDoc) => lot.earned - lot.used - lot.reversed - lot.expired;

/** The ledger's own view of the document's lots, to allocate an event that did not record its lots. */
function asLots(doc: CustomerDoc): PersistentMap<number, Lot> {
  return PersistentMap.of(doc.lots.map((lot) => [lot.lotId, { ...lot, reason: '', earnedAt: '' }] as const));
}

function moved(doc: CustomerDoc, allocation: readonly LotPoints[], field: 'used' | 'reversed' | 'expired', sign: 1 | -1): LotMove[] {
  const moves: LotMove[] = [];
  for (const { lotId, points } of allocation) {
    const before = doc.lots[lotId - 1];
    if (before) moves.push({ before, after: { ...before, [field]: before[field] + sign * points } });
  }
  return moves;
}

/** The lots an event changes, before and after; a new lot's `before` is the lot with nothing earned yet. */
export function lotMoves(event: CustomerEvent, doc: CustomerDoc): LotMove[] {
  switch (event.type) {
    case 'PointsEarned': {
      const { points, expiresAt, settles } = event.data;
      const lotId = doc.lots.length + 1;
      const empty: LotDoc = { lotId, expiresAt: expiresAt ?? null, earned: 0, used: 0, reversed: 0, expired: 0 };
      return [{ before: empty, after: { ...empty, earned: points, reversed: settles ?? Math.min(doc.debt, points) } }];
    }
    case 'RewardRedeemed':
      return moved(doc, event.data.lots ?? allocate(asLots(doc), event.data.points), 'used', 1);
    case 'RedemptionCancelled':
      return moved(doc, event.data.lots ?? [], 'used', -1);
    case 'PointsReversed':
      return moved(doc, event.data.lots ?? allocateReturn(asLots(doc), event.data.receiptId, event.data.points), 'reversed', 1);
    case 'PointsExpired':
      return moved(doc, event.data.lots, 'expired', 1);
    default:
      return [];
  }
}

/** The document's lots, and its debt, after the event's moves. */
export function withLotMoves(doc: CustomerDoc, event: CustomerEvent, moves: readonly LotMove[]): Pick<CustomerDoc, 'lots' | 'debt'> {
  if (moves.length === 0) return { lots: doc.lots, debt: doc.debt };
  const lots = [...doc.lots];
  for (const { after } of moves) lots[after.lotId - 1] = after;
  let debt = doc.debt;
  if (event.type === 'PointsEarned') debt -= moves[0].after.reversed;
  if (event.type === 'PointsReversed') debt += event.data.points - moves.reduce((sum, move) => sum + (move.after.reversed - move.before.reversed), 0);
  return { lots, debt };
}
