import type {
  BasketDiscount,
  CustomerEnrolled,
  CustomerEvent,
  FeedbackSubmitted,
  LedgerEvent,
  PurchaseLine,
  ReceiptCharge,
  ReturnRecorded,
  RewardRedeemed,
} from './customer.events';
import { PersistentMap } from './persistent-map';
import type { LotPoints, Lots } from './lots';
import { allocate, allocateReturn, pointsOf, withAllocation } from './lots';
import { instantOf } from './instant';
import type { SpendByMonth } from './spend-by-month';
import { withAmountReturned, withReceiptRecorded } from './spend-by-month';
import { unitsAfter } from './returned-goods';
import type { AppliedOffer, MemberDiscount } from './rules/offers';
import type { RuleSlices } from './rules/registry';
import { evolveRuleSlices, initialRuleSlices } from './rules/registry';

export interface ReceiptState {
  receiptId: string;
  storeId: string;
  occurredAt: string;
  /** `occurredAt` read once, when the purchase is recorded: the tier rules compare it on every decision. */
  occurredAtMs: number;
  currency: string;
  total: number;
  lines: PurchaseLine[];
  discounts?: BasketDiscount[];
  charges?: ReceiptCharge[];
  /** The offers it applied, when it applied any: a retry must ask for the same. */
  appliedOffers?: string[];
  /** What each offer and the member's tier discount took off, as recorded: what a return by lines prices again. */
  offerDiscounts?: AppliedOffer[];
  memberDiscount?: MemberDiscount;
  returned: number;
  /** By line index: the units returns by lines took back; absent: none. */
  returnedUnits?: readonly number[];
  /** What returns by amount only refunded, naming no goods; absent: none. */
  returnedByAmount?: number;
}

export interface RedemptionState {
  redeemed: RewardRedeemed['data'];
  /** The lots its points were taken from (as recorded, or as the ledger took them before lots were recorded). */
  lots: LotPoints[];
  cancelled: boolean;
}

export type Membership = Omit<CustomerEnrolled['data'], 'tier' | 'programRevision' | 'birthMonth'> & {
  /** The birth month rules may read; null once the personal data was erased, absent when not given. */
  birthMonth?: number | null;
};

/** Buyer: one purchase. Customer: a repeat purchase. Member: enrolled in the program. */
export type Stage = 'buyer' | 'customer' | 'member';

/** The customer as the ledger's own events make it; the rules keep their parts in `rules`. */
export interface CustomerCore {
  /** False until the stream has its first event. */
  known: boolean;
  member: Membership | null;
  tier: string | null;
  tierSince: string | null;
  points: number;
  lifetimeEarned: number;
  lifetimeRedeemed: number;
  lifetimeReversed: number;
  lifetimeExpired: number;
  purchaseCount: number;
  totalSpend: number;
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  /** The allocation ledger (lots.ts): every earn's lot, by lot number. */
  lots: Lots;
  /** Points returns took back beyond what the lots held; the next lots settle it first. */
  debt: number;
  // Persistent maps: each event's state shares them with the state before it instead of copying them.
  receipts: PersistentMap<string, ReceiptState>;
  /** The receipts' net spend by month, for the qualifying spend (spend-by-month.ts). */
  spendByMonth: SpendByMonth;
  returns: PersistentMap<string, ReturnRecorded['data']>;
  redemptions: PersistentMap<string, RedemptionState>;
  feedback: PersistentMap<string, FeedbackSubmitted['data']>;
  /** The customer asked to be forgotten: card number, birthday and comments are gone. */
  personalDataErased: boolean;
}

export interface CustomerState extends CustomerCore {
  /** Each rule's slice, by the rule's name. */
  rules: RuleSlices;
}

export function initialCustomerState(): CustomerState {
  return {
    known: false,
    member: null,
    tier: null,
    tierSince: null,
    points: 0,
    lifetimeEarned: 0,
    lifetimeRedeemed: 0,
    lifetimeReversed: 0,
    lifetimeExpired: 0,
    purchaseCount: 0,
    totalSpend: 0,
    firstPurchaseAt: null,
    lastPurchaseAt: null,
    lots: PersistentMap.empty(),
    debt: 0,
    receipts: PersistentMap.empty(),
    spendByMonth: PersistentMap.empty(),
    returns: PersistentMap.empty(),
    redemptions: PersistentMap.empty(),
    feedback: PersistentMap.empty(),
    personalDataErased: false,
    rules: initialRuleSlices(),
  };
}

export function stageOf(state: { member: object | null; purchaseCount: number }): Stage {
  if (state.member) return 'member';
  return state.purchaseCount >= 2 ? 'customer' : 'buyer';
}

/**
 * A fresh copy of a state for evolve to fill in before returning it; nobody else holds it yet.
 * Written out field by field so every state has the same shape: spreading gave each kind of event
 * its own, and a ledger replay spent most of its time copying states slowly. The rules' slices are
 * one field, so it does not grow with the rules.
 */
function copyOf(state: CustomerState): CustomerState {
  return {
    known: true,
    member: state.member,
    tier: state.tier,
    tierSince: state.tierSince,
    points: state.points,
    lifetimeEarned: state.lifetimeEarned,
    lifetimeRedeemed: state.lifetimeRedeemed,
    lifetimeReversed: state.lifetimeReversed,
    lifetimeExpired: state.lifetimeExpired,
    purchaseCount: state.purchaseCount,
    totalSpend: state.totalSpend,
    firstPurchaseAt: state.firstPurchaseAt,
    lastPurchaseAt: state.lastPurchaseAt,
    lots: state.lots,
    debt: state.debt,
    receipts: state.receipts,
    spendByMonth: state.spendByMonth,
    returns: state.returns,
    redemptions: state.redemptions,
    feedback: state.feedback,
    personalDataErased: state.personalDataErased,
    rules: state.rules,
  };
}

/** The receipts with one receipt changed; unchanged when the ledger has no such receipt. */
function withReceipt(receipts: CustomerCore['receipts'], receiptId: string, change: (receipt: ReceiptState) => void): CustomerCore['receipts'] {
  const receipt = receipts.get(receiptId);
  if (!receipt) return receipts;
  const changed = { ...receipt };
  change(changed);
  return receipts.with(receiptId, changed);
}

const later = (a: string | null, b: string) => (a === null || instantOf(b) > instantOf(a) ? b : a);
const earlier = (a: string | null, b: string) => (a === null || instantOf(b) < instantOf(a) ? b : a);

export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  const next = copyOf(state);
  evolveLedger(next, state, event as LedgerEvent);
  next.rules = evolveRuleSlices(state.rules, event);
  return next;
}

/** The ledger's own part of `next` after the event; the events of rules leave it as it was. */
function evolveLedger(next: CustomerState, state: CustomerState, event: LedgerEvent): void {
  switch (event.type) {
    case 'CustomerEnrolled': {
      const { tier, programRevision: _revision, ...membership } = event.data;
      next.member = membership;
      next.tier = tier;
      next.tierSince = event.data.enrolledAt;
      return;
    }
    case 'PurchaseRecorded': {
      const { receiptId, storeId, occurredAt, currency, total, lines, discounts, charges, appliedOffers, memberDiscount } = event.data;
      next.purchaseCount += 1;
      next.totalSpend += total;
      next.firstPurchaseAt = earlier(state.firstPurchaseAt, occurredAt);
      next.lastPurchaseAt = later(state.lastPurchaseAt, occurredAt);
      const receipt: ReceiptState = {
        receiptId,
        storeId,
        occurredAt,
        occurredAtMs: instantOf(occurredAt),
        currency,
        total,
        lines,
        ...(discounts && { discounts }),
        ...(charges && { charges }),
        ...(appliedOffers && { appliedOffers: appliedOffers.map((offer) => offer.offerId), offerDiscounts: appliedOffers }),
        ...(memberDiscount && { memberDiscount }),
        returned: 0,
      };
      next.spendByMonth = withReceiptRecorded(state.spendByMonth, receiptId, receipt, state.receipts.get(receiptId));
      next.receipts = state.receipts.with(receiptId, receipt);
      return;
    }
    case 'PointsEarned': {
      const { reason, points, receiptId, occurredAt, expiresAt } = event.data;
      next.points += points;
      next.lifetimeEarned += points;
      // Events from before lots were recorded settle a debt as the decider now records it.
      const settles = event.data.settles ?? Math.min(state.debt, points);
      const lotId = state.lots.size + 1;
      next.lots = state.lots.with(lotId, {
        lotId,
        reason,
        ...(receiptId !== undefined && { receiptId }),
        earnedAt: occurredAt,
        expiresAt: expiresAt ?? null,
        earned: points,
        used: 0,
        reversed: settles,
        expired: 0,
      });
      next.debt = state.debt - settles;
      return;
    }
    case 'ReturnRecorded': {
      const { receiptId, amount, lines } = event.data;
      const returned = state.receipts.get(receiptId);
      if (returned) next.spendByMonth = withAmountReturned(state.spendByMonth, returned, amount);
      next.receipts = withReceipt(state.receipts, receiptId, (receipt) => {
        receipt.returned += amount;
        if (lines) receipt.returnedUnits = unitsAfter(receipt, lines);
        else receipt.returnedByAmount = (receipt.returnedByAmount ?? 0) + amount;
      });
      next.totalSpend -= amount;
      next.returns = state.returns.with(event.data.returnId, event.data);
      return;
    }
    case 'PointsReversed': {
      const { points, receiptId } = event.data;
      next.points -= points;
      next.lifetimeReversed += points;
      const lots = event.data.lots ?? allocateReturn(state.lots, receiptId, points);
      next.lots = withAllocation(state.lots, lots, 'reversed', 1);
      next.debt = state.debt + points - pointsOf(lots);
      return;
    }
    case 'PointsExpired':
      next.points -= event.data.points;
      next.lifetimeExpired += event.data.points;
      next.lots = withAllocation(state.lots, event.data.lots, 'expired', 1);
      return;
    case 'TierChanged':
      next.tier = event.data.to;
      next.tierSince = event.data.occurredAt;
      return;
    case 'RewardRedeemed': {
      const lots = event.data.lots ?? allocate(state.lots, event.data.points);
      next.points -= event.data.points;
      next.lifetimeRedeemed += event.data.points;
      next.lots = withAllocation(state.lots, lots, 'used', 1);
      next.redemptions = state.redemptions.with(event.data.redemptionId, { redeemed: event.data, lots, cancelled: false });
      return;
    }
    case 'RedemptionCancelled': {
      const redemption = state.redemptions.get(event.data.redemptionId);
      if (!redemption) return;
      next.points += event.data.points;
      next.lifetimeRedeemed -= event.data.points;
      next.lots = withAllocation(state.lots, event.data.lots ?? redemption.lots, 'used', -1);
      next.redemptions = state.redemptions.with(event.data.redemptionId, { ...redemption, cancelled: true });
      return;
    }
    case 'FeedbackSubmitted':
      next.feedback = state.feedback.with(event.data.feedbackId, event.data);
      return;
    case 'CardReplaced':
      next.member = state.member && { ...state.member, cardNumber: event.data.cardNumber };
      return;
    case 'PersonalDataErased': {
      // Values already read before the erasure (a cached state) are forgotten too.
      next.feedback = PersistentMap.of(
        Array.from(state.feedback, ([id, given]) => [id, given.comment === undefined ? given : { ...given, comment: null }] as const),
      );
      next.member = state.member && {
        ...state.member,
        cardNumber: null,
        ...(state.member.birthday !== undefined && { birthday: null }),
        ...(state.member.birthMonth !== undefined && { birthMonth: null }),
      };
      next.personalDataErased = true;
      return;
    }
  }
}

export function foldCustomer(events: Iterable<CustomerEvent>, from: CustomerState = initialCustomerState()): CustomerState {
  let state = from;
  for (const event of events) state = evolveCustomer(state, event);
  return state;
}
