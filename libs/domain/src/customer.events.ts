/**
 * Events of one customer's stream `customer-<tenant>-<customerId>`: the customer's ledger.
 * Times are ISO 8601 in UTC. Money is integer minor units. Every decision records the program
 * revision it used, so a replay reproduces it exactly.
 */

export interface PurchaseLine {
  sku: string;
  category?: string;
  quantity: number;
  unitPrice: number;
}

export type CustomerEnrolled = {
  type: 'CustomerEnrolled';
  data: {
    customerId: string;
    /** Personal: stored encrypted with the customer's key; null once the personal data was erased. */
    cardNumber: string | null;
    /** Personal, like the card number: null once erased. */
    birthday?: string | null;
    homeStoreId?: string;
    /** The member's own code to share with friends. */
    referralCode: string;
    /** Set when a member's code brought this customer in. */
    referredBy?: { customerId: string; referralCode: string };
    /** The tier the member starts in, from the qualifying spend so far. */
    tier: string;
    enrolledAt: string;
    programRevision: number;
  };
};

export type PurchaseRecorded = {
  type: 'PurchaseRecorded';
  data: {
    receiptId: string;
    storeId: string;
    occurredAt: string;
    currency: string;
    total: number;
    lines: PurchaseLine[];
    programRevision: number;
  };
};

export type PointsEarnedReason = 'purchase' | 'feedback' | 'referral';

export type PointsEarned = {
  type: 'PointsEarned';
  data: {
    reason: PointsEarnedReason;
    points: number;
    /** The purchase, or the receipt the feedback was about. */
    receiptId?: string;
    feedbackId?: string;
    /** The store where the points were earned (for the referrer's bonus: the friend's store). */
    storeId?: string;
    /** For the referrer's bonus: the friend whose purchase qualified. */
    refereeId?: string;
    /** For purchase points: the tier whose multiplier applied. */
    tier?: string;
    occurredAt: string;
    programRevision: number;
  };
};

export type ReturnRecorded = {
  type: 'ReturnRecorded';
  data: {
    returnId: string;
    receiptId: string;
    storeId: string;
    occurredAt: string;
    amount: number;
    programRevision: number;
  };
};

export type PointsReversed = {
  type: 'PointsReversed';
  data: { returnId: string; receiptId: string; storeId: string; points: number; occurredAt: string };
};

export type TierChanged = {
  type: 'TierChanged';
  data: { from: string; to: string; qualifyingSpend: number; occurredAt: string; programRevision: number };
};

export type RewardRedeemed = {
  type: 'RewardRedeemed';
  data: {
    redemptionId: string;
    rewardId: string;
    storeId: string;
    points: number;
    occurredAt: string;
    programRevision: number;
  };
};

export type RedemptionCancelled = {
  type: 'RedemptionCancelled';
  /** storeId: where the reward was redeemed. */
  data: { redemptionId: string; storeId: string; points: number; occurredAt: string };
};

export type FeedbackSubmitted = {
  type: 'FeedbackSubmitted';
  data: {
    feedbackId: string;
    storeId: string;
    receiptId?: string;
    nps: number;
    csat?: number;
    /** Personal (free text may name anyone): stored encrypted; null once erased. */
    comment?: string | null;
    occurredAt: string;
  };
};

/** In the referee's stream: the friend's purchase qualified; a process manager pays the referrer. */
export type ReferralQualified = {
  type: 'ReferralQualified';
  data: {
    referrerId: string;
    receiptId: string;
    storeId: string;
    referrerBonus: number;
    refereeBonus: number;
    occurredAt: string;
    programRevision: number;
  };
};

/**
 * The member asked to be forgotten: the key of their personal fields was destroyed, so the card
 * number, birthday and comments of earlier events can no longer be read. Carries no personal data.
 */
export type PersonalDataErased = {
  type: 'PersonalDataErased';
  data: { erasedAt: string };
};

export type CustomerEvent =
  | CustomerEnrolled
  | PurchaseRecorded
  | PointsEarned
  | ReturnRecorded
  | PointsReversed
  | TierChanged
  | RewardRedeemed
  | RedemptionCancelled
  | FeedbackSubmitted
  | ReferralQualified
  | PersonalDataErased;

export type CustomerEventType = CustomerEvent['type'];

export const CUSTOMER_EVENT_TYPES: readonly CustomerEventType[] = [
  'CustomerEnrolled',
  'PurchaseRecorded',
  'PointsEarned',
  'ReturnRecorded',
  'PointsReversed',
  'TierChanged',
  'RewardRedeemed',
  'RedemptionCancelled',
  'FeedbackSubmitted',
  'ReferralQualified',
  'PersonalDataErased',
];
