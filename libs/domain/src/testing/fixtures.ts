import type {
  CancelRedemption,
  PassTime,
  Enrol,
  RecordPurchase,
  RecordReturn,
  RedeemReward,
  SubmitFeedback,
} from '../customer.commands';
import type {
  CustomerEnrolled,
  CustomerEvent,
  CustomerEventType,
  PointsEarned,
  PointsReversed,
  PurchaseRecorded,
  ReturnRecorded,
  RewardRedeemed,
  TierChanged,
} from '../customer.events';
import type { Program, ProgramVersion } from '../program';
import type { AwardReferrerBonus } from '../rules/referral';
import type { Campaign, CampaignBudgetExhausted, ProgramCampaign } from '../rules/campaigns';
import type { Offer, ProgramOffer } from '../rules/offers';
import type { StampCard } from '../rules/stamp-cards';

/**
 * The sample program of every spec, end-to-end test and bench: a small chain selling in rupiah,
 * one point per Rp 10,000; Bronze ×1 from 0, Silver ×1.25 from Rp 5,000,000 and Gold ×1.5 from
 * Rp 10,000,000 of net spend in 12 months. A suite that needs another chain changes only what
 * differs; a rule's settings every program must have are added here, once.
 */
export function sampleProgram(change: Partial<Program> = {}): Program {
  return {
    currency: 'IDR',
    timeZone: 'Asia/Jakarta',
    stores: [
      { storeId: 'jkt-1', timeZone: 'Asia/Jakarta' },
      { storeId: 'mks-1', timeZone: 'Asia/Makassar' },
    ],
    earn: { spendPerPoint: 10_000 },
    tiers: [
      { name: 'Bronze', minQualifyingSpend: 0, multiplier: 1 },
      { name: 'Silver', minQualifyingSpend: 5_000_000, multiplier: 1.25 },
      { name: 'Gold', minQualifyingSpend: 10_000_000, multiplier: 1.5 },
    ],
    rewards: [
      { rewardId: 'coffee', points: 100 },
      { rewardId: 'tote-bag', points: 500 },
    ],
    referral: { referrerBonus: 200, refereeBonus: 100, minQualifyingPurchase: 500_000 },
    feedback: { bonus: 20 },
    ...change,
  };
}

export const REVISION = 3;
export const program = (change: Partial<Program> = {}, revision = REVISION): ProgramVersion => ({
  revision,
  rules: sampleProgram(change),
});

export const CUSTOMER = 'cust-1';
export const NOW = '2026-06-15T10:00:00.000Z';
export const ENROLLED_AT = '2026-01-10T03:00:00.000Z';

export function enrol(data: Partial<Enrol['data']> = {}): Enrol {
  return {
    type: 'Enrol',
    data: { customerId: CUSTOMER, cardNumber: 'CARD-0001', ownReferralCode: 'AYU-7K2', now: ENROLLED_AT, program: program(), ...data },
  };
}

export function enrolled(data: Partial<CustomerEnrolled['data']> = {}): CustomerEnrolled {
  return {
    type: 'CustomerEnrolled',
    data: {
      customerId: CUSTOMER,
      cardNumber: 'CARD-0001',
      referralCode: 'AYU-7K2',
      tier: 'Bronze',
      enrolledAt: ENROLLED_AT,
      programRevision: REVISION,
      ...data,
    },
  };
}

/** One line that adds up to the total, as a receipt must (receipt-total.ts). */
const linesOf = (total: number) => [{ sku: 'rice-5kg', category: 'groceries', quantity: 1, unitPrice: total }];

export function purchase(data: Partial<RecordPurchase['data']> = {}): RecordPurchase {
  return {
    type: 'RecordPurchase',
    data: {
      receiptId: 'r-1',
      storeId: 'jkt-1',
      customerId: CUSTOMER,
      occurredAt: '2026-06-15T09:00:00.000Z',
      currency: 'IDR',
      total: 1_000_000,
      lines: linesOf(data.total ?? 1_000_000),
      now: NOW,
      program: program(),
      ...data,
    },
  };
}

export function purchased(data: Partial<PurchaseRecorded['data']> = {}): PurchaseRecorded {
  return {
    type: 'PurchaseRecorded',
    data: {
      receiptId: 'r-1',
      storeId: 'jkt-1',
      occurredAt: '2026-06-15T09:00:00.000Z',
      currency: 'IDR',
      total: 1_000_000,
      lines: linesOf(data.total ?? 1_000_000),
      programRevision: REVISION,
      ...data,
    },
  };
}

export function earned(data: Partial<PointsEarned['data']> & Pick<PointsEarned['data'], 'points'>): PointsEarned {
  return {
    type: 'PointsEarned',
    data: { reason: 'purchase', receiptId: 'r-1', storeId: 'jkt-1', tier: 'Bronze', occurredAt: '2026-06-15T09:00:00.000Z', programRevision: REVISION, ...data },
  };
}

export function tierChanged(data: Pick<TierChanged['data'], 'from' | 'to' | 'qualifyingSpend' | 'occurredAt'>): TierChanged {
  return { type: 'TierChanged', data: { programRevision: REVISION, ...data } };
}

export function returnGoods(data: Partial<RecordReturn['data']> = {}): RecordReturn {
  return {
    type: 'RecordReturn',
    data: {
      returnId: 'ret-1',
      receiptId: 'r-1',
      storeId: 'jkt-1',
      customerId: CUSTOMER,
      occurredAt: '2026-06-15T09:30:00.000Z',
      amount: 100_000,
      now: NOW,
      program: program(),
      ...data,
    },
  };
}

export function returned(data: Partial<ReturnRecorded['data']> = {}): ReturnRecorded {
  return {
    type: 'ReturnRecorded',
    data: {
      returnId: 'ret-1',
      receiptId: 'r-1',
      storeId: 'jkt-1',
      occurredAt: '2026-06-15T09:30:00.000Z',
      amount: 100_000,
      programRevision: REVISION,
      ...data,
    },
  };
}

/** Points taken back by a return from lot 1 (the receipt's own, in a ledger of one purchase), unless its lots are given. */
export function reversed(data: Partial<PointsReversed['data']> & Pick<PointsReversed['data'], 'points'>): PointsReversed {
  return {
    type: 'PointsReversed',
    data: { returnId: 'ret-1', receiptId: 'r-1', storeId: 'jkt-1', lots: [{ lotId: 1, points: data.points }], occurredAt: '2026-06-15T09:30:00.000Z', ...data },
  };
}

export function redeem(data: Partial<RedeemReward['data']> = {}): RedeemReward {
  return {
    type: 'RedeemReward',
    data: { redemptionId: 'red-1', customerId: CUSTOMER, rewardId: 'coffee', storeId: 'jkt-1', now: NOW, program: program(), ...data },
  };
}

/** A redemption of the points of lot 1 (memberWith's purchase), unless its lots are given. */
export function redeemed(data: Partial<RewardRedeemed['data']> = {}): RewardRedeemed {
  const points = data.points ?? 100;
  return {
    type: 'RewardRedeemed',
    data: {
      redemptionId: 'red-1',
      rewardId: 'coffee',
      storeId: 'jkt-1',
      points,
      lots: [{ lotId: 1, points }],
      occurredAt: NOW,
      programRevision: REVISION,
      ...data,
    },
  };
}

export function cancel(data: Partial<CancelRedemption['data']> = {}): CancelRedemption {
  return { type: 'CancelRedemption', data: { redemptionId: 'red-1', customerId: CUSTOMER, now: NOW, program: program(), ...data } };
}

export function feedback(data: Partial<SubmitFeedback['data']> = {}): SubmitFeedback {
  return {
    type: 'SubmitFeedback',
    data: { feedbackId: 'fb-1', customerId: CUSTOMER, storeId: 'jkt-1', nps: 9, now: NOW, program: program(), ...data },
  };
}

export function awardReferrerBonus(data: Partial<AwardReferrerBonus['data']> = {}): AwardReferrerBonus {
  return {
    type: 'AwardReferrerBonus',
    data: { refereeId: 'friend-1', receiptId: 'fr-1', points: 200, occurredAt: NOW, program: program(), ...data },
  };
}

/** A member with `points` to spend, earned on one Bronze purchase of points × Rp 10,000. */
export function memberWith(points: number) {
  return [
    enrolled(),
    purchased({ receiptId: 'r-0', total: points * 10_000, occurredAt: '2026-02-01T05:00:00.000Z' }),
    earned({ points, receiptId: 'r-0', occurredAt: '2026-02-01T05:00:00.000Z' }),
  ];
}

/**
 * One event of every type a customer's stream may hold, every optional field given: what a test
 * of everything published, projected or replayed goes through. A type without its sample here
 * does not compile.
 */
export const EVERY_CUSTOMER_EVENT: { [Type in CustomerEventType]: Extract<CustomerEvent, { type: Type }> } = {
  CustomerEnrolled: enrolled({ birthday: '1990-04-12', birthMonth: 4, homeStoreId: 'mks-1', referredBy: { customerId: 'friend-0', referralCode: 'BUDI-2Q9' } }),
  PurchaseRecorded: purchased(),
  PointsEarned: earned({ points: 100, feedbackId: 'fb-1', refereeId: 'friend-1', campaignId: 'lebaran-2026', expiresAt: '2027-06-15T17:00:00.000Z', settles: 5 }),
  ReturnRecorded: returned({ lines: [{ line: 0, sku: 'rice-5kg', quantity: 1 }] }),
  PointsReversed: reversed({ points: 10, reason: 'campaign', campaignId: 'lebaran-2026', lots: [{ lotId: 1, points: 10, expiresAt: '2027-06-15T17:00:00.000Z' }] }),
  PointsExpired: { type: 'PointsExpired', data: { points: 30, lots: [{ lotId: 1, points: 30, expiresAt: '2027-06-15T17:00:00.000Z' }], occurredAt: '2027-06-15T17:00:00.000Z', programRevision: REVISION } },
  PointsExpiringSoon: {
    type: 'PointsExpiringSoon',
    data: { points: 30, expiresAt: '2027-06-15T17:00:00.000Z', lots: [{ lotId: 1, points: 30, expiresAt: '2027-06-15T17:00:00.000Z' }], occurredAt: '2027-05-16T17:00:00.000Z', programRevision: REVISION },
  },
  TierChanged: tierChanged({ from: 'Bronze', to: 'Silver', qualifyingSpend: 5_000_000, occurredAt: '2026-06-15T09:00:00.000Z' }),
  RewardRedeemed: redeemed(),
  RedemptionCancelled: { type: 'RedemptionCancelled', data: { redemptionId: 'red-1', storeId: 'jkt-1', points: 100, lots: [{ lotId: 1, points: 100 }], occurredAt: NOW } },
  FeedbackSubmitted: { type: 'FeedbackSubmitted', data: { feedbackId: 'fb-1', storeId: 'jkt-1', receiptId: 'r-1', nps: 9, csat: 5, comment: 'ramah sekali', occurredAt: NOW } },
  CardReplaced: { type: 'CardReplaced', data: { cardNumber: 'CARD-0002', occurredAt: NOW } },
  PersonalDataErased: { type: 'PersonalDataErased', data: { erasedAt: NOW } },
  BirthdayMonthStarted: { type: 'BirthdayMonthStarted', data: { year: 2027, month: 4, occurredAt: '2027-03-31T16:00:00.000Z', programRevision: REVISION } },
  TierReviewed: { type: 'TierReviewed', data: { tier: 'Silver', qualifyingSpend: 6_000_000, occurredAt: '2026-12-31T17:00:00.000Z', programRevision: REVISION } },
  CampaignHeldOut: { type: 'CampaignHeldOut', data: { campaignId: 'lebaran-2026', receiptId: 'r-1', storeId: 'jkt-1', occurredAt: '2026-06-15T09:00:00.000Z', programRevision: REVISION } },
  CampaignBudgetExhausted: {
    type: 'CampaignBudgetExhausted',
    data: { campaignId: 'lebaran-2026', receiptId: 'r-1', storeId: 'jkt-1', wanted: 100, points: 40, occurredAt: '2026-06-15T09:00:00.000Z', programRevision: REVISION },
  },
  ReferralQualified: {
    type: 'ReferralQualified',
    data: {
      referrerId: 'friend-0',
      receiptId: 'r-1',
      storeId: 'jkt-1',
      referrerBonus: 200,
      refereeBonus: 100,
      confirmsAt: '2026-06-29T17:00:00.000Z',
      occurredAt: '2026-06-15T09:00:00.000Z',
      programRevision: REVISION,
    },
  },
  ReferralConfirmed: {
    type: 'ReferralConfirmed',
    data: { referrerId: 'friend-0', receiptId: 'r-1', storeId: 'jkt-1', referrerBonus: 200, refereeBonus: 100, occurredAt: '2026-06-29T17:00:00.000Z', programRevision: REVISION },
  },
  ReferralCancelled: {
    type: 'ReferralCancelled',
    data: { referrerId: 'friend-0', receiptId: 'r-1', returnId: 'ret-1', storeId: 'jkt-1', occurredAt: '2026-06-15T09:30:00.000Z', programRevision: REVISION },
  },
  VoucherIssued: {
    type: 'VoucherIssued',
    data: {
      voucherId: 'card:KOPI-10:1',
      benefit: { kind: 'freeItem', category: 'drinks' },
      validUntil: '2026-07-15T17:00:00.000Z',
      source: { rule: 'stampCards', id: 'KOPI-10' },
      receiptId: 'r-1',
      redemptionId: 'red-1',
      storeId: 'jkt-1',
      occurredAt: '2026-06-15T09:00:00.000Z',
      programRevision: REVISION,
    },
  },
  VoucherVoided: {
    type: 'VoucherVoided',
    data: { voucherId: 'card:KOPI-10:1', reason: 'return', returnId: 'ret-1', redemptionId: 'red-1', storeId: 'jkt-1', occurredAt: '2026-06-15T09:30:00.000Z', programRevision: REVISION },
  },
  VoucherUsed: { type: 'VoucherUsed', data: { voucherId: 'card:KOPI-10:1', storeId: 'jkt-1', receiptId: 'r-2', occurredAt: NOW, programRevision: REVISION } },
  VoucherUseCancelled: { type: 'VoucherUseCancelled', data: { voucherId: 'card:KOPI-10:1', storeId: 'jkt-1', receiptId: 'r-2', occurredAt: NOW, programRevision: REVISION } },
  PartnerCodeGiven: {
    type: 'PartnerCodeGiven',
    data: { redemptionId: 'red-2', rewardId: 'movie', partnerId: 'BIOSKOP', slot: 0, points: 300, storeId: 'jkt-1', occurredAt: NOW, programRevision: REVISION },
  },
  StampsCollected: {
    type: 'StampsCollected',
    data: { cardId: 'KOPI-10', receiptId: 'r-1', storeId: 'jkt-1', stamps: 3, onCard: 3, owed: 0, occurredAt: '2026-06-15T09:00:00.000Z', programRevision: REVISION },
  },
  StampsTakenBack: {
    type: 'StampsTakenBack',
    data: { cardId: 'KOPI-10', receiptId: 'r-1', returnId: 'ret-1', storeId: 'jkt-1', stamps: 1, onCard: 2, owed: 0, occurredAt: '2026-06-15T09:30:00.000Z', programRevision: REVISION },
  },
};

/** Time passed for the customer up to `until` (what the scheduler sends), under the program given. */
export function passTime(until: string, programVersion: ProgramVersion = program()): PassTime {
  return { type: 'PassTime', data: { customerId: CUSTOMER, until, program: programVersion } };
}

/** A campaign of the sample chain: double points on the whole receipt through June 2026, in every store, for every member. */
export function campaign(change: Partial<Campaign> = {}): Campaign {
  return { campaignId: 'june-double', name: 'June double points', from: '2026-06-01', to: '2026-06-30', effect: { multiplier: 2 }, ...change };
}

/** The sample program with these campaigns in force (as created, before the purchases of the specs). */
export const withCampaigns = (campaigns: Array<Campaign | ProgramCampaign>, revision = REVISION): ProgramVersion =>
  program({ campaigns: campaigns.map((c) => ({ createdAt: '2026-05-01T00:00:00.000Z', ...c })) }, revision);

/** Campaign points on the sample purchase. */
export function campaignEarned(campaignId: string, points: number, data: Partial<PointsEarned['data']> = {}): PointsEarned {
  return earned({ reason: 'campaign', points, campaignId, tier: undefined, ...data });
}

export function exhausted(campaignId: string, wanted: number, points: number, data: Partial<CampaignBudgetExhausted['data']> = {}): CampaignBudgetExhausted {
  return {
    type: 'CampaignBudgetExhausted',
    data: { campaignId, receiptId: 'r-1', storeId: 'jkt-1', wanted, points, occurredAt: '2026-06-15T09:00:00.000Z', programRevision: REVISION, ...data },
  };
}

/** An offer of the sample chain: 10% off the basket for members through June 2026, in every store. */
export function offer(change: Partial<Offer> = {}): Offer {
  return { offerId: 'june-10', name: 'June 10% off', from: '2026-06-01', to: '2026-06-30', kind: 'percentOff', percent: 10, ...change } as Offer;
}

/** The sample program with these offers in force (as created, before the purchases of the specs). */
export const withOffers = (offers: Array<Offer | ProgramOffer>, change: Partial<Program> = {}, revision = REVISION): ProgramVersion =>
  program({ ...change, offers: offers.map((o) => ({ createdAt: '2026-05-01T00:00:00.000Z', ...o })) }, revision);

/** "Buy 10 coffees, get 1 free": a stamp for each kopi-susu bought. */
export const KOPI_CARD: StampCard = {
  cardId: 'KOPI-10',
  name: 'Buy 10 coffees, get 1 free',
  counts: { sku: 'kopi-susu', per: 'item' },
  stampsNeeded: 10,
  reward: { voucher: { kind: 'freeItem', sku: 'kopi-susu' }, validDays: 30 },
};

/** "Six washes, the seventh free": a stamp for each receipt with at least 50,000 of car-wash. */
export const WASH_CARD: StampCard = {
  cardId: 'WASH',
  name: 'Six washes, the seventh free',
  counts: { sku: 'car-wash', minAmount: 50_000, per: 'receipt' },
  stampsNeeded: 6,
  reward: { voucher: { kind: 'freeItem', sku: 'car-wash' }, validDays: 60 },
};
