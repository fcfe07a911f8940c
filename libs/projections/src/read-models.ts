import type { IndexSpec, ReadDocument } from '@setia/read-store';
import { DASHBOARDS } from './dashboards';
export { docId, NO_STORE, NO_TIER } from './documents';

/**
 * The read models, one collection each: the customers, the programs, and the dashboards
 * (dashboards/). Documents of every tenant share a collection; each document names its tenant and
 * its `_id` starts with it, so one tenant's query never sees another's. `docs/read-models.md`
 * describes them for BI users.
 */
export const COLLECTIONS = {
  customers: 'customers',
  programs: 'programs',
  ...(Object.fromEntries(DASHBOARDS.map((dashboard) => [dashboard.name, dashboard.collection])) as Record<string, string>),
} as const;

export interface ReceiptSpend {
  receiptId: string;
  occurredAt: string;
  total: number;
  returned: number;
}

/** A lot of points as the read models follow it (the domain's lots.ts). */
export interface LotDoc {
  lotId: number;
  expiresAt: string | null;
  earned: number;
  used: number;
  reversed: number;
  expired: number;
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
  /** The customer's lots, by lot number (lots[n - 1] is lot n), and the debt returns left. */
  lots: LotDoc[];
  debt: number;
  /** Receipts of the last 12 months, for the qualifying spend. */
  recentReceipts: ReceiptSpend[];
  /** Local months with a purchase (cohort retention counts a customer once a month). */
  purchaseMonths: string[];
  /** `store|date` pairs with a purchase (unique customers per store and day). */
  storeDays: string[];
  /** `store|month` pairs with their purchase count (repeat purchases per store and month). */
  storeMonths: Array<{ key: string; purchases: number }>;
  /** `campaign|group` pairs the customer was counted in (the campaigns dashboard counts a member once per campaign and group). */
  campaigns?: string[];
  /** Points held back until a window closes (a referral bonus waiting for returns). */
  pendingPoints: number;
  /** The wallet: vouchers issued, used (net of cancelled uses) and withdrawn. */
  vouchers: { issued: number; used: number; voided: number };
  /** Each stamp card's progress: stamps on the card in progress, stamps owed, cards completed (withdrawn ones not counted). */
  stampCards: Array<{ cardId: string; stamps: number; owed: number; completed: number }>;
}

export interface ProgramDoc extends ReadDocument {
  tenant: string;
  revision: number;
  timeZone: string;
  stores: Array<{ storeId: string; timeZone: string }>;
  tiers: string[];
  /** What a point is worth, in minor units, when the program says. */
  pointValue: number | null;
  /** The campaigns, with their budgets (null: none). */
  campaigns?: Array<{ campaignId: string; name: string; budget: number | null }>;
  /** The member-only offers, by id and name. */
  offers?: Array<{ offerId: string; name: string }>;
}

export const READ_MODEL_INDEXES: IndexSpec[] = [
  { collection: COLLECTIONS.customers, fields: [['tenant', 1], ['tier', 1], ['customerId', 1]] },
  { collection: COLLECTIONS.customers, fields: [['tenant', 1], ['stage', 1], ['customerId', 1]] },
  { collection: COLLECTIONS.customers, fields: [['tenant', 1], ['lastPurchaseAt', 1]] },
  { collection: COLLECTIONS.customers, fields: [['tenant', 1], ['homeStoreId', 1]] },
  ...DASHBOARDS.flatMap((dashboard) => dashboard.indexes),
];
