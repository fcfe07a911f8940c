import type { ReadDocument } from '@setia/read-store';
import { localDate } from '@setia/domain';
import type { CustomerDoc } from '../read-models';
import type { ZoneOf } from '../program-profile';
import type { Dashboard } from './dashboard';
import { addCounters, byPeriodAndStore } from './dashboard';

/**
 * Per campaign, store, local day and group (the members in the campaign, or those its holdout kept
 * out): the receipts it counted, their spend, the members counted for the first time, and for the
 * campaign the points it gave, took back on returns and the receipts its budget fell short for.
 * A member is in the campaign's group on a purchase that got its points or ran out of its budget,
 * and in the holdout's on a purchase where it kept them out (CampaignHeldOut).
 */
export interface CampaignDayDoc extends ReadDocument {
  tenant: string;
  campaignId: string;
  storeId: string;
  date: string;
  group: 'campaign' | 'holdout';
  receipts: number;
  spend: number;
  members: number;
  pointsGiven: number;
  pointsTakenBack: number;
  exhaustedReceipts: number;
}

const COLLECTION = 'campaign_days';
export const CAMPAIGN_DAY_COUNTERS = ['receipts', 'spend', 'members', 'pointsGiven', 'pointsTakenBack', 'exhaustedReceipts'] as const satisfies ReadonlyArray<keyof CampaignDayDoc>;

type Counters = Parameters<typeof addCounters<CampaignDayDoc>>[3];
const row = (tenant: string, campaignId: string, storeId: string, date: string, group: CampaignDayDoc['group'], counters: Counters) =>
  addCounters<CampaignDayDoc>(COLLECTION, { tenant, campaignId, storeId, date, group }, CAMPAIGN_DAY_COUNTERS, counters);

/** The customer document's mark that a member was counted in a campaign's group (customer-profile.ts keeps them). */
export const campaignMark = (campaignId: string, group: CampaignDayDoc['group']) => `${campaignId}|${group}`;

/** A receipt of the campaign's group or the holdout's: one more receipt, its spend, and the member if new to the group. */
function counted(before: CustomerDoc, data: { campaignId: string; receiptId: string; storeId: string; occurredAt: string }, zoneOf: ZoneOf, group: CampaignDayDoc['group'], more: Counters = {}) {
  const spend = before.recentReceipts.find((receipt) => receipt.receiptId === data.receiptId)?.total ?? 0;
  const members = (before.campaigns ?? []).includes(campaignMark(data.campaignId, group)) ? 0 : 1;
  return row(before.tenant, data.campaignId, data.storeId, localDate(data.occurredAt, zoneOf(data.storeId)), group, { receipts: 1, spend, members, ...more });
}

type Group = { members: number; receipts: number; spend: number; spendPerMember: number | null };
const group = (rows: CampaignDayDoc[]): Group => {
  const members = rows.reduce((sum, r) => sum + r.members, 0);
  const spend = rows.reduce((sum, r) => sum + r.spend, 0);
  return { members, receipts: rows.reduce((sum, r) => sum + r.receipts, 0), spend, spendPerMember: members === 0 ? null : Math.round(spend / members) };
};

interface CampaignAnswer {
  campaignId: string;
  name: string | null;
  budget: number | null;
  /** The budget less the points given, plus those taken back (over the rows asked for). */
  budgetLeft: number | null;
  campaign: Group;
  holdout: Group;
  days: Array<{ date: string; receipts: number; pointsGiven: number; pointsTakenBack: number; exhaustedReceipts: number; budgetLeft: number | null }>;
}

export const campaignsDashboard: Dashboard<CampaignDayDoc, { campaigns: CampaignAnswer[] }> = {
  name: 'campaigns',
  collection: COLLECTION,
  period: 'date',
  sort: ['campaignId', 'date', 'storeId', 'group'],
  indexes: [byPeriodAndStore(COLLECTION, 'date')],
  on: {
    PointsEarned: ({ data }, before, zoneOf) =>
      data.campaignId !== undefined && data.receiptId !== undefined && data.storeId !== undefined
        ? [counted(before, { campaignId: data.campaignId, receiptId: data.receiptId, storeId: data.storeId, occurredAt: data.occurredAt }, zoneOf, 'campaign', { pointsGiven: data.points })]
        : [],
    // A receipt the budget gave nothing is counted here; one it gave some was counted with its points.
    CampaignBudgetExhausted: ({ data }, before, zoneOf) =>
      data.points === 0
        ? [counted(before, data, zoneOf, 'campaign', { exhaustedReceipts: 1 })]
        : [row(before.tenant, data.campaignId, data.storeId, localDate(data.occurredAt, zoneOf(data.storeId)), 'campaign', { exhaustedReceipts: 1 })],
    CampaignHeldOut: ({ data }, before, zoneOf) => [counted(before, data, zoneOf, 'holdout')],
    PointsReversed: ({ data }, before, zoneOf) =>
      data.campaignId !== undefined ? [row(before.tenant, data.campaignId, data.storeId, localDate(data.occurredAt, zoneOf(data.storeId)), 'campaign', { pointsTakenBack: data.points })] : [],
  },
  answer(rows, { program }) {
    const byCampaign = new Map<string, CampaignDayDoc[]>();
    for (const r of rows) byCampaign.set(r.campaignId, [...(byCampaign.get(r.campaignId) ?? []), r]);
    return {
      campaigns: [...byCampaign].map(([campaignId, own]) => {
        const known = program?.campaigns?.find((c) => c.campaignId === campaignId);
        const budget = known?.budget ?? null;
        const inCampaign = own.filter((r) => r.group === 'campaign');
        const days = new Map<string, CampaignAnswer['days'][number]>();
        let left = budget;
        for (const r of [...inCampaign].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
          const day = days.get(r.date) ?? { date: r.date, receipts: 0, pointsGiven: 0, pointsTakenBack: 0, exhaustedReceipts: 0, budgetLeft: null };
          day.receipts += r.receipts;
          day.pointsGiven += r.pointsGiven;
          day.pointsTakenBack += r.pointsTakenBack;
          day.exhaustedReceipts += r.exhaustedReceipts;
          if (left !== null) day.budgetLeft = left = left - r.pointsGiven + r.pointsTakenBack;
          days.set(r.date, day);
        }
        return { campaignId, name: known?.name ?? null, budget, budgetLeft: left, campaign: group(inCampaign), holdout: group(own.filter((r) => r.group === 'holdout')), days: [...days.values()] };
      }),
    };
  },
};
