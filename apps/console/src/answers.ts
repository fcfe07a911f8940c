import type { Reflecting } from './api';

/** The API's answers the console reads, as docs/read-models.md and the OpenAPI document describe them. */

export interface Store {
  storeId: string;
  timeZone: string;
}

export interface Program {
  currency: string;
  timeZone: string;
  stores: Store[];
  tiers: Array<{ name: string; minQualifyingSpend: number; multiplier: number; discountPercent?: number }>;
  [rule: string]: unknown;
}

export interface ProgramAnswer {
  tenant: string;
  revision: number;
  program: Program;
}

export interface ProgramRevisionsAnswer {
  tenant: string;
  revisions: Array<{ revision: number; configuredAt: string; principal: string | null; program: Program }>;
}

export interface TiersAnswer extends Reflecting {
  members: number;
  tiers: Array<{ tier: string; members: number }>;
}

export interface ActiveCustomersAnswer extends Reflecting {
  /** The local day the figures are of, YYYY-MM-DD. */
  asOf: string;
  storeId: string | null;
  customers: number;
  last30Days: number;
  last90Days: number;
}

export interface StoreDay {
  storeId: string;
  date: string;
  purchases: number;
  revenue: number;
  uniqueCustomers: number;
  newCustomers: number;
  returningCustomers: number;
  newMembers: number;
  pointsIssued: number;
  pointsRedeemed: number;
  pointsGivenBack: number;
  pointsReversed: number;
  returns: number;
  returnedAmount: number;
}

export interface StoreDailyAnswer extends Reflecting {
  days: StoreDay[];
}

export interface CohortsAnswer extends Reflecting {
  cohorts: Array<{ cohortMonth: string; customers: number; active: number[]; retention: Array<number | null> }>;
}

export interface FunnelCounts {
  newBuyers: number;
  newRepeatCustomers: number;
  newMembers: number;
  newMembersWhoBought: number;
  buyerToRepeatRate: number | null;
  buyerToMemberRate: number | null;
}

export interface FunnelAnswer extends Reflecting {
  totals: FunnelCounts;
  months: Array<FunnelCounts & { month: string }>;
}

export interface PurchaseFrequencyAnswer extends Reflecting {
  months: Array<{
    storeId: string;
    month: string;
    purchases: number;
    uniqueCustomers: number;
    repeatCustomers: number;
    purchasesPerCustomer: number | null;
    repeatPurchaseRate: number | null;
  }>;
}

export interface PurchaseCountsAnswer extends Reflecting {
  buckets: Array<{ from: number; to: number | null; customers: number }>;
}

export interface FeedbackScores {
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
  csatAnswers: number;
  csatSum: number;
  csatSatisfied: number;
  nps: number | null;
  csatAverage: number | null;
  csatSatisfiedRate: number | null;
}

export interface FeedbackAnswer extends Reflecting {
  totals: FeedbackScores;
  months: Array<FeedbackScores & { storeId: string; month: string }>;
}

export interface FeedbackCommentsAnswer {
  comments: Array<{ customerId: string; feedbackId: string; storeId: string; nps: number; csat: number | null; comment: string; occurredAt: string }>;
  scanned: number;
  nextBefore: string | null;
}

/** What points outstanding are worth and when they expire (IFRS 15), for the chain and per tier. */
export interface LiabilityMoney {
  outstanding: number;
  /** outstanding × the program's pointValue, in minor units; null without a point value. */
  value: number | null;
  breakageRate: number | null;
  deferredRevenue: number | null;
  /** Points expiring in each of the next twelve local months, from this one. */
  expiring: Array<{ month: string; points: number }>;
}

export interface PointsLiabilityAnswer extends Reflecting, LiabilityMoney {
  earned: number;
  redeemed: number;
  reversed: number;
  expired: number;
  redemptionRate: number | null;
  pointValue: number | null;
  byTier: Array<LiabilityMoney & { tier: string; earned: number; redeemed: number; reversed: number; expired: number }>;
}

export interface CustomerProfile {
  customerId: string;
  stage: 'buyer' | 'customer' | 'member' | null;
  member: boolean;
  enrolledAt: string | null;
  homeStoreId: string | null;
  points: number;
  tier: string | null;
  tierSince: string | null;
  qualifyingSpend: number;
  lifetimeEarned: number;
  lifetimeRedeemed: number;
  purchaseCount: number;
  totalSpend: number;
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  lastPurchaseStoreId: string | null;
}

export interface CustomerListAnswer extends Reflecting {
  customers: CustomerProfile[];
  nextCursor: string | null;
}

export interface ProfileAnswer extends Reflecting {
  customer: CustomerProfile;
}

/** A customer as their ledger says (GET customers/{id}: admin and auditor keys). */
export interface CustomerView {
  customerId: string;
  stage: string;
  points: number;
  tier: string | null;
  member: boolean;
  [field: string]: unknown;
}

export interface LedgerEntry {
  revision: number;
  eventId: string;
  type: string;
  data: Record<string, unknown> & { programRevision?: number; occurredAt?: string; storeId?: string };
  recordedAt: string;
  principal?: string;
}

export interface LedgerAnswer {
  customerId: string;
  events: LedgerEntry[];
  nextRevision: number | null;
}

export interface BalanceAnswer {
  customerId: string;
  asOf: string;
  points: number;
  tier: string | null;
  [field: string]: unknown;
}

export interface KeysAnswer {
  tenant: string;
  keys: Array<{ keyId: string; role: string; stores?: string[] | null; createdAt: string; createdBy?: string; revokedAt?: string; revoked: boolean }>;
}

/** A campaign as GET …/campaigns answers it (the Campaign and ProgramCampaign schemas). */
export interface ProgramCampaign {
  campaignId: string;
  name: string;
  from: string;
  to: string;
  stores?: string[];
  tiers?: string[];
  segment?: string;
  effect: Record<string, unknown>;
  minSpend?: number;
  budget?: { points: number };
  perMember?: { points: number };
  holdoutPercent?: number;
  exclusive?: boolean;
  priority?: number;
  createdAt: string;
  endedAt?: string;
}

export interface CampaignsAnswer {
  tenant: string;
  programRevision: number;
  campaigns: ProgramCampaign[];
}

export interface CampaignsDashboardAnswer extends Reflecting {
  campaigns: Array<{
    campaignId: string;
    name: string | null;
    budget: number | null;
    budgetLeft: number | null;
    days: Array<{ date: string; receipts: number; pointsGiven: number; pointsTakenBack: number; exhaustedReceipts: number; budgetLeft: number | null }>;
  }>;
}

/** A member-only offer as GET …/offers answers it: its terms, what it gives (by kind), when it was created and ended. */
export interface ProgramOffer {
  offerId: string;
  name: string;
  from: string;
  to: string;
  stores?: string[];
  tiers?: string[];
  segment?: string;
  limitPerMember?: number;
  kind: 'percentOff' | 'amountOff' | 'bundle' | string;
  percent?: number;
  category?: string;
  amount?: number;
  minSpend?: number;
  sku?: string;
  quantity?: number;
  price?: number;
  createdAt: string;
  endedAt?: string;
}

export interface OffersAnswer {
  tenant: string;
  programRevision: number;
  offers: ProgramOffer[];
}

/** What the purchases that applied an offer (or a tier's card discount) paid, and what it took off them. */
export interface OfferTotals {
  receipts: number;
  discount: number;
  spend: number;
}

export interface OffersDashboardAnswer extends Reflecting {
  offers: Array<OfferTotals & { offerId: string; name: string | null; days: Array<OfferTotals & { date: string }> }>;
  tierDiscounts: Array<OfferTotals & { tier: string; days: Array<OfferTotals & { date: string }> }>;
}
