import { expiring, leftIn, qualifyingSpendOf, stageOf, tillFacts } from '@setia/domain';
import type { AppliedOffer, CustomerEvent, CustomerState, MemberDiscount, ProgramVersion, RuleReason, Stage, TillFacts, VoucherIssued } from '@setia/domain';
import type { CommandOutcome } from './customer-ledger.service';

/** What a till needs back after a command, computed from the stream it just appended to. */
export interface CustomerSummary {
  customerId: string;
  stage: Stage;
  /** The balance right after the command. */
  points: number;
  tier: string | null;
}

export interface CustomerView extends CustomerSummary {
  /** Points a rule decided but holds back until a window closes (a referral bonus waiting for returns): not spendable yet. */
  pendingPoints: number;
  qualifyingSpend: number;
  lifetimeEarned: number;
  lifetimeRedeemed: number;
  lifetimeReversed: number;
  lifetimeExpired: number;
  /** The next dates points expire, with how many (lots.ts). */
  expiring: Array<{ points: number; expiresAt: string }>;
  purchaseCount: number;
  totalSpend: number;
  tierSince: string | null;
  referralCode: string | null;
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  /** The member's card number and birthday; null when not given or once erased. */
  cardNumber: string | null;
  birthday: string | null;
  personalDataErased: boolean;
}

/** The expiry dates a customer answer shows. */
const EXPIRING_SHOWN = 3;

/** One lot of a customer (lots.ts), with the redemptions that used its points. */
export interface LotView {
  lotId: number;
  reason: string;
  receiptId: string | null;
  earnedAt: string;
  expiresAt: string | null;
  earned: number;
  used: number;
  usedBy: Array<{ redemptionId: string; points: number }>;
  reversed: number;
  expired: number;
  left: number;
}

export function lotsView(customerId: string, state: CustomerState): { customerId: string; points: number; debt: number; lots: LotView[] } {
  const usedBy = new Map<number, Array<{ redemptionId: string; points: number }>>();
  for (const redemption of state.redemptions.values()) {
    if (redemption.cancelled) continue;
    for (const { lotId, points } of redemption.lots) usedBy.set(lotId, [...(usedBy.get(lotId) ?? []), { redemptionId: redemption.redeemed.redemptionId, points }]);
  }
  const lots = [...state.lots.values()].map((lot) => ({
    lotId: lot.lotId,
    reason: lot.reason,
    receiptId: lot.receiptId ?? null,
    earnedAt: lot.earnedAt,
    expiresAt: lot.expiresAt,
    earned: lot.earned,
    used: lot.used,
    usedBy: usedBy.get(lot.lotId) ?? [],
    reversed: lot.reversed,
    expired: lot.expired,
    left: leftIn(lot),
  }));
  return { customerId, points: state.points, debt: state.debt, lots };
}

export function summary(customerId: string, state: CustomerState): CustomerSummary {
  return { customerId, stage: stageOf(state), points: state.points, tier: state.tier };
}

/**
 * What a till is shown of a member before a sale: who it is, their tier and spendable points, and
 * what the program's rules offer them now (the rewards their points pay for). Nothing personal:
 * the till knows the card it read.
 */
export type TillSummary = CustomerSummary & TillFacts;

export function tillSummary(customerId: string, state: CustomerState, program: ProgramVersion | undefined, now: string): TillSummary {
  return Object.assign(summary(customerId, state), tillFacts(state, program?.rules, now));
}

export function customerView(customerId: string, state: CustomerState, now: string): CustomerView {
  return {
    ...summary(customerId, state),
    pendingPoints: state.rules.referral.pending?.refereeBonus ?? 0,
    qualifyingSpend: qualifyingSpendOf(state, now),
    lifetimeEarned: state.lifetimeEarned,
    lifetimeRedeemed: state.lifetimeRedeemed,
    lifetimeReversed: state.lifetimeReversed,
    lifetimeExpired: state.lifetimeExpired,
    expiring: expiring(state.lots).slice(0, EXPIRING_SHOWN),
    purchaseCount: state.purchaseCount,
    totalSpend: state.totalSpend,
    tierSince: state.tierSince,
    referralCode: state.member?.referralCode ?? null,
    firstPurchaseAt: state.firstPurchaseAt,
    lastPurchaseAt: state.lastPurchaseAt,
    cardNumber: state.member?.cardNumber ?? null,
    birthday: state.member?.birthday ?? null,
    personalDataErased: state.personalDataErased,
  };
}

/** Points a decision credited, for each reason in the order they were credited. */
function earned(events: CustomerEvent[]): Array<{ reason: RuleReason; points: number }> {
  const credited: Array<{ reason: RuleReason; points: number }> = [];
  for (const event of events) if (event.type === 'PointsEarned') credited.push({ reason: event.data.reason, points: event.data.points });
  return credited;
}

/** Points credited for the reason, or (`other`) for every other reason. */
function pointsEarned(events: CustomerEvent[], reason: RuleReason, which: 'this' | 'other' = 'this'): number {
  let points = 0;
  for (const event of events) if (event.type === 'PointsEarned' && (event.data.reason === reason) === (which === 'this')) points += event.data.points;
  return points;
}

/**
 * What each campaign gave a purchase, in the order they were taken: its points, and whether its
 * budget fell short (`exhausted`, with what it would have given).
 */
/** What the member-only offers and the member's tier discount took off the purchase, as it recorded them. */
function offersApplied(events: CustomerEvent[]): { appliedOffers: AppliedOffer[]; memberDiscount: MemberDiscount | null } {
  const purchase = events.find((event) => event.type === 'PurchaseRecorded');
  if (purchase?.type !== 'PurchaseRecorded') return { appliedOffers: [], memberDiscount: null };
  return { appliedOffers: purchase.data.appliedOffers ?? [], memberDiscount: purchase.data.memberDiscount ?? null };
}

function campaignsApplied(events: CustomerEvent[]): Array<{ campaignId: string; points: number; exhausted: boolean; wanted?: number }> {
  const applied = new Map<string, { campaignId: string; points: number; exhausted: boolean; wanted?: number }>();
  for (const event of events) {
    if (event.type === 'PointsEarned' && event.data.campaignId !== undefined) {
      applied.set(event.data.campaignId, { campaignId: event.data.campaignId, points: event.data.points, exhausted: false });
    } else if (event.type === 'CampaignBudgetExhausted') {
      applied.set(event.data.campaignId, { campaignId: event.data.campaignId, points: event.data.points, exhausted: true, wanted: event.data.wanted });
    }
  }
  return [...applied.values()];
}

function tierChange(events: CustomerEvent[]): { from: string; to: string } | null {
  const change = events.find((event) => event.type === 'TierChanged');
  return change?.type === 'TierChanged' ? { from: change.data.from, to: change.data.to } : null;
}

function programRevision(events: CustomerEvent[]): number | null {
  const first = events[0];
  return first && 'programRevision' in first.data ? first.data.programRevision : null;
}

export function enrolmentAnswer(customerId: string, { events, state }: CommandOutcome) {
  return {
    ...summary(customerId, state),
    referralCode: state.member?.referralCode ?? null,
    referredBy: state.member?.referredBy?.customerId ?? null,
    enrolledAt: state.member?.enrolledAt ?? null,
    programRevision: programRevision(events),
  };
}

export function purchaseAnswer(customerId: string, receiptId: string, { events, state }: CommandOutcome) {
  return {
    receiptId,
    ...summary(customerId, state),
    pointsEarned: pointsEarned(events, 'purchase'),
    /** Points of every other rule on the purchase (referral, bonuses). */
    bonusPoints: pointsEarned(events, 'purchase', 'other'),
    earned: earned(events),
    campaigns: campaignsApplied(events),
    ...offersApplied(events),
    tierChanged: tierChange(events),
    /** Vouchers the purchase put in the wallet (a full stamp card, a daily gift); their codes are in the wallet. */
    vouchersIssued: vouchersIssued(events),
    purchaseCount: state.purchaseCount,
    programRevision: programRevision(events),
  };
}

function vouchersIssued(events: CustomerEvent[]) {
  const issued: Array<Pick<VoucherIssued['data'], 'voucherId' | 'benefit' | 'validUntil' | 'source'>> = [];
  for (const event of events) if (event.type === 'VoucherIssued') issued.push({ voucherId: event.data.voucherId, benefit: event.data.benefit, validUntil: event.data.validUntil, source: event.data.source });
  return issued;
}

export function returnAnswer(customerId: string, returnId: string, receiptId: string, { events, state }: CommandOutcome) {
  let pointsReversed = 0;
  const campaigns: Array<{ campaignId: string; points: number }> = [];
  for (const event of events) {
    if (event.type !== 'PointsReversed') continue;
    pointsReversed += event.data.points;
    if (event.data.campaignId !== undefined) campaigns.push({ campaignId: event.data.campaignId, points: event.data.points });
  }
  const receipt = state.receipts.get(receiptId);
  return {
    returnId,
    receiptId,
    /** What the return refunds: for a return by lines, what those goods were paid (the goods kept priced as the purchase was). */
    amount: state.returns.get(returnId)?.amount ?? 0,
    ...summary(customerId, state),
    /** Every point taken back: the purchase's and the campaigns' (listed in `campaigns`). */
    pointsReversed,
    campaigns,
    amountLeftOnReceipt: receipt ? receipt.total - receipt.returned : 0,
    tierChanged: tierChange(events),
    programRevision: programRevision(events),
  };
}

export function redemptionAnswer(customerId: string, redemptionId: string, { events, state }: CommandOutcome) {
  const redemption = state.redemptions.get(redemptionId);
  return {
    redemptionId,
    ...summary(customerId, state),
    rewardId: redemption?.redeemed.rewardId ?? null,
    pointsRedeemed: redemption?.redeemed.points ?? 0,
    cancelled: redemption?.cancelled ?? false,
    programRevision: programRevision(events),
  };
}

export function cancellationAnswer(customerId: string, redemptionId: string, { events, state }: CommandOutcome) {
  const cancelled = events.find((event) => event.type === 'RedemptionCancelled');
  return {
    redemptionId,
    ...summary(customerId, state),
    pointsReturned: cancelled?.type === 'RedemptionCancelled' ? cancelled.data.points : 0,
    cancelled: true,
  };
}

export function feedbackAnswer(customerId: string, feedbackId: string, { events, state }: CommandOutcome) {
  return {
    feedbackId,
    ...summary(customerId, state),
    bonusPoints: pointsEarned(events, 'feedback'),
    earned: earned(events),
  };
}
