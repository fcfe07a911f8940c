import type { CustomerEvent } from '@setia/domain';
import type { ZoneOf } from '../program-profile';
import type { LotMove } from '../lot-moves';
import type { CustomerDoc } from '../read-models';
import { activeCustomersDashboard } from './active-customers';
import { campaignsDashboard } from './campaigns';
import { cohortsDashboard } from './cohorts';
import type { Dashboard, DashboardUpdate } from './dashboard';
import { feedbackDashboard } from './feedback';
import { funnelDashboard } from './funnel';
import { offersDashboard } from './offers';
import { partnerSettlementDashboard } from './partner-settlement';
import { pointsExpiringDashboard } from './points-expiring';
import { pointsLiabilityDashboard } from './points-liability';
import { purchaseFrequencyDashboard } from './purchase-frequency';
import { referralsDashboard } from './referrals';
import { storeDailyDashboard } from './store-daily';
import { tiersDashboard } from './tiers';
import { vouchersDashboard } from './vouchers';

export * from './active-customers';
export * from './campaigns';
export * from './cohorts';
export * from './dashboard';
export * from './feedback';
export * from './funnel';
export * from './offers';
export * from './partner-settlement';
export * from './points-expiring';
export * from './points-liability';
export * from './purchase-frequency';
export * from './referrals';
export * from './store-daily';
export * from './tiers';
export * from './vouchers';

/** Every dashboard the projector keeps and the API answers; adding one is a file in this folder and a line here. */
export const DASHBOARDS = [
  tiersDashboard,
  storeDailyDashboard,
  cohortsDashboard,
  funnelDashboard,
  purchaseFrequencyDashboard,
  feedbackDashboard,
  referralsDashboard,
  pointsLiabilityDashboard,
  pointsExpiringDashboard,
  campaignsDashboard,
  offersDashboard,
  vouchersDashboard,
  partnerSettlementDashboard,
  activeCustomersDashboard,
] as const;

type AnswerOf<D> = D extends Dashboard<infer _Doc, infer Answer> ? Answer : never;

/** What each dashboard answers, by its name: the API's answers (and the OpenAPI document's) follow it. */
export interface DashboardAnswers {
  tiers: AnswerOf<typeof tiersDashboard>;
  'store-daily': AnswerOf<typeof storeDailyDashboard>;
  cohorts: AnswerOf<typeof cohortsDashboard>;
  funnel: AnswerOf<typeof funnelDashboard>;
  'purchase-frequency': AnswerOf<typeof purchaseFrequencyDashboard>;
  feedback: AnswerOf<typeof feedbackDashboard>;
  referrals: AnswerOf<typeof referralsDashboard>;
  'points-liability': AnswerOf<typeof pointsLiabilityDashboard>;
  'points-expiring': AnswerOf<typeof pointsExpiringDashboard>;
  campaigns: AnswerOf<typeof campaignsDashboard>;
  offers: AnswerOf<typeof offersDashboard>;
  vouchers: AnswerOf<typeof vouchersDashboard>;
  'partner-settlement': AnswerOf<typeof partnerSettlementDashboard>;
  'active-customers': AnswerOf<typeof activeCustomersDashboard>;
}

type AnyDashboard = Dashboard<never, object>;
type Update = (event: CustomerEvent, before: CustomerDoc, zoneOf: ZoneOf, moves: readonly LotMove[]) => DashboardUpdate[];

/** For each event type, the dashboards it updates. */
const updatesOf = new Map<string, Update[]>();
for (const dashboard of DASHBOARDS as readonly AnyDashboard[]) {
  for (const [type, update] of Object.entries(dashboard.on)) {
    if (!updatesOf.has(type)) updatesOf.set(type, []);
    updatesOf.get(type)!.push(update as Update);
  }
}

/**
 * The dashboard changes one customer event makes. `before` is the customer's document before
 * the event; everything a dashboard needs to know about the customer's past is in it.
 */
export function dashboardUpdates(event: CustomerEvent, before: CustomerDoc, zoneOf: ZoneOf, moves: readonly LotMove[]): DashboardUpdate[] {
  const updates = updatesOf.get(event.type);
  if (!updates) return [];
  return updates.length === 1 ? updates[0](event, before, zoneOf, moves) : updates.flatMap((update) => update(event, before, zoneOf, moves));
}

export function dashboardNamed(name: string): AnyDashboard | undefined {
  return (DASHBOARDS as readonly AnyDashboard[]).find((dashboard) => dashboard.name === name);
}
