import type { CustomerEvent } from '@setia/domain';
import { instantOf, localDate, localMonth, qualifyingSpend, qualifyingWindowStart, storedInstant } from '@setia/domain';
import type { CustomerDoc } from './read-models';
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

/** The doc with one stamp card's progress changed (added when new). */
function withCard(doc: CustomerDoc, cardId: string, change: (card: CustomerDoc['stampCards'][number]) => CustomerDoc['stampCards'][number]): CustomerDoc {
  const cards = doc.stampCards ?? [];
  const card = cards.find((entry) => entry.cardId === cardId);
  const changed = change(card ?? { cardId, stamps: 0, owed: 0, completed: 0 });
  return { ...doc, stampCards: card ? cards.map((entry) => (entry === card ? changed : entry)) : [...cards, changed] };
}

const cardOfVoucher = (voucherId: string) => /^card:(.+):\d+$/.exec(voucherId)?.[1];

/** Instants in UTC, so they sort and compare as text (a till may send any offset). */
const utc = storedInstant;

const stageOf = (doc: CustomerDoc): CustomerDoc['stage'] => (doc.member ? 'member' : doc.purchaseCount >= 2 ? 'customer' : 'buyer');

/** Keeps the receipts of the 12 months up to `at` and the spend they qualify. */
function withSpend(doc: CustomerDoc, receipts: CustomerDoc['recentReceipts'], at: string): CustomerDoc {
  const from = qualifyingWindowStart(at);
  const recent = receipts.filter((receipt) => instantOf(receipt.occurredAt) > from);
  return { ...doc, recentReceipts: recent, qualifyingSpend: qualifyingSpend(recent, at) };
}

/**
 * The customer's read-model document after one event of their stream (`moves`: its lots' moves,
 * lot-moves.ts): a new object, the one given left as it was.
 */
export function evolveCustomerDoc(doc: CustomerDoc, event: CustomerEvent, zoneOf: ZoneOf, moves: readonly LotMove[] = lotMoves(event, doc)): CustomerDoc {
  const evolved = evolve(doc, event, zoneOf);
  // evolve copies the document when it changes it: the lots' moves and the stage go on that copy.
  const next = evolved === doc ? { ...doc } : evolved;
  Object.assign(next, withLotMoves(doc, event, moves));
  next.stage = stageOf(next);
  return next;
}

function evolve(doc: CustomerDoc, event: CustomerEvent, zoneOf: ZoneOf): CustomerDoc {
  switch (event.type) {
    case 'CustomerEnrolled': {
      const { enrolledAt, homeStoreId, referredBy, tier } = event.data;
      return {
        ...doc,
        member: true,
        enrolledAt: utc(enrolledAt),
        homeStoreId: homeStoreId ?? null,
        referredBy: referredBy?.customerId ?? null,
        tier,
        tierSince: utc(enrolledAt),
      };
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
      return withSpend(
        {
          ...doc,
          purchaseCount: doc.purchaseCount + 1,
          totalSpend: doc.totalSpend + total,
          firstPurchaseAt: first ? utc(occurredAt) : doc.firstPurchaseAt,
          lastPurchaseAt: last ? utc(occurredAt) : doc.lastPurchaseAt,
          lastPurchaseStoreId: last ? storeId : doc.lastPurchaseStoreId,
          // The cohort is the month of the first purchase recorded, even if a till posts an older one later.
          cohortMonth: doc.cohortMonth ?? month,
          cohortStoreId: doc.cohortStoreId ?? storeId,
          purchaseMonths: doc.purchaseMonths.includes(month) ? doc.purchaseMonths : [...doc.purchaseMonths, month],
          storeDays: doc.storeDays.includes(day) ? doc.storeDays : [...doc.storeDays, day],
          storeMonths: counted
            ? doc.storeMonths.map((entry) => (entry === counted ? { key: entry.key, purchases: entry.purchases + 1 } : entry))
            : [...doc.storeMonths, { key: storeMonth, purchases: 1 }],
        },
        [...doc.recentReceipts, { receiptId, occurredAt, total, returned: 0 }],
        latest(doc.lastPurchaseAt, occurredAt),
      );
    }
    case 'ReturnRecorded': {
      const { receiptId, amount, occurredAt } = event.data;
      const receipts = doc.recentReceipts.map((receipt) =>
        receipt.receiptId === receiptId ? { ...receipt, returned: receipt.returned + amount } : receipt,
      );
      return withSpend({ ...doc, totalSpend: doc.totalSpend - amount }, receipts, latest(doc.lastPurchaseAt, occurredAt));
    }
    case 'PointsEarned': {
      const next = { ...doc, points: doc.points + event.data.points, lifetimeEarned: doc.lifetimeEarned + event.data.points };
      return event.data.campaignId === undefined ? next : counted(next, campaignMark(event.data.campaignId, 'campaign'));
    }
    case 'CampaignBudgetExhausted':
      return counted(doc, campaignMark(event.data.campaignId, 'campaign'));
    case 'CampaignHeldOut':
      return counted(doc, campaignMark(event.data.campaignId, 'holdout'));
    case 'PointsReversed':
      return { ...doc, points: doc.points - event.data.points, lifetimeReversed: doc.lifetimeReversed + event.data.points };
    case 'PointsExpired':
      return { ...doc, points: doc.points - event.data.points, lifetimeExpired: doc.lifetimeExpired + event.data.points };
    case 'TierChanged':
      return { ...doc, tier: event.data.to, tierSince: utc(event.data.occurredAt), qualifyingSpend: event.data.qualifyingSpend };
    case 'RewardRedeemed':
      return { ...doc, points: doc.points - event.data.points, lifetimeRedeemed: doc.lifetimeRedeemed + event.data.points };
    case 'RedemptionCancelled':
      return { ...doc, points: doc.points + event.data.points, lifetimeRedeemed: doc.lifetimeRedeemed - event.data.points };
    case 'ReferralQualified':
      return { ...doc, pendingPoints: event.data.confirmsAt === undefined ? (doc.pendingPoints ?? 0) : event.data.refereeBonus };
    case 'ReferralConfirmed':
    case 'ReferralCancelled':
      return { ...doc, pendingPoints: 0 };
    case 'VoucherIssued': {
      const next = { ...doc, vouchers: { ...walletOf(doc), issued: walletOf(doc).issued + 1 } };
      return event.data.source.rule === 'stampCards' ? withCard(next, event.data.source.id, (card) => ({ ...card, completed: card.completed + 1 })) : next;
    }
    case 'VoucherUsed':
      return { ...doc, vouchers: { ...walletOf(doc), used: walletOf(doc).used + 1 } };
    case 'VoucherUseCancelled':
      return { ...doc, vouchers: { ...walletOf(doc), used: walletOf(doc).used - 1 } };
    case 'VoucherVoided': {
      const next = { ...doc, vouchers: { ...walletOf(doc), voided: walletOf(doc).voided + 1 } };
      const cardId = cardOfVoucher(event.data.voucherId);
      return cardId === undefined ? next : withCard(next, cardId, (card) => ({ ...card, completed: card.completed - 1 }));
    }
    case 'StampsCollected':
    case 'StampsTakenBack':
      return withCard(doc, event.data.cardId, (card) => ({ ...card, stamps: event.data.onCard, owed: event.data.owed }));
    // The document holds no personal field (no card number, birthday or comment) to change or
    // forget; events it does not follow (feedback, referrals, a card replaced, a rule's own) leave
    // it as it is.
    default:
      return doc;
  }
}

/** The customer counted in a campaign's group, once. */
const counted = (doc: CustomerDoc, mark: string): CustomerDoc => ((doc.campaigns ?? []).includes(mark) ? doc : { ...doc, campaigns: [...(doc.campaigns ?? []), mark] });

const latest = (a: string | null, b: string) => (a === null || instantOf(b) > instantOf(a) ? b : a);
