import type { IndexSpec, ReadDocument } from '@setia/read-store';

/**
 * The read models, one collection each. Documents of every tenant share a collection; each
 * document names its tenant and its `_id` starts with it, so one tenant's query never sees
 * another's. `docs/read-models.md` describes them for BI users.
 */
export const COLLECTIONS = {
  customers: 'customers',
  programs: 'programs',
  tiers: 'tiers',
  storeDaily: 'store_daily',
  cohorts: 'cohorts',
  funnel: 'funnel_monthly',
  purchaseFrequency: 'purchase_frequency',
  feedback: 'feedback',
  referrals: 'referrals',
  pointsLiability: 'points_liability',
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];

/** Parts of a document id; '|' cannot appear in a tenant, customer, store or tier id. */
export const docId = (...parts: string[]) => parts.join('|');

/** A customer with no home store counts new-member figures under this store id. */
export const NO_STORE = '-';

export interface ReceiptSpend {
  receiptId: string;
  occurredAt: string;
  total: number;
  returned: number;
}

export interface CustomerDoc extends ReadDocument {
  tenant: string;
  customerId: string;
  stage: 'buyer' | 'customer' | 'member';
  member: boolean;
  enrolledAt: string | null;
  homeStoreId: string | null;
  referredBy: string | null;
  points: number;
  tier: string | null;
  tierSince: string | null;
  /** Net spend of the 12 months up to the customer's latest event. */
  qualifyingSpend: number;
  lifetimeEarned: number;
  lifetimeRedeemed: number;
  lifetimeReversed: number;
  lifetimeExpired: number;
  purchaseCount: number;
  totalSpend: number;
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  lastPurchaseStoreId: string | null;
  /** Local month and store of the first purchase: the customer's retention cohort. */
  cohortMonth: string | null;
  cohortStoreId: string | null;
  /** Receipts of the last 12 months, for the qualifying spend. */
  recentReceipts: ReceiptSpend[];
  /** Local months with a purchase (cohort retention counts a customer once a month). */
  purchaseMonths: string[];
  /** `store|date` pairs with a purchase (unique customers per store and day). */
  storeDays: string[];
  /** `store|month` pairs with their purchase count (repeat purchases per store and month). */
  storeMonths: Array<{ key: string; purchases: number }>;
}

export interface ProgramDoc extends ReadDocument {
  tenant: string;
  revision: number;
  timeZone: string;
  stores: Array<{ storeId: string; timeZone: string }>;
  tiers: string[];
}

export interface TierDoc extends ReadDocument {
  tenant: string;
  tier: string;
  members: number;
}

export interface StoreDailyDoc extends ReadDocument {
  tenant: string;
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

export interface CohortDoc extends ReadDocument {
  tenant: string;
  cohortMonth: string;
  /** The store of the cohort's first purchases. */
  storeId: string;
  /** Customers whose first purchase was in the cohort month. */
  customers: number;
  /** active[k]: distinct customers of the cohort who bought in the k-th month after it. */
  active: number[];
}

/** Per month and store: purchases count at their store, enrolments at the home store. */
export interface FunnelDoc extends ReadDocument {
  tenant: string;
  month: string;
  storeId: string;
  /** Customers whose first purchase was in the month. */
  newBuyers: number;
  /** Customers whose second purchase was in the month. */
  newRepeatCustomers: number;
  newMembers: number;
  /** New members of the month who had bought before enrolling. */
  newMembersWhoBought: number;
}

export interface PurchaseFrequencyDoc extends ReadDocument {
  tenant: string;
  storeId: string;
  month: string;
  purchases: number;
  uniqueCustomers: number;
  /** Customers with two or more purchases at the store in the month. */
  repeatCustomers: number;
}

export interface FeedbackDoc extends ReadDocument {
  tenant: string;
  storeId: string;
  month: string;
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
  csatAnswers: number;
  csatSum: number;
  /** CSAT answers of 4 or 5. */
  csatSatisfied: number;
}

/** Per month and store: registrations at the friend's home store, the rest at the purchase's store. */
export interface ReferralDoc extends ReadDocument {
  tenant: string;
  month: string;
  storeId: string;
  registered: number;
  qualified: number;
  refereeBonusPoints: number;
  referrerBonusPoints: number;
}

/** Points of members, by the tier they hold; `tier` is NO_TIER for customers who are not members. */
export interface PointsLiabilityDoc extends ReadDocument {
  tenant: string;
  tier: string;
  outstanding: number;
  earned: number;
  redeemed: number;
  reversed: number;
  expired: number;
}

export const NO_TIER = '-';

/** The counters of each dashboard collection: every document has them all, from zero. */
export const STORE_DAILY_COUNTERS = [
  'purchases',
  'revenue',
  'uniqueCustomers',
  'newCustomers',
  'returningCustomers',
  'newMembers',
  'pointsIssued',
  'pointsRedeemed',
  'pointsGivenBack',
  'pointsReversed',
  'returns',
  'returnedAmount',
] as const satisfies ReadonlyArray<keyof StoreDailyDoc>;
export const TIER_COUNTERS = ['members'] as const satisfies ReadonlyArray<keyof TierDoc>;
export const POINTS_LIABILITY_COUNTERS = ['outstanding', 'earned', 'redeemed', 'reversed', 'expired'] as const satisfies ReadonlyArray<
  keyof PointsLiabilityDoc
>;
export const FUNNEL_COUNTERS = ['newBuyers', 'newRepeatCustomers', 'newMembers', 'newMembersWhoBought'] as const satisfies ReadonlyArray<
  keyof FunnelDoc
>;
export const REFERRAL_COUNTERS = ['registered', 'qualified', 'refereeBonusPoints', 'referrerBonusPoints'] as const satisfies ReadonlyArray<
  keyof ReferralDoc
>;
export const PURCHASE_FREQUENCY_COUNTERS = ['purchases', 'uniqueCustomers', 'repeatCustomers'] as const satisfies ReadonlyArray<
  keyof PurchaseFrequencyDoc
>;
export const FEEDBACK_COUNTERS = [
  'answers',
  'promoters',
  'passives',
  'detractors',
  'csatAnswers',
  'csatSum',
  'csatSatisfied',
] as const satisfies ReadonlyArray<keyof FeedbackDoc>;

export const READ_MODEL_INDEXES: IndexSpec[] = [
  { collection: COLLECTIONS.customers, fields: [['tenant', 1], ['tier', 1], ['customerId', 1]] },
  { collection: COLLECTIONS.customers, fields: [['tenant', 1], ['stage', 1], ['customerId', 1]] },
  { collection: COLLECTIONS.customers, fields: [['tenant', 1], ['lastPurchaseAt', 1]] },
  { collection: COLLECTIONS.customers, fields: [['tenant', 1], ['homeStoreId', 1]] },
  { collection: COLLECTIONS.storeDaily, fields: [['tenant', 1], ['date', 1], ['storeId', 1]] },
  { collection: COLLECTIONS.cohorts, fields: [['tenant', 1], ['cohortMonth', 1], ['storeId', 1]] },
  { collection: COLLECTIONS.funnel, fields: [['tenant', 1], ['month', 1], ['storeId', 1]] },
  { collection: COLLECTIONS.purchaseFrequency, fields: [['tenant', 1], ['month', 1], ['storeId', 1]] },
  { collection: COLLECTIONS.feedback, fields: [['tenant', 1], ['month', 1], ['storeId', 1]] },
  { collection: COLLECTIONS.referrals, fields: [['tenant', 1], ['month', 1], ['storeId', 1]] },
  { collection: COLLECTIONS.tiers, fields: [['tenant', 1]] },
  { collection: COLLECTIONS.pointsLiability, fields: [['tenant', 1]] },
];
