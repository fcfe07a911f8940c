import type { CustomerEvent } from '@setia/domain';
import { instantOf, localDate, localMonth, qualifyingWindowStart, storedInstant } from '@setia/domain';
import type { CustomerDoc, ReceiptSpend } from './read-models';
import { docId } from './read-models';
import type { LotMove } from './lot-moves';
import { lotMoves, withLotMoves } from './lot-moves';
import type { ZoneOf } from './program-profile';
import { campaignMark } from './dashboards/campaigns';

export const customerDocId = (tenant: string, customerId: string) => docId(tenant, customerId);

export function emptyCustomerDoc(tenant: string, customerId: string): CustomerDoc {
  return {
    _id: customerDocId(tenant, customerId),
    _position: '',
    tenant,
    customerId,
    stage: 'buyer',
    member: false,
    enrolledAt: null,
    homeStoreId: null,
    referredBy: null,
    points: 0,
    tier: null,
    tierSince: null,
    qualifyingSpend: 0,
    lifetimeEarned: 0,
    lifetimeRedeemed: 0,
    lifetimeReversed: 0,
    lifetimeExpired: 0,
    purchaseCount: 0,
    totalSpend: 0,
    firstPurchaseAt: null,
    lastPurchaseAt: null,
    lastPurchaseStoreId: null,
    cohortMonth: null,
    cohortStoreId: null,
    lots: [],
    debt: 0,
    recentReceipts: [],
    purchaseMonths: [],
    storeDays: [],
    storeMonths: [],
    pendingPoints: 0,
    vouchers: { issued: 0, used: 0, voided: 0 },
    stampCards: [],
  };
}

/** Documents written before the wallet was followed lack its fields: they start from nothing. */
const walletOf = (doc: CustomerDoc) => doc.vouchers ?? { issued: 0, used: 0, voided: 0 };

/** Changes one stamp card's progress (adds the card when new). */
function changeCard(doc: CustomerDoc, cardId: string, change: (card: CustomerDoc['stampCards'][number]) => CustomerDoc['stampCards'][number]): void {
  const cards = doc.stampCards ?? [];
  const card = cards.find((entry) => entry.cardId === cardId);
  const changed = change(card ?? { cardId, stamps: 0, owed: 0, completed: 0 });
  doc.stampCards = card ? cards.map((entry) => (entry === card ? changed : entry)) : [...cards, changed];
}

const cardOfVoucher = (voucherId: string) => /^card:(.+):\d+$/.exec(voucherId)?.[1];

/** Instants in UTC, so they sort and compare as text (a till may send any offset). */
const utc = storedInstant;

const stageOf = (doc: CustomerDoc): CustomerDoc['stage'] => (doc.member ? 'member' : doc.purchaseCount >= 2 ? 'customer' : 'buyer');

/**
 * The earliest instant among the receipts of a list keepSpend made. Lists are never changed once
 * in a document, so what is known of one holds while it is in memory (a document read again from
 * the store has new lists, read once more).
 */
const earliestReceipt = new WeakMap<readonly ReceiptSpend[], number>();

/**
 * Keeps the receipts of the 12 months up to `at` (the document's, with the receipt `added` or
 * what was `returned` of one), and the spend they qualify. `at` is the latest purchase, or a return after
 * it, so no receipt is later than `at`: the receipts kept are those that qualify. While the
 * earliest receipt is inside the window none leaves it, and no receipt's instant is read again:
 * a long history read them all at every purchase.
 */
function keepSpend(doc: CustomerDoc, at: string, change: { added?: ReceiptSpend; returned?: { receiptId: string; amount: number } }): void {
  const from = qualifyingWindowStart(at);
  const { added, returned } = change;
  const receipts = doc.recentReceipts;
  const known = earliestReceipt.get(receipts);
  const stay = known !== undefined && known > from;
  const kept: ReceiptSpend[] = [];
  let earliest = Number.POSITIVE_INFINITY;
  let spend = 0;
  const keep = (receipt: ReceiptSpend, instant: number) => {
    // Not after the start (an instant that cannot be read is not either): left out.
    if (!(instant > from)) return;
    kept.push(receipt);
    spend += receipt.total - receipt.returned;
    if (instant < earliest) earliest = instant;
  };
  for (const receipt of receipts) {
    const after = returned !== undefined && receipt.receiptId === returned.receiptId ? { ...receipt, returned: receipt.returned + returned.amount } : receipt;
    keep(after, stay ? known : instantOf(receipt.occurredAt));
  }
  if (added) keep(added, instantOf(added.occurredAt));
  doc.recentReceipts = kept;
  doc.qualifyingSpend = spend;
  earliestReceipt.set(kept, earliest);
}

/**
 * The customer's read-model document after one event of their stream (`moves`: its lots' moves,
 * lot-moves.ts): a new object, the one given left as it was.
 */
export function evolveCustomerDoc(doc: CustomerDoc, event: CustomerEvent, zoneOf: ZoneOf, moves: readonly LotMove[] = lotMoves(event, doc)): CustomerDoc {
  // One copy of the document per event, changed in place; the arrays and objects it shares with
  // the document given are replaced, never changed.
  const next: CustomerDoc = { ...doc };
  change(next, event, zoneOf);
  if (moves.length > 0) Object.assign(next, withLotMoves(doc, event, moves));
  next.stage = stageOf(next);
  return next;
}

/** Changes the fields of a copy of the document that the event changes. */
function change(doc: CustomerDoc, event: CustomerEvent, zoneOf: ZoneOf): void {
  switch (event.type) {
    case 'CustomerEnrolled': {
      const { enrolledAt, homeStoreId, referredBy, tier } = event.data;
      doc.member = true;
      doc.enrolledAt = utc(enrolledAt);
      doc.homeStoreId = homeStoreId ?? null;
      doc.referredBy = referredBy?.customerId ?? null;
      doc.tier = tier;
      doc.tierSince = utc(enrolledAt);
      return;
    }
    case 'PurchaseRecorded': {
      const { receiptId, storeId, occurredAt, total } = event.data;
      const zone = zoneOf(storeId);
      const month = localMonth(occurredAt, zone);
      const day = `${storeId}|${localDate(occurredAt, zone)}`;
      const storeMonth = `${storeId}|${month}`;
      const counted = doc.storeMonths.find((entry) => entry.key === storeMonth);
      const first = doc.firstPurchaseAt === null || instantOf(occurredAt) < instantOf(doc.firstPurchaseAt);
      const last = doc.lastPurchaseAt === null || instantOf(occurredAt) >= instantOf(doc.lastPurchaseAt);
      const lastKnown = latest(doc.lastPurchaseAt, occurredAt);
      doc.purchaseCount += 1;
      doc.totalSpend += total;
      if (first) doc.firstPurchaseAt = utc(occurredAt);
      if (last) {
        doc.lastPurchaseAt = utc(occurredAt);
        doc.lastPurchaseStoreId = storeId;
      }
      // The cohort is the month of the first purchase recorded, even if a till posts an older one later.
      doc.cohortMonth ??= month;
      doc.cohortStoreId ??= storeId;
      if (!doc.purchaseMonths.includes(month)) doc.purchaseMonths = [...doc.purchaseMonths, month];
      if (!doc.storeDays.includes(day)) doc.storeDays = [...doc.storeDays, day];
      doc.storeMonths = counted
        ? doc.storeMonths.map((entry) => (entry === counted ? { key: entry.key, purchases: entry.purchases + 1 } : entry))
        : [...doc.storeMonths, { key: storeMonth, purchases: 1 }];
      keepSpend(doc, lastKnown, { added: { receiptId, occurredAt, total, returned: 0 } });
      return;
    }
    case 'ReturnRecorded': {
      const { receiptId, amount, occurredAt } = event.data;
      doc.totalSpend -= amount;
      keepSpend(doc, latest(doc.lastPurchaseAt, occurredAt), { returned: { receiptId, amount } });
      return;
    }
    case 'PointsEarned':
      doc.points += event.data.points;
      doc.lifetimeEarned += event.data.points;
      if (event.data.campaignId !== undefined) count(doc, campaignMark(event.data.campaignId, 'campaign'));
      return;
    case 'CampaignBudgetExhausted':
      return count(doc, campaignMark(event.data.campaignId, 'campaign'));
    case 'CampaignHeldOut':
      return count(doc, campaignMark(event.data.campaignId, 'holdout'));
    case 'PointsReversed':
      doc.points -= event.data.points;
      doc.lifetimeReversed += event.data.points;
      return;
    case 'PointsExpired':
      doc.points -= event.data.points;
      doc.lifetimeExpired += event.data.points;
      return;
    case 'TierChanged':
      doc.tier = event.data.to;
      doc.tierSince = utc(event.data.occurredAt);
      doc.qualifyingSpend = event.data.qualifyingSpend;
      return;
    case 'RewardRedeemed':
      doc.points -= event.data.points;
      doc.lifetimeRedeemed += event.data.points;
      return;
    case 'RedemptionCancelled':
      doc.points += event.data.points;
      doc.lifetimeRedeemed -= event.data.points;
      return;
    case 'ReferralQualified':
      doc.pendingPoints = event.data.confirmsAt === undefined ? (doc.pendingPoints ?? 0) : event.data.refereeBonus;
      return;
    case 'ReferralConfirmed':
    case 'ReferralCancelled':
      doc.pendingPoints = 0;
      return;
    case 'VoucherIssued':
      doc.vouchers = { ...walletOf(doc), issued: walletOf(doc).issued + 1 };
      if (event.data.source.rule === 'stampCards') changeCard(doc, event.data.source.id, (card) => ({ ...card, completed: card.completed + 1 }));
      return;
    case 'VoucherUsed':
      doc.vouchers = { ...walletOf(doc), used: walletOf(doc).used + 1 };
      return;
    case 'VoucherUseCancelled':
      doc.vouchers = { ...walletOf(doc), used: walletOf(doc).used - 1 };
      return;
    case 'VoucherVoided': {
      doc.vouchers = { ...walletOf(doc), voided: walletOf(doc).voided + 1 };
      const cardId = cardOfVoucher(event.data.voucherId);
      if (cardId !== undefined) changeCard(doc, cardId, (card) => ({ ...card, completed: card.completed - 1 }));
      return;
    }
    case 'StampsCollected':
    case 'StampsTakenBack':
      return changeCard(doc, event.data.cardId, (card) => ({ ...card, stamps: event.data.onCard, owed: event.data.owed }));
    // The document holds no personal field (no card number, birthday or comment) to change or
    // forget; events it does not follow (feedback, referrals, a card replaced, a rule's own) leave
    // it as it is.
    default:
      return;
  }
}

/** Counts the customer in a campaign's group, once. */
function count(doc: CustomerDoc, mark: string): void {
  if (!(doc.campaigns ?? []).includes(mark)) doc.campaigns = [...(doc.campaigns ?? []), mark];
}

const latest = (a: string | null, b: string) => (a === null || instantOf(b) > instantOf(a) ? b : a);
