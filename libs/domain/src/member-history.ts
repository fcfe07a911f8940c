import { occurredAt } from './balance-as-of';
import type { CustomerEvent } from './customer.events';
import { evolveCustomer, initialCustomerState } from './customer.state';
import type { CustomerState } from './customer.state';
import type { Program } from './program';
import type { RuleReason } from './rules/registry';
import { tierForSpend } from './rules/tiers';
import type { Partner } from './rules/partner-rewards';
import type { VoucherBenefit, VoucherReward } from './rules/vouchers';

/** Points an event moves on the balance: what a ledger line shows. */
export function pointsMoved(event: CustomerEvent): number {
  switch (event.type) {
    case 'PointsEarned':
    case 'RedemptionCancelled':
      return event.data.points;
    case 'PointsReversed':
    case 'PointsExpired':
    case 'RewardRedeemed':
      return -event.data.points;
    default:
      return 0;
  }
}

/**
 * Points credited for each reason, in the member's words. Every reason of the registry has its
 * words (a spec checks it): a new rule that credits points adds its line here.
 */
export const REASON_WORDS: Record<RuleReason, string> = {
  purchase: 'Points for your purchase',
  'first-purchase': 'First purchase bonus',
  referral: 'Referral bonus',
  feedback: 'Thank you for your feedback',
  birthday: 'Birthday bonus',
  'birthday-month': 'Birthday month extra points',
  campaign: 'Campaign bonus',
};

/** One entry of a member's own history: what happened, in their words, and the balance after it. */
export interface MemberHistoryEntry {
  revision: number;
  /** When it happened (the receipt's time for a purchase), RFC 3339 UTC. */
  at: string;
  /** The ledger event it shows. */
  type: string;
  text: string;
  /** Points it added (positive) or took (negative); 0 for entries that move none. */
  points: number;
  balance: number;
}

const at = (storeId: string | undefined) => (storeId ? ` at ${storeId}` : '');

function voucherWords(benefit: VoucherBenefit): string {
  switch (benefit.kind) {
    case 'freeItem':
      return `a free ${benefit.sku ?? benefit.category}`;
    case 'amountOff':
      return `${benefit.amount} off`;
    case 'percentOff':
      return `${benefit.percent}% off`;
  }
}

/** What the event means to the member. */
function describe(event: CustomerEvent): string {
  switch (event.type) {
    case 'CustomerEnrolled':
      return 'You joined the program';
    case 'PurchaseRecorded': {
      const { appliedOffers, memberDiscount } = event.data;
      const offers = appliedOffers ? `, with ${appliedOffers.length === 1 ? 'offer' : 'offers'} ${appliedOffers.map((offer) => offer.offerId).join(', ')}` : '';
      const card = memberDiscount ? `, ${memberDiscount.percent}% off with your ${memberDiscount.tier} card` : '';
      return `Purchase${at(event.data.storeId)}, receipt ${event.data.receiptId}${offers}${card}`;
    }
    case 'PointsEarned': {
      const words = REASON_WORDS[event.data.reason as RuleReason] ?? `Points (${event.data.reason})`;
      const campaign = (event.data as { campaignId?: string }).campaignId;
      return `${words}${campaign ? ` (${campaign})` : ''}${event.data.receiptId ? `, receipt ${event.data.receiptId}` : ''}`;
    }
    case 'ReturnRecorded': {
      const { lines } = event.data;
      const goods = lines ? `: ${lines.map(({ sku, quantity }) => `${quantity} × ${sku}`).join(', ')}` : '';
      return `Return${at(event.data.storeId)}, receipt ${event.data.receiptId}${goods}`;
    }
    case 'PointsReversed':
      return `Points taken back for the return, receipt ${event.data.receiptId}`;
    case 'PointsExpired':
      return 'Points expired';
    case 'TierChanged':
      return `Your tier changed from ${event.data.from} to ${event.data.to}`;
    case 'RewardRedeemed':
      return `Reward ${event.data.rewardId} redeemed${at(event.data.storeId)}`;
    case 'RedemptionCancelled':
      return `Redemption ${event.data.redemptionId} cancelled: points returned`;
    case 'FeedbackSubmitted':
      return `Feedback${at(event.data.storeId)}`;
    case 'CardReplaced':
      return 'Your card was replaced';
    case 'PersonalDataErased':
      return 'Your personal data was erased';
    case 'PointsExpiringSoon':
      return `${event.data.points} points expire on ${event.data.expiresAt.slice(0, 10)} unless spent`;
    case 'TierReviewed':
      return `Your tier was reviewed: ${event.data.tier}`;
    case 'BirthdayMonthStarted':
      return 'Happy birthday month';
    case 'CampaignHeldOut':
      return `Receipt ${event.data.receiptId} was not part of campaign ${event.data.campaignId}`;
    case 'CampaignBudgetExhausted':
      return `Campaign ${event.data.campaignId} had run out of points for receipt ${event.data.receiptId}`;
    case 'ReferralQualified':
      return event.data.confirmsAt === undefined
        ? 'Your first purchase qualified for the referral bonus'
        : `Your first purchase qualified for the referral bonus, paid once the return window closes on ${event.data.confirmsAt.slice(0, 10)}`;
    case 'ReferralConfirmed':
      return 'The return window closed: your referral bonus is confirmed';
    case 'ReferralCancelled':
      return `The referral bonus was cancelled: receipt ${event.data.receiptId} was returned`;
    case 'VoucherIssued':
      return `A voucher is in your wallet (${voucherWords(event.data.benefit)}), valid until ${event.data.validUntil.slice(0, 10)}`;
    case 'VoucherUsed':
      return `Voucher used${at(event.data.storeId)}, receipt ${event.data.receiptId}`;
    case 'VoucherUseCancelled':
      return 'The voucher\'s use was undone: you may use it again';
    case 'VoucherVoided':
      return 'A voucher was withdrawn: what earned it was returned or cancelled';
    case 'StampsCollected':
      return `${event.data.stamps} ${event.data.stamps === 1 ? 'stamp' : 'stamps'} on your ${event.data.cardId} card`;
    case 'StampsTakenBack':
      return `${event.data.stamps} ${event.data.stamps === 1 ? 'stamp' : 'stamps'} taken back from your ${event.data.cardId} card for the return`;
    case 'PartnerCodeGiven':
      return `A ${event.data.partnerId} gift card is in your wallet`;
    default:
      return (event as { type: string }).type;
  }
}

/** Every entry of the member's ledger, in ledger order, each with the balance it leaves. */
export function memberHistory(events: ReadonlyArray<{ revision: number } & CustomerEvent>): MemberHistoryEntry[] {
  return memberHistoryPage(events, 0, Number.MAX_SAFE_INTEGER).entries;
}

/**
 * One page of the member's history: up to `limit` entries from `fromRevision` on, each with the
 * balance it leaves (the whole ledger is folded, so a page's balances are those of the full
 * history); the revision the next page starts at, null after the last entry; and the balance the
 * whole history ends with.
 */
export function memberHistoryPage(
  events: ReadonlyArray<{ revision: number } & CustomerEvent>,
  fromRevision: number,
  limit: number,
): { entries: MemberHistoryEntry[]; balance: number; nextRevision: number | null } {
  let state = initialCustomerState();
  const entries: MemberHistoryEntry[] = [];
  let nextRevision: number | null = null;
  for (const event of events) {
    state = evolveCustomer(state, event);
    if (event.revision < fromRevision || nextRevision !== null) continue;
    if (entries.length === limit) nextRevision = event.revision;
    else entries.push({ revision: event.revision, at: occurredAt(event), type: event.type, text: describe(event), points: pointsMoved(event), balance: state.points });
  }
  return { entries, balance: state.points, nextRevision };
}

/** A reward the member may redeem points for, what it gives and whether their points pay for it now. */
export interface MemberReward {
  rewardId: string;
  /** catalogue: collected at a store; voucher: a voucher put in the wallet; partner: a partner's gift-card code. */
  kind: 'catalogue' | 'voucher' | 'partner';
  points: number;
  /** What it gives, in the member's words. */
  text: string;
  /** kind voucher: its benefit and the local days after the day of issue it stays valid; null otherwise. */
  voucher: VoucherReward | null;
  /** kind partner: the partner whose gift card it is; null otherwise. */
  partner: Partner | null;
  /** Whether there is one to give now: a partner's gift card only while the partner has a code left in its pool. */
  available: boolean;
  /** Whether the member's points pay for it now. */
  affordable: boolean;
  /** Points still missing; 0 when affordable. */
  pointsShort: number;
}

function validityWords(validDays: number): string {
  if (validDays === 0) return 'valid on the day you get it';
  return `valid for ${validDays} ${validDays === 1 ? 'day' : 'days'} after the day you get it`;
}

/**
 * Everything the member may redeem points for: the catalogue, then the vouchers bought with points,
 * then the partners' gift cards, each in the program's order. A buyer who has not enrolled can
 * afford none, whatever their points. `partnersWithCodes`: the partners whose pool has a code left.
 */
export function memberRewards(program: Program, state: CustomerState, partnersWithCodes: ReadonlySet<string>): MemberReward[] {
  const spendable = state.member ? Math.max(0, state.points) : 0;
  const afford = (points: number, available = true) => ({
    points,
    available,
    affordable: state.member !== null && spendable >= points,
    pointsShort: Math.max(0, points - spendable),
  });
  const partners = new Map((program.partnerRewards?.partners ?? []).map((partner) => [partner.partnerId, partner.name]));
  return [
    ...program.rewards.map(({ rewardId, points }): MemberReward => ({ rewardId, kind: 'catalogue', text: `Reward ${rewardId}`, voucher: null, partner: null, ...afford(points) })),
    ...(program.vouchers ?? []).map(
      ({ rewardId, points, reward }): MemberReward => ({
        rewardId,
        kind: 'voucher',
        text: `A voucher for ${voucherWords(reward.voucher)}, ${validityWords(reward.validDays)}`,
        voucher: { voucher: { ...reward.voucher }, validDays: reward.validDays },
        partner: null,
        ...afford(points),
      }),
    ),
    ...(program.partnerRewards?.rewards ?? []).map(({ rewardId, points, partnerId }): MemberReward => {
      const name = partners.get(partnerId) ?? partnerId;
      return { rewardId, kind: 'partner', text: `A ${name} gift card`, voucher: null, partner: { partnerId, name }, ...afford(points, partnersWithCodes.has(partnerId)) };
    }),
  ];
}

/** How far the member is from the next tier up: null at the top or for a buyer who has not enrolled. */
export function tierProgress(program: Program, state: CustomerState, qualifyingSpend: number): { nextTier: string; spendToGo: number } | null {
  if (!state.member) return null;
  const held = program.tiers.findIndex((tier) => tier.name === state.tier);
  const reached = program.tiers.indexOf(tierForSpend(program.tiers, qualifyingSpend));
  const next = program.tiers[Math.max(held, reached) + 1];
  return next ? { nextTier: next.name, spendToGo: Math.max(0, next.minQualifyingSpend - qualifyingSpend) } : null;
}
