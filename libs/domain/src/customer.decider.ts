import { canonicalJson } from './canonical-json';
import type {
  CancelRedemption,
  CustomerCommand,
  Enrol,
  ErasePersonalData,
  PassTime,
  RecordPurchase,
  RecordReturn,
  RedeemReward,
  ReplaceCard,
  SubmitFeedback,
} from './customer.commands';
import type { CustomerEnrolled, CustomerEvent, FeedbackSubmitted, PurchaseRecorded, RedemptionCancelled, ReturnRecorded } from './customer.events';
import type { CustomerState } from './customer.state';
import { evolveCustomer } from './customer.state';
import {
  AlreadyEnrolled,
  CurrencyMismatch,
  CustomerForgotten,
  CustomerNotFound,
  IdAlreadyUsed,
  NotAMember,
  OccurredInFuture,
  ReceiptBeforeTenant,
  ReceiptTooLate,
  RedemptionNotFound,
  ReferralNotAllowed,
  ReturnAmountMismatch,
  ReturnBeforePurchase,
  ReturnExceedsReceipt,
  ReturnNamesNothing,
  ScoreOutOfRange,
  SelfReferral,
  UnknownReceipt,
  UnknownReferralCode,
  UnknownReward,
  UnknownStore,
} from './errors';
import { instantOf } from './instant';
import { sameCard } from './member-cards';
import type { ProgramVersion } from './program';
import { DEFAULT_LATE_RECEIPT_DAYS, findStore } from './program';
import { allocate, allocateReturn } from './lots';
import { checkReceiptTotal } from './receipt-total';
import { paidOfKept, refundOf } from './return-refund';
import { returnedLines } from './returned-goods';
import { priceOffers, tierDiscountPercent } from './rules/offers';
import { lotExpiresAt } from './rules/points-expiry';
import { askRules, decideRuleCommand, nextDue } from './rules/registry';
import type { Deciding } from './rules/registry';
import { qualifyingSpendOf, tierForSpend } from './rules/tiers';

const NO_BUDGETS: Readonly<Record<string, number>> = Object.freeze({});
const DAY_MS = 24 * 60 * 60 * 1000;

/** A till's clock may run a little ahead of ours; beyond this a date is refused as future. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * decide(command, state) → events. The decider records the fact a command brings (an enrolment, a
 * purchase, a return...) after the checks every program shares, then asks the program's rules, in
 * the registry's order, what they decide on it (rules/). A command that was already carried out
 * with the same details decides nothing ([]), so a retry appends nothing; with other details it is
 * refused.
 */
export function decideCustomer(command: CustomerCommand, state: CustomerState): CustomerEvent[] {
  return decideAndEvolveCustomer(command, state).events;
}

/**
 * The events decided and the customer after them, as foldCustomer(events, state) gives it. The
 * rules that look at the customer after the events so far (the tier review) fold them once, and
 * that fold is handed on rather than made again by whoever keeps the state (the write side).
 */
export function decideAndEvolveCustomer(command: CustomerCommand, state: CustomerState): { events: CustomerEvent[]; state: CustomerState } {
  const decision = new Decision(state);
  decide(command, decision);
  return { events: decision.decided, state: decision.after() };
}

/** The events decided so far, and the customer after them, folded once as they come. */
class Decision implements Deciding {
  readonly decided: CustomerEvent[] = [];
  /** The program the rules are asked under. */
  program!: ProgramVersion;
  private folded: CustomerState;
  private foldedCount = 0;

  constructor(readonly customer: CustomerState) {
    this.folded = customer;
  }

  readonly after = (): CustomerState => {
    while (this.foldedCount < this.decided.length) this.folded = evolveCustomer(this.folded, this.decided[this.foldedCount++]);
    return this.folded;
  };

  /** Adds an event with what the allocation ledger records of it, given the customer after the events before it. */
  record(event: CustomerEvent): void {
    this.decided.push(this.program ? withLots(event, this.after(), this.program) : event);
  }

  /** The decision so far, to ask the rules under `program`. */
  under(program: ProgramVersion): Deciding {
    this.program = program;
    return this;
  }
}

function decide(command: CustomerCommand, decision: Decision): void {
  switch (command.type) {
    case 'Enrol':
      return enrol(command, decision);
    case 'RecordPurchase':
      return recordPurchase(command, decision);
    case 'RecordReturn':
      return recordReturn(command, decision);
    case 'RedeemReward':
      return redeemReward(command, decision);
    case 'CancelRedemption':
      return cancelRedemption(command, decision);
    case 'SubmitFeedback':
      return submitFeedback(command, decision);
    case 'ReplaceCard':
      return replaceCard(command, decision);
    case 'ErasePersonalData':
      return erasePersonalData(command, decision);
    case 'PassTime':
      return passTime(command, decision);
    default:
      decideRuleCommand(command, decision.under(command.data.program));
  }
}

function enrol({ data }: Enrol, decision: Decision): void {
  const state = decision.customer;
  const { program } = data;
  if (state.member) {
    const same =
      state.member.cardNumber === data.cardNumber &&
      state.member.birthday === data.birthday &&
      state.member.homeStoreId === data.homeStoreId &&
      state.member.referredBy?.referralCode === data.referral?.code;
    if (same) return;
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
  const spend = qualifyingSpendOf(state, data.now);
  const enrolled: CustomerEnrolled = {
    type: 'CustomerEnrolled',
    data: {
      customerId: data.customerId,
      cardNumber: data.cardNumber,
      ...(data.birthday !== undefined && { birthday: data.birthday }),
      ...(data.birthMonth !== undefined && { birthMonth: data.birthMonth }),
      ...(data.homeStoreId !== undefined && { homeStoreId: data.homeStoreId }),
      referralCode: data.ownReferralCode,
      ...(referredBy && { referredBy }),
      tier: tierForSpend(program.rules.tiers, spend).name,
      enrolledAt: data.now,
      programRevision: program.revision,
    },
  };
  decision.under(program).record(enrolled);
  askRules('enrolment', decision.under(program), { enrolment: enrolled.data });
}

function recordPurchase({ data }: RecordPurchase, decision: Decision): void {
  const state = decision.customer;
  const { program } = data;
  const rules = program.rules;
  const recorded = state.receipts.get(data.receiptId);
  if (recorded) {
    const same =
      recorded.storeId === data.storeId &&
      recorded.occurredAt === data.occurredAt &&
      recorded.currency === data.currency &&
      recorded.total === data.total &&
      canonicalJson(recorded.lines) === canonicalJson(data.lines) &&
      canonicalJson(recorded.discounts ?? []) === canonicalJson(data.discounts ?? []) &&
      canonicalJson(recorded.charges ?? []) === canonicalJson(data.charges ?? []) &&
      canonicalJson([...(recorded.appliedOffers ?? [])].sort()) === canonicalJson([...(data.appliedOffers ?? [])].sort());
    if (same) return;
    throw new IdAlreadyUsed('receiptId', data.receiptId);
  }
  if (!findStore(rules, data.storeId)) throw new UnknownStore(data.storeId);
  if (data.currency !== rules.currency) throw new CurrencyMismatch(data.currency, rules.currency);
  refuseFuture(data.occurredAt, data.now);
  refuseLate(data.occurredAt, data.now, rules.lateReceiptDays ?? DEFAULT_LATE_RECEIPT_DAYS);
  if (data.receiptsSince !== undefined && instantOf(data.occurredAt) < instantOf(data.receiptsSince)) throw new ReceiptBeforeTenant(data.occurredAt, data.receiptsSince);
  // Offers are priced only when the till applied some, or the member's tier has a discount: a
  // purchase without either costs one look-up here.
  const pricing =
    (data.appliedOffers !== undefined && data.appliedOffers.length > 0) || (state.member !== null && tierDiscountPercent(rules.tiers, state.tier) > 0)
      ? priceOffers(data, data.appliedOffers ?? [], state, state.rules.offers, rules)
      : undefined;
  const { total, lines, discounts, charges } = data;
  checkReceiptTotal({ total, lines, discounts, charges, appliedOffers: pricing?.appliedOffers, memberDiscount: pricing?.memberDiscount });

  const purchased: PurchaseRecorded = {
    type: 'PurchaseRecorded',
    data: {
      receiptId: data.receiptId,
      storeId: data.storeId,
      occurredAt: data.occurredAt,
      currency: data.currency,
      total: data.total,
      lines: data.lines,
      ...(data.discounts && data.discounts.length > 0 && { discounts: data.discounts }),
      ...(data.charges && data.charges.length > 0 && { charges: data.charges }),
      ...(pricing && pricing.appliedOffers.length > 0 && { appliedOffers: pricing.appliedOffers }),
      ...(pricing?.memberDiscount && { memberDiscount: pricing.memberDiscount }),
      programRevision: program.revision,
    },
  };
  decision.under(program).record(purchased);
  askRules('purchase', decision.under(program), { purchase: purchased.data, budgets: data.budgets ?? NO_BUDGETS });
}

/**
 * A return names the goods that came back (`lines`) or an amount only (returned-goods.ts). By
 * lines, it refunds what those goods were paid, and an amount given with them must be that.
 */
function recordReturn({ data }: RecordReturn, decision: Decision): void {
  const state = decision.customer;
  const { program } = data;
  const recorded = state.returns.get(data.returnId);
  if (recorded) {
    const same =
      recorded.receiptId === data.receiptId &&
      recorded.storeId === data.storeId &&
      recorded.occurredAt === data.occurredAt &&
      (data.amount === undefined ? (data.lines?.length ?? 0) > 0 : recorded.amount === data.amount) &&
      canonicalJson(unitsBySku(recorded.lines ?? [])) === canonicalJson(unitsBySku(data.lines ?? []));
    if (same) return;
    throw new IdAlreadyUsed('returnId', data.returnId);
  }
  if (!state.known) throw new CustomerNotFound(data.customerId);
  const receipt = state.receipts.get(data.receiptId);
  if (!receipt) throw new UnknownReceipt(data.receiptId, data.customerId);
  if (!findStore(program.rules, data.storeId)) throw new UnknownStore(data.storeId);
  refuseFuture(data.occurredAt, data.now);
  if (instantOf(data.occurredAt) < instantOf(receipt.occurredAt)) throw new ReturnBeforePurchase(data.receiptId);
  const lines = data.lines && data.lines.length > 0 ? returnedLines(receipt, data.lines) : undefined;
  let amount: number;
  if (lines) {
    amount = refundOf(receipt, lines, program.rules);
    if (data.amount !== undefined && data.amount !== amount) throw new ReturnAmountMismatch(data.amount, amount);
  } else {
    if (data.amount === undefined) throw new ReturnNamesNothing();
    amount = data.amount;
    const left = receipt.total - receipt.returned;
    if (amount > left) throw new ReturnExceedsReceipt(amount, left, data.receiptId);
  }

  const goodsBack: ReturnRecorded = {
    type: 'ReturnRecorded',
    data: {
      returnId: data.returnId,
      receiptId: data.receiptId,
      storeId: data.storeId,
      occurredAt: data.occurredAt,
      amount,
      ...(lines && { lines }),
      programRevision: program.revision,
    },
  };
  decision.under(program).record(goodsBack);
  askRules('return', decision.under(program), { goodsBack: goodsBack.data, receipt, paid: paidOfKept(receipt, goodsBack.data, program.rules) });
}

/** Units by sku, in sku order: how a retry of a return by lines is compared with what it recorded. */
function unitsBySku(lines: ReadonlyArray<{ sku: string; quantity: number }>): Array<[string, number]> {
  const units = new Map<string, number>();
  for (const { sku, quantity } of lines) units.set(sku, (units.get(sku) ?? 0) + quantity);
  return [...units].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A redemption is decided by the first rule that knows the reward; none knowing it refuses it. */
function redeemReward({ data }: RedeemReward, decision: Decision): void {
  const state = decision.customer;
  const { program } = data;
  const recorded = state.redemptions.get(data.redemptionId);
  if (recorded) {
    const same = recorded.redeemed.rewardId === data.rewardId && recorded.redeemed.storeId === data.storeId;
    if (same) return;
    throw new IdAlreadyUsed('redemptionId', data.redemptionId);
  }
  if (!state.known) throw new CustomerNotFound(data.customerId);
  if (!state.member) throw new NotAMember(data.customerId);
  if (!findStore(program.rules, data.storeId)) throw new UnknownStore(data.storeId);
  const { redemptionId, rewardId, storeId, now } = data;
  if (!askRules('redemption', decision.under(program), { redemption: { redemptionId, rewardId, storeId, now } })) throw new UnknownReward(rewardId);
}

/** The points go back to the lots they were taken from; the rules then see to lots that expired meanwhile. */
function cancelRedemption({ data }: CancelRedemption, decision: Decision): void {
  const redemption = decision.customer.redemptions.get(data.redemptionId);
  if (!redemption) throw new RedemptionNotFound(data.redemptionId);
  if (redemption.cancelled) return;
  const { storeId, points } = redemption.redeemed;
  const cancelled: RedemptionCancelled = {
    type: 'RedemptionCancelled',
    data: { redemptionId: data.redemptionId, storeId, points, ...(redemption.lots.length > 0 && { lots: redemption.lots }), occurredAt: data.now },
  };
  decision.under(data.program).record(cancelled);
  askRules('cancellation', decision, { cancellation: cancelled.data, redemption });
}

/** Safety against a rule whose `time.next` does not move past what it decided. */
const MAX_TIME_STEPS = 10_000;

/**
 * Time passes up to `until`: what falls due is decided in order, each at the instant it fell due,
 * by the rules whose `time.next` gives that instant, on the customer as of then.
 */
function passTime({ data }: PassTime, decision: Decision): void {
  const until = instantOf(data.until);
  decision.under(data.program);
  for (let steps = 0; ; steps++) {
    const at = nextDue(decision.after(), data.program);
    if (at === null || instantOf(at) > until) return;
    if (steps === MAX_TIME_STEPS) throw new Error(`time for customer ${data.customerId} did not move past ${at}`);
    askRules('time', decision, { at }, decision.after());
  }
}

/**
 * What the allocation ledger records with an event (lots.ts): the expiry of the lot an earn makes
 * and the debt it settles; the lots a redemption or a return takes its points from.
 */
function withLots(event: CustomerEvent, customer: CustomerState, program: ProgramVersion): CustomerEvent {
  switch (event.type) {
    case 'PointsEarned': {
      const expiry = program.rules.pointsExpiry;
      const settles = Math.min(customer.debt, event.data.points);
      if (!expiry && settles === 0) return event;
      return {
        type: 'PointsEarned',
        data: Object.assign({}, event.data, expiry && { expiresAt: lotExpiresAt(expiry, event.data.occurredAt, program.rules.timeZone) }, settles > 0 && { settles }),
      };
    }
    case 'RewardRedeemed':
      return { type: 'RewardRedeemed', data: Object.assign({}, event.data, { lots: allocate(customer.lots, event.data.points) }) };
    case 'PointsReversed':
      return { type: 'PointsReversed', data: Object.assign({}, event.data, { lots: allocateReturn(customer.lots, event.data.receiptId, event.data.points) }) };
    default:
      return event;
  }
}

function submitFeedback({ data }: SubmitFeedback, decision: Decision): void {
  const state = decision.customer;
  const { program } = data;
  const recorded = state.feedback.get(data.feedbackId);
  if (recorded) {
    const same =
      recorded.storeId === data.storeId &&
      recorded.receiptId === data.receiptId &&
      recorded.nps === data.nps &&
      recorded.csat === data.csat &&
      recorded.comment === data.comment;
    if (same) return;
    throw new IdAlreadyUsed('feedbackId', data.feedbackId);
  }
  if (!state.known) throw new CustomerNotFound(data.customerId);
  if (!findStore(program.rules, data.storeId)) throw new UnknownStore(data.storeId);
  // The scales are part of the feedback's meaning (NPS 0–10, CSAT 1–5), not only of the HTTP shape.
  refuseScore('nps', data.nps, 0, 10);
  if (data.csat !== undefined) refuseScore('csat', data.csat, 1, 5);
  const receipt = data.receiptId === undefined ? undefined : state.receipts.get(data.receiptId);
  if (data.receiptId !== undefined && !receipt) throw new UnknownReceipt(data.receiptId, data.customerId);

  const given: FeedbackSubmitted = {
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
  };
  decision.under(program).record(given);
  askRules('feedback', decision.under(program), { feedback: given.data, receipt });
}

/**
 * A member's new card: the card they hold already (however its number is grouped) decides nothing,
 * so a till may send it again. A forgotten member gets no new card number recorded.
 */
function replaceCard({ data }: ReplaceCard, decision: Decision): void {
  const state = decision.customer;
  if (!state.known) throw new CustomerNotFound(data.customerId);
  if (!state.member) throw new NotAMember(data.customerId);
  if (state.personalDataErased) throw new CustomerForgotten(data.customerId);
  if (sameCard(state.member.cardNumber, data.cardNumber)) return;
  decision.decided.push({ type: 'CardReplaced', data: { cardNumber: data.cardNumber, occurredAt: data.now } });
}

/** Erasing twice records one erasure; a customer the ledger does not know cannot be erased. */
function erasePersonalData({ data }: ErasePersonalData, decision: Decision): void {
  const state = decision.customer;
  if (!state.known) throw new CustomerNotFound(data.customerId);
  if (state.personalDataErased) return;
  decision.record({ type: 'PersonalDataErased', data: { erasedAt: data.now } });
}

function refuseScore(field: 'nps' | 'csat', score: number, min: number, max: number): void {
  if (!Number.isInteger(score) || score < min || score > max) throw new ScoreOutOfRange(field, score, min, max);
}

function refuseFuture(occurredAt: string, now: string): void {
  if (instantOf(occurredAt) > instantOf(now) + CLOCK_SKEW_MS) throw new OccurredInFuture(occurredAt);
}

/** A receipt posted more than the program's late days after its purchase earns nothing and records nothing. */
function refuseLate(occurredAt: string, now: string, lateReceiptDays: number): void {
  if (instantOf(occurredAt) < instantOf(now) - lateReceiptDays * DAY_MS) throw new ReceiptTooLate(occurredAt, lateReceiptDays);
}
