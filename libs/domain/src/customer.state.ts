import type {
  CustomerEnrolled,
  CustomerEvent,
  FeedbackSubmitted,
  PurchaseLine,
  ReturnRecorded,
  RewardRedeemed,
} from './customer.events';

export interface ReceiptState {
  receiptId: string;
  storeId: string;
  occurredAt: string;
  currency: string;
  total: number;
  lines: PurchaseLine[];
  returned: number;
  pointsEarned: number;
  pointsReversed: number;
  feedbackBonusGiven: boolean;
}

export interface RedemptionState {
  redeemed: RewardRedeemed['data'];
  cancelled: boolean;
}

export type Membership = Omit<CustomerEnrolled['data'], 'tier' | 'programRevision'>;

/** Buyer: one purchase. Customer: a repeat purchase. Member: enrolled in the program. */
export type Stage = 'buyer' | 'customer' | 'member';

export interface CustomerState {
  /** False until the stream has its first event. */
  known: boolean;
  member: Membership | null;
  tier: string | null;
  tierSince: string | null;
  points: number;
  lifetimeEarned: number;
  lifetimeRedeemed: number;
  lifetimeReversed: number;
  purchaseCount: number;
  totalSpend: number;
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  receipts: ReadonlyMap<string, ReceiptState>;
  returns: ReadonlyMap<string, ReturnRecorded['data']>;
  redemptions: ReadonlyMap<string, RedemptionState>;
  feedback: ReadonlyMap<string, FeedbackSubmitted['data']>;
  referralQualified: boolean;
  /** Friends whose qualifying purchase already paid this member a referrer bonus. */
  referrerBonusFor: ReadonlySet<string>;
  /** The customer asked to be forgotten: card number, birthday and comments are gone. */
  personalDataErased: boolean;
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
    purchaseCount: 0,
    totalSpend: 0,
    firstPurchaseAt: null,
    lastPurchaseAt: null,
    receipts: new Map(),
    returns: new Map(),
    redemptions: new Map(),
    feedback: new Map(),
    referralQualified: false,
    referrerBonusFor: new Set(),
    personalDataErased: false,
  };
}

export function stageOf(state: CustomerState): Stage {
  if (state.member) return 'member';
  return state.purchaseCount >= 2 ? 'customer' : 'buyer';
}

function withReceipt(state: CustomerState, receiptId: string, change: Partial<ReceiptState>): CustomerState {
  const receipt = state.receipts.get(receiptId);
  if (!receipt) return state;
  return { ...state, receipts: new Map(state.receipts).set(receiptId, { ...receipt, ...change }) };
}

const later = (a: string | null, b: string) => (a === null || Date.parse(b) > Date.parse(a) ? b : a);
const earlier = (a: string | null, b: string) => (a === null || Date.parse(b) < Date.parse(a) ? b : a);

export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  const known = { ...state, known: true };
  switch (event.type) {
    case 'CustomerEnrolled': {
      const { tier, programRevision: _revision, ...membership } = event.data;
      return { ...known, member: membership, tier, tierSince: event.data.enrolledAt };
    }
    case 'PurchaseRecorded': {
      const { programRevision: _revision, ...purchase } = event.data;
      return {
        ...known,
        purchaseCount: state.purchaseCount + 1,
        totalSpend: state.totalSpend + purchase.total,
        firstPurchaseAt: earlier(state.firstPurchaseAt, purchase.occurredAt),
        lastPurchaseAt: later(state.lastPurchaseAt, purchase.occurredAt),
        receipts: new Map(state.receipts).set(purchase.receiptId, {
          ...purchase,
          returned: 0,
          pointsEarned: 0,
          pointsReversed: 0,
          feedbackBonusGiven: false,
        }),
      };
    }
    case 'PointsEarned': {
      const { reason, points, receiptId, refereeId } = event.data;
      let next: CustomerState = {
        ...known,
        points: state.points + points,
        lifetimeEarned: state.lifetimeEarned + points,
      };
      if (reason === 'purchase' && receiptId) {
        next = withReceipt(next, receiptId, { pointsEarned: (state.receipts.get(receiptId)?.pointsEarned ?? 0) + points });
      }
      if (reason === 'feedback' && receiptId) next = withReceipt(next, receiptId, { feedbackBonusGiven: true });
      if (reason === 'referral' && refereeId) next = { ...next, referrerBonusFor: new Set(state.referrerBonusFor).add(refereeId) };
      return next;
    }
    case 'ReturnRecorded': {
      const { receiptId, amount } = event.data;
      const returned = (state.receipts.get(receiptId)?.returned ?? 0) + amount;
      return {
        ...withReceipt(known, receiptId, { returned }),
        totalSpend: state.totalSpend - amount,
        returns: new Map(state.returns).set(event.data.returnId, event.data),
      };
    }
    case 'PointsReversed': {
      const { receiptId, points } = event.data;
      const reversed = (state.receipts.get(receiptId)?.pointsReversed ?? 0) + points;
      return {
        ...withReceipt(known, receiptId, { pointsReversed: reversed }),
        points: state.points - points,
        lifetimeReversed: state.lifetimeReversed + points,
      };
    }
    case 'TierChanged':
      return { ...known, tier: event.data.to, tierSince: event.data.occurredAt };
    case 'RewardRedeemed':
      return {
        ...known,
        points: state.points - event.data.points,
        lifetimeRedeemed: state.lifetimeRedeemed + event.data.points,
        redemptions: new Map(state.redemptions).set(event.data.redemptionId, { redeemed: event.data, cancelled: false }),
      };
    case 'RedemptionCancelled': {
      const redemption = state.redemptions.get(event.data.redemptionId);
      if (!redemption) return known;
      return {
        ...known,
        points: state.points + event.data.points,
        lifetimeRedeemed: state.lifetimeRedeemed - event.data.points,
        redemptions: new Map(state.redemptions).set(event.data.redemptionId, { ...redemption, cancelled: true }),
      };
    }
    case 'FeedbackSubmitted':
      return { ...known, feedback: new Map(state.feedback).set(event.data.feedbackId, event.data) };
    case 'ReferralQualified':
      return { ...known, referralQualified: true };
    case 'PersonalDataErased': {
      // Values already read before the erasure (a cached state) are forgotten too.
      const feedback = new Map<string, FeedbackSubmitted['data']>();
      for (const [id, given] of state.feedback) feedback.set(id, given.comment === undefined ? given : { ...given, comment: null });
      const member = state.member && { ...state.member, cardNumber: null, ...(state.member.birthday !== undefined && { birthday: null }) };
      return { ...known, member, feedback, personalDataErased: true };
    }
  }
}

export function foldCustomer(events: Iterable<CustomerEvent>, from: CustomerState = initialCustomerState()): CustomerState {
  let state = from;
  for (const event of events) state = evolveCustomer(state, event);
  return state;
}
