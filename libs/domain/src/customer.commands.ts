import type { BasketDiscount, PurchaseLine, ReceiptCharge } from './customer.events';
import type { ProgramVersion } from './program';
import type { RuleCommand } from './rules/registry';

/**
 * Commands on one customer's stream. Everything a decision needs comes in with the command:
 * the program version in force, the current time, and anything looked up elsewhere.
 */

export type Enrol = {
  type: 'Enrol';
  data: {
    customerId: string;
    cardNumber: string;
    birthday?: string;
    /** The birthday's month, recorded apart for the rules (see CustomerEnrolled). */
    birthMonth?: number;
    homeStoreId?: string;
    /** The code this member will share; made by the caller, unique within the tenant. */
    ownReferralCode: string;
    /** A friend's code given at enrolment, with the member it belongs to (null: no such code). */
    referral?: { code: string; referrerId: string | null };
    now: string;
    program: ProgramVersion;
  };
};

export type RecordPurchase = {
  type: 'RecordPurchase';
  data: {
    receiptId: string;
    storeId: string;
    customerId: string;
    occurredAt: string;
    currency: string;
    total: number;
    lines: PurchaseLine[];
    /**
     * For each campaign with a budget, the points of it the write side holds for this purchase
     * (the campaigns rule gives at most those); absent: none.
     */
    budgets?: Record<string, number>;
    discounts?: BasketDiscount[];
    charges?: ReceiptCharge[];
    /** The member-only offers the till applied (rules/offers.ts): each must apply, or nothing is recorded. */
    appliedOffers?: string[];
    /** The earliest purchase the tenant takes (its creation, or what it was created with); absent: no such limit. */
    receiptsSince?: string;
    now: string;
    program: ProgramVersion;
  };
};

export type RecordReturn = {
  type: 'RecordReturn';
  data: {
    returnId: string;
    receiptId: string;
    storeId: string;
    customerId: string;
    occurredAt: string;
    /**
     * What is refunded. With `lines` it is what those goods were paid (returned-goods.ts), and when
     * given as well it must be that; without lines it is required.
     */
    amount?: number;
    /** The goods that came back from the receipt, by sku; absent: an amount only. */
    lines?: Array<{ sku: string; quantity: number }>;
    now: string;
    program: ProgramVersion;
  };
};

export type RedeemReward = {
  type: 'RedeemReward';
  data: { redemptionId: string; customerId: string; rewardId: string; storeId: string; now: string; program: ProgramVersion };
};

export type CancelRedemption = {
  type: 'CancelRedemption';
  /** `program`: what the rules that react to a cancellation (the points' expiry) decide under. */
  data: { redemptionId: string; customerId: string; now: string; program: ProgramVersion };
};

export type SubmitFeedback = {
  type: 'SubmitFeedback';
  data: {
    feedbackId: string;
    customerId: string;
    storeId: string;
    receiptId?: string;
    nps: number;
    csat?: number;
    comment?: string;
    now: string;
    program: ProgramVersion;
  };
};

/**
 * The member's card is replaced by a new one (a lost card): the same number again decides nothing.
 * That the number is no other member's is checked by the application, across the tenant.
 */
export type ReplaceCard = {
  type: 'ReplaceCard';
  data: { customerId: string; cardNumber: string; now: string };
};

/** The member asked to be forgotten (the application destroys their key first). */
export type ErasePersonalData = {
  type: 'ErasePersonalData';
  data: { customerId: string; now: string };
};

/**
 * Time passed for the customer up to `until`: the scheduler sends it when something falls due (an
 * expiry, a tier review, a birthday month), and what fell due is decided, each when it fell due.
 */
export type PassTime = {
  type: 'PassTime';
  data: { customerId: string; until: string; program: ProgramVersion };
};

/** The command id of time passed up to an instant: `time:<until>`, so a replay knows until when. */
export const PASS_TIME_PREFIX = 'time:';

/** The ledger's own commands: what tills, members, staff and the scheduler ask of it. */
export type LedgerCommand =
  | Enrol
  | RecordPurchase
  | RecordReturn
  | RedeemReward
  | CancelRedemption
  | SubmitFeedback
  | ReplaceCard
  | ErasePersonalData
  | PassTime;

/** Every command on a customer's stream: the ledger's own and those of the rules (rules/registry.ts). */
export type CustomerCommand = LedgerCommand | RuleCommand;
