import { canonicalJson } from './canonical-json';
import type {
  AwardReferrerBonus,
  CancelRedemption,
  CustomerCommand,
  Enrol,
  ErasePersonalData,
  RecordPurchase,
  RecordReturn,
  RedeemReward,
  SubmitFeedback,
} from './customer.commands';
import type { CustomerEvent, TierChanged } from './customer.events';
import type { CustomerState } from './customer.state';
import { evolveCustomer, foldCustomer } from './customer.state';
import { purchasePoints } from './earn-points';
import {
  AlreadyEnrolled,
  CurrencyMismatch,
  CustomerNotFound,
  IdAlreadyUsed,
  InsufficientPoints,
  NotAMember,
  OccurredInFuture,
  RedemptionNotFound,
  ReferralNotAllowed,
  ReturnBeforePurchase,
  ReturnExceedsReceipt,
  ScoreOutOfRange,
  SelfReferral,
  UnknownReceipt,
  UnknownReferralCode,
  UnknownReward,
  UnknownStore,
} from './errors';
import type { ProgramVersion } from './program';
import { findReward, findStore } from './program';
import { pointsToReverse } from './returns';
import { multiplierOf, qualifyingSpend, tierForSpend } from './tiers';
import { instantOf } from './instant';

/** A till's clock may run a little ahead of ours; beyond this a date is refused as future. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * decide(command, state) → events. A command that was already carried out with the same
 * details decides nothing ([]), so a retry appends nothing; with other details it is refused.
 */
export function decideCustomer(command: CustomerCommand, state: CustomerState): CustomerEvent[] {
  return decide(command, state).events;
}

/**
 * The events decided and the customer after them, as foldCustomer(events, state) gives it. A
 * purchase or a return folds its events to review the tier; that fold is handed on rather than made
 * again by whoever keeps the state (the write side, on every command).
 */
export function decideAndEvolveCustomer(command: CustomerCommand, state: CustomerState): { events: CustomerEvent[]; state: CustomerState } {
  const decision = decide(command, state);
  return { events: decision.events, state: decision.after ?? foldCustomer(decision.events, state) };
}

/** The events, and the state after them when deciding needed it. */
interface Decision {
  events: CustomerEvent[];
  after?: CustomerState;
}

function decide(command: CustomerCommand, state: CustomerState): Decision {
  switch (command.type) {
    case 'Enrol':
      return { events: enrol(command, state) };
    case 'RecordPurchase':
      return recordPurchase(command, state);
    case 'RecordReturn':
      return recordReturn(command, state);
    case 'RedeemReward':
      return { events: redeemReward(command, state) };
    case 'CancelRedemption':
      return { events: cancelRedemption(command, state) };
    case 'SubmitFeedback':
      return { events: submitFeedback(command, state) };
    case 'AwardReferrerBonus':
      return { events: awardReferrerBonus(command, state) };
    case 'ErasePersonalData':
      return { events: erasePersonalData(command, state) };
  }
}

function enrol({ data }: Enrol, state: CustomerState): CustomerEvent[] {
  const { program } = data;
  if (state.member) {
    const same =
      state.member.cardNumber === data.cardNumber &&
      state.member.birthday === data.birthday &&
      state.member.homeStoreId === data.homeStoreId &&
      state.member.referredBy?.referralCode === data.referral?.code;
    if (same) return [];
    throw new AlreadyEnrolled(data.customerId);
  }
  if (data.homeStoreId !== undefined && !findStore(program.rules, data.homeStoreId)) {
    throw new UnknownStore(data.homeStoreId, 'homeStoreId');
  }
  let referredBy: { customerId: string; referralCode: string } | undefined;
  if (data.referral) {
    const { code, referrerId } = data.referral;
    if (referrerId === null) throw new UnknownReferralCode(code);
    if (referrerId === data.customerId) throw new SelfReferral();
    if (state.purchaseCount > 0) throw new ReferralNotAllowed(data.customerId);
    referredBy = { customerId: referrerId, referralCode: code };
  }
  const spend = qualifyingSpend(state.receipts.values(), data.now);
  return [
    {
      type: 'CustomerEnrolled',
      data: {
        customerId: data.customerId,
        cardNumber: data.cardNumber,
        ...(data.birthday !== undefined && { birthday: data.birthday }),
        ...(data.homeStoreId !== undefined && { homeStoreId: data.homeStoreId }),
        referralCode: data.ownReferralCode,
        ...(referredBy && { referredBy }),
        tier: tierForSpend(program.rules.tiers, spend).name,
        enrolledAt: data.now,
        programRevision: program.revision,
      },
    },
  ];
}

function recordPurchase({ data }: RecordPurchase, state: CustomerState): Decision {
  const { program } = data;
  const rules = program.rules;
  const recorded = state.receipts.get(data.receiptId);
  if (recorded) {
    const same =
      recorded.storeId === data.storeId &&
      recorded.occurredAt === data.occurredAt &&
      recorded.currency === data.currency &&
      recorded.total === data.total &&
      canonicalJson(recorded.lines) === canonicalJson(data.lines);
    if (same) return { events: [] };
    throw new IdAlreadyUsed('receiptId', data.receiptId);
  }
  if (!findStore(rules, data.storeId)) throw new UnknownStore(data.storeId);
  if (data.currency !== rules.currency) throw new CurrencyMismatch(data.currency, rules.currency);
  refuseFuture(data.occurredAt, data.now);

  const events: CustomerEvent[] = [
    {
      type: 'PurchaseRecorded',
      data: {
        receiptId: data.receiptId,
        storeId: data.storeId,
        occurredAt: data.occurredAt,
        currency: data.currency,
        total: data.total,
        lines: data.lines,
        programRevision: program.revision,
      },
    },
  ];
  if (state.member && state.tier !== null) {
    const multiplier = multiplierOf(rules.tiers, state.tier, () => qualifyingSpend(state.receipts.values(), data.occurredAt));
    const points = purchasePoints(data.total, rules.earn.spendPerPoint, multiplier);
    if (points > 0) {
      events.push({
        type: 'PointsEarned',
        data: {
          reason: 'purchase',
          points,
          receiptId: data.receiptId,
          storeId: data.storeId,
          tier: state.tier,
          occurredAt: data.occurredAt,
          programRevision: program.revision,
        },
      });
    }
    const referrer = state.member.referredBy;
    if (referrer && !state.referralQualified && data.total >= rules.referral.minQualifyingPurchase) {
      events.push({
        type: 'ReferralQualified',
        data: {
          referrerId: referrer.customerId,
          receiptId: data.receiptId,
          storeId: data.storeId,
          referrerBonus: rules.referral.referrerBonus,
          refereeBonus: rules.referral.refereeBonus,
          occurredAt: data.occurredAt,
          programRevision: program.revision,
        },
      });
      if (rules.referral.refereeBonus > 0) {
        events.push({
          type: 'PointsEarned',
          data: {
            reason: 'referral',
            points: rules.referral.refereeBonus,
            receiptId: data.receiptId,
            storeId: data.storeId,
            occurredAt: data.occurredAt,
            programRevision: program.revision,
          },
        });
      }
    }
  }
  return withTierReview(events, state, data.occurredAt, program);
}

function recordReturn({ data }: RecordReturn, state: CustomerState): Decision {
  const { program } = data;
  const recorded = state.returns.get(data.returnId);
  if (recorded) {
    const same =
      recorded.receiptId === data.receiptId &&
      recorded.storeId === data.storeId &&
      recorded.occurredAt === data.occurredAt &&
      recorded.amount === data.amount;
    if (same) return { events: [] };
    throw new IdAlreadyUsed('returnId', data.returnId);
  }
  if (!state.known) throw new CustomerNotFound(data.customerId);
  const receipt = state.receipts.get(data.receiptId);
  if (!receipt) throw new UnknownReceipt(data.receiptId, data.customerId);
  if (!findStore(program.rules, data.storeId)) throw new UnknownStore(data.storeId);
  refuseFuture(data.occurredAt, data.now);
  if (instantOf(data.occurredAt) < instantOf(receipt.occurredAt)) throw new ReturnBeforePurchase(data.receiptId);
  const left = receipt.total - receipt.returned;
  if (data.amount > left) throw new ReturnExceedsReceipt(data.amount, left, data.receiptId);

  const events: CustomerEvent[] = [
    {
      type: 'ReturnRecorded',
      data: {
        returnId: data.returnId,
        receiptId: data.receiptId,
        storeId: data.storeId,
        occurredAt: data.occurredAt,
        amount: data.amount,
        programRevision: program.revision,
      },
    },
  ];
  const points = pointsToReverse(receipt, data.amount);
  if (points > 0) {
    events.push({
      type: 'PointsReversed',
      data: { returnId: data.returnId, receiptId: data.receiptId, storeId: data.storeId, points, occurredAt: data.occurredAt },
    });
  }
  return withTierReview(events, state, data.occurredAt, program);
}

function redeemReward({ data }: RedeemReward, state: CustomerState): CustomerEvent[] {
  const { program } = data;
  const recorded = state.redemptions.get(data.redemptionId);
  if (recorded) {
    const same = recorded.redeemed.rewardId === data.rewardId && recorded.redeemed.storeId === data.storeId;
    if (same) return [];
    throw new IdAlreadyUsed('redemptionId', data.redemptionId);
  }
  if (!state.known) throw new CustomerNotFound(data.customerId);
  if (!state.member) throw new NotAMember(data.customerId);
  const reward = findReward(program.rules, data.rewardId);
  if (!reward) throw new UnknownReward(data.rewardId);
  if (!findStore(program.rules, data.storeId)) throw new UnknownStore(data.storeId);
  if (state.points < reward.points) throw new InsufficientPoints(state.points, reward.points);
  return [
    {
      type: 'RewardRedeemed',
      data: {
        redemptionId: data.redemptionId,
        rewardId: reward.rewardId,
        storeId: data.storeId,
        points: reward.points,
        occurredAt: data.now,
        programRevision: program.revision,
      },
    },
  ];
}

function cancelRedemption({ data }: CancelRedemption, state: CustomerState): CustomerEvent[] {
  const redemption = state.redemptions.get(data.redemptionId);
  if (!redemption) throw new RedemptionNotFound(data.redemptionId);
  if (redemption.cancelled) return [];
  return [
    {
      type: 'RedemptionCancelled',
      data: {
        redemptionId: data.redemptionId,
        storeId: redemption.redeemed.storeId,
        points: redemption.redeemed.points,
        occurredAt: data.now,
      },
    },
  ];
}

function submitFeedback({ data }: SubmitFeedback, state: CustomerState): CustomerEvent[] {
  const { program } = data;
  const recorded = state.feedback.get(data.feedbackId);
  if (recorded) {
    const same =
      recorded.storeId === data.storeId &&
      recorded.receiptId === data.receiptId &&
      recorded.nps === data.nps &&
      recorded.csat === data.csat &&
      recorded.comment === data.comment;
    if (same) return [];
    throw new IdAlreadyUsed('feedbackId', data.feedbackId);
  }
  if (!state.known) throw new CustomerNotFound(data.customerId);
  if (!findStore(program.rules, data.storeId)) throw new UnknownStore(data.storeId);
  // The scales are part of the feedback's meaning (NPS 0–10, CSAT 1–5), not only of the HTTP shape.
  refuseScore('nps', data.nps, 0, 10);
  if (data.csat !== undefined) refuseScore('csat', data.csat, 1, 5);
  const receipt = data.receiptId === undefined ? undefined : state.receipts.get(data.receiptId);
  if (data.receiptId !== undefined && !receipt) throw new UnknownReceipt(data.receiptId, data.customerId);

  const events: CustomerEvent[] = [
    {
      type: 'FeedbackSubmitted',
      data: {
        feedbackId: data.feedbackId,
        storeId: data.storeId,
        ...(data.receiptId !== undefined && { receiptId: data.receiptId }),
        nps: data.nps,
        ...(data.csat !== undefined && { csat: data.csat }),
        ...(data.comment !== undefined && { comment: data.comment }),
        occurredAt: data.now,
      },
    },
  ];
  const bonus = program.rules.feedback.bonus;
  if (state.member && receipt && !receipt.feedbackBonusGiven && bonus > 0) {
    events.push({
      type: 'PointsEarned',
      data: {
        reason: 'feedback',
        points: bonus,
        receiptId: receipt.receiptId,
        feedbackId: data.feedbackId,
        storeId: data.storeId,
        occurredAt: data.now,
        programRevision: program.revision,
      },
    });
  }
  return events;
}

function awardReferrerBonus({ data }: AwardReferrerBonus, state: CustomerState): CustomerEvent[] {
  if (state.referrerBonusFor.has(data.refereeId) || data.points <= 0) return [];
  if (!state.member) throw new NotAMember('referrer');
  return [
    {
      type: 'PointsEarned',
      data: {
        reason: 'referral',
        points: data.points,
        receiptId: data.receiptId,
        refereeId: data.refereeId,
        ...(data.storeId !== undefined && { storeId: data.storeId }),
        occurredAt: data.occurredAt,
        programRevision: data.programRevision,
      },
    },
  ];
}

/** Erasing twice records one erasure; a customer the ledger does not know cannot be erased. */
function erasePersonalData({ data }: ErasePersonalData, state: CustomerState): CustomerEvent[] {
  if (!state.known) throw new CustomerNotFound(data.customerId);
  if (state.personalDataErased) return [];
  return [{ type: 'PersonalDataErased', data: { erasedAt: data.now } }];
}

/** A member's tier follows the qualifying spend as soon as it changes; it applies from the next purchase. */
function withTierReview(
  events: CustomerEvent[],
  state: CustomerState,
  at: string,
  program: ProgramVersion,
): Decision {
  if (!state.member || state.tier === null) return { events };
  const after = foldCustomer(events, state);
  // A receipt or return posted late is reviewed as of the latest purchase known, so it cannot
  // hide later spend and take away a tier that spend reached.
  const reviewAt = after.lastPurchaseAt !== null && instantOf(after.lastPurchaseAt) > instantOf(at) ? after.lastPurchaseAt : at;
  const spend = qualifyingSpend(after.receipts.values(), reviewAt);
  const tier = tierForSpend(program.rules.tiers, spend).name;
  if (tier === state.tier) return { events, after };
  const change: TierChanged = {
    type: 'TierChanged',
    data: { from: state.tier, to: tier, qualifyingSpend: spend, occurredAt: at, programRevision: program.revision },
  };
  return { events: [...events, change], after: evolveCustomer(after, change) };
}

function refuseScore(field: 'nps' | 'csat', score: number, min: number, max: number): void {
  if (!Number.isInteger(score) || score < min || score > max) throw new ScoreOutOfRange(field, score, min, max);
}

function refuseFuture(occurredAt: string, now: string): void {
  if (instantOf(occurredAt) > instantOf(now) + CLOCK_SKEW_MS) throw new OccurredInFuture(occurredAt);
}
