import type { CustomerEvent } from '@setia/domain';
import type { ReadDocument } from '@setia/read-store';
import { localDate, localMonth, monthsBetween } from './local-time';
import type { ZoneOf } from './program-profile';
import type {
  CohortDoc,
  CollectionName,
  CustomerDoc,
  FeedbackDoc,
  FunnelDoc,
  PointsLiabilityDoc,
  PurchaseFrequencyDoc,
  ReferralDoc,
  StoreDailyDoc,
  TierDoc,
} from './read-models';
import {
  COLLECTIONS,
  FEEDBACK_COUNTERS,
  FUNNEL_COUNTERS,
  NO_STORE,
  NO_TIER,
  POINTS_LIABILITY_COUNTERS,
  PURCHASE_FREQUENCY_COUNTERS,
  REFERRAL_COUNTERS,
  STORE_DAILY_COUNTERS,
  TIER_COUNTERS,
  docId,
} from './read-models';

/**
 * A change to one dashboard document: counters added to, created at zero when missing. The
 * projector applies it unless the document already holds the event (its `_position`).
 */
export interface DashboardUpdate {
  collection: CollectionName;
  id: string;
  apply(doc: ReadDocument | null): ReadDocument;
}

type Counters<Doc> = { [K in keyof Doc as Doc[K] extends number ? K : never]?: number };

/**
 * Adds to the counters of the document keyed by `keys` (the tenant first, then the dimensions,
 * in `_id` order); a missing document starts with every counter of its collection at zero.
 */
function add<Doc extends ReadDocument>(
  collection: CollectionName,
  keys: Record<string, string>,
  counterFields: readonly string[],
  counters: Counters<Doc>,
): DashboardUpdate {
  const id = docId(...Object.values(keys));
  return {
    collection,
    id,
    apply(doc) {
      const next: Record<string, unknown> = doc
        ? { ...doc }
        : { _id: id, _position: '', ...keys, ...Object.fromEntries(counterFields.map((field) => [field, 0])) };
      for (const [field, amount] of Object.entries(counters)) next[field] = (next[field] as number) + (amount as number);
      return next as ReadDocument;
    },
  };
}

const storeDaily = (tenant: string, storeId: string, date: string, counters: Counters<StoreDailyDoc>) =>
  add<StoreDailyDoc>(COLLECTIONS.storeDaily, { tenant, storeId, date }, STORE_DAILY_COUNTERS, counters);

const tierMembers = (tenant: string, tier: string, members: number) =>
  add<TierDoc>(COLLECTIONS.tiers, { tenant, tier }, TIER_COUNTERS, { members });

const liability = (tenant: string, tier: string | null, counters: Counters<PointsLiabilityDoc>) =>
  add<PointsLiabilityDoc>(COLLECTIONS.pointsLiability, { tenant, tier: tier ?? NO_TIER }, POINTS_LIABILITY_COUNTERS, counters);

const funnel = (tenant: string, month: string, storeId: string, counters: Counters<FunnelDoc>) =>
  add<FunnelDoc>(COLLECTIONS.funnel, { tenant, month, storeId }, FUNNEL_COUNTERS, counters);

const referrals = (tenant: string, month: string, storeId: string, counters: Counters<ReferralDoc>) =>
  add<ReferralDoc>(COLLECTIONS.referrals, { tenant, month, storeId }, REFERRAL_COUNTERS, counters);

const purchaseFrequency = (tenant: string, storeId: string, month: string, counters: Counters<PurchaseFrequencyDoc>) =>
  add<PurchaseFrequencyDoc>(COLLECTIONS.purchaseFrequency, { tenant, storeId, month }, PURCHASE_FREQUENCY_COUNTERS, counters);

const feedback = (tenant: string, storeId: string, month: string, counters: Counters<FeedbackDoc>) =>
  add<FeedbackDoc>(COLLECTIONS.feedback, { tenant, storeId, month }, FEEDBACK_COUNTERS, counters);

/**
 * The customer of the cohort (month and store of the first purchase) counted as active
 * `monthsSince` months after the cohort month.
 */
function cohortActive(tenant: string, cohortMonth: string, storeId: string, monthsSince: number, newCustomer: boolean): DashboardUpdate {
  const id = docId(tenant, cohortMonth, storeId);
  return {
    collection: COLLECTIONS.cohorts,
    id,
    apply(doc) {
      const cohort = (doc as CohortDoc | null) ?? { _id: id, _position: '', tenant, cohortMonth, storeId, customers: 0, active: [] };
      const active = [...cohort.active];
      while (active.length <= monthsSince) active.push(0);
      active[monthsSince] += 1;
      return { ...cohort, customers: cohort.customers + (newCustomer ? 1 : 0), active };
    },
  };
}

/**
 * The dashboard changes one customer event makes. `before` is the customer's document before
 * the event; everything a dashboard needs to know about the customer's past is in it.
 */
export function dashboardUpdates(event: CustomerEvent, before: CustomerDoc, zoneOf: ZoneOf): DashboardUpdate[] {
  const { tenant } = before;
  switch (event.type) {
    case 'CustomerEnrolled': {
      const { enrolledAt, homeStoreId, referredBy, tier } = event.data;
      const zone = zoneOf(homeStoreId);
      const month = localMonth(enrolledAt, zone);
      const updates = [
        tierMembers(tenant, tier, 1),
        storeDaily(tenant, homeStoreId ?? NO_STORE, localDate(enrolledAt, zone), { newMembers: 1 }),
        funnel(tenant, month, homeStoreId ?? NO_STORE, { newMembers: 1, newMembersWhoBought: before.purchaseCount > 0 ? 1 : 0 }),
      ];
      if (referredBy) updates.push(referrals(tenant, month, homeStoreId ?? NO_STORE, { registered: 1 }));
      if (before.points !== 0) {
        updates.push(liability(tenant, null, { outstanding: -before.points }), liability(tenant, tier, { outstanding: before.points }));
      }
      return updates;
    }
    case 'PurchaseRecorded': {
      const { storeId, occurredAt, total } = event.data;
      const zone = zoneOf(storeId);
      const date = localDate(occurredAt, zone);
      const month = date.slice(0, 7);
      const firstPurchase = before.purchaseCount === 0;
      const firstHereToday = !before.storeDays.includes(`${storeId}|${date}`);
      const purchasesHereThisMonth = before.storeMonths.find((entry) => entry.key === `${storeId}|${month}`)?.purchases ?? 0;
      const updates = [
        storeDaily(tenant, storeId, date, {
          purchases: 1,
          revenue: total,
          uniqueCustomers: firstHereToday ? 1 : 0,
          newCustomers: firstHereToday && firstPurchase ? 1 : 0,
          returningCustomers: firstHereToday && !firstPurchase ? 1 : 0,
        }),
        purchaseFrequency(tenant, storeId, month, {
          purchases: 1,
          uniqueCustomers: purchasesHereThisMonth === 0 ? 1 : 0,
          repeatCustomers: purchasesHereThisMonth === 1 ? 1 : 0,
        }),
      ];
      if (firstPurchase || before.purchaseCount === 1) {
        updates.push(funnel(tenant, month, storeId, firstPurchase ? { newBuyers: 1 } : { newRepeatCustomers: 1 }));
      }
      if (!before.purchaseMonths.includes(month)) {
        const cohortMonth = before.cohortMonth ?? month;
        const cohortStoreId = before.cohortStoreId ?? storeId;
        const monthsSince = monthsBetween(cohortMonth, month);
        // A purchase dated before the cohort month (a till posting late) has no column to count in.
        if (monthsSince >= 0) updates.push(cohortActive(tenant, cohortMonth, cohortStoreId, monthsSince, firstPurchase));
      }
      return updates;
    }
    case 'PointsEarned': {
      const { points, occurredAt, reason, refereeId } = event.data;
      const storeId = event.data.storeId ?? before.homeStoreId ?? NO_STORE;
      const zone = zoneOf(event.data.storeId ?? before.homeStoreId);
      const updates = [
        storeDaily(tenant, storeId, localDate(occurredAt, zone), { pointsIssued: points }),
        liability(tenant, before.tier, { outstanding: points, earned: points }),
      ];
      if (reason === 'referral') {
        const month = localMonth(occurredAt, zone);
        updates.push(referrals(tenant, month, storeId, refereeId ? { referrerBonusPoints: points } : { refereeBonusPoints: points }));
      }
      return updates;
    }
    case 'ReturnRecorded': {
      const { storeId, occurredAt, amount } = event.data;
      return [storeDaily(tenant, storeId, localDate(occurredAt, zoneOf(storeId)), { returns: 1, returnedAmount: amount })];
    }
    case 'PointsReversed': {
      const { storeId, occurredAt, points } = event.data;
      return [
        storeDaily(tenant, storeId, localDate(occurredAt, zoneOf(storeId)), { pointsReversed: points }),
        liability(tenant, before.tier, { outstanding: -points, reversed: points }),
      ];
    }
    case 'TierChanged': {
      const { from, to } = event.data;
      return [
        tierMembers(tenant, from, -1),
        tierMembers(tenant, to, 1),
        liability(tenant, from, { outstanding: -before.points }),
        liability(tenant, to, { outstanding: before.points }),
      ];
    }
    case 'RewardRedeemed': {
      const { storeId, occurredAt, points } = event.data;
      return [
        storeDaily(tenant, storeId, localDate(occurredAt, zoneOf(storeId)), { pointsRedeemed: points }),
        liability(tenant, before.tier, { outstanding: -points, redeemed: points }),
      ];
    }
    case 'RedemptionCancelled': {
      const { storeId, occurredAt, points } = event.data;
      return [
        storeDaily(tenant, storeId, localDate(occurredAt, zoneOf(storeId)), { pointsGivenBack: points }),
        liability(tenant, before.tier, { outstanding: points, redeemed: -points }),
      ];
    }
    case 'FeedbackSubmitted': {
      const { storeId, occurredAt, nps, csat } = event.data;
      return [
        feedback(tenant, storeId, localMonth(occurredAt, zoneOf(storeId)), {
          answers: 1,
          promoters: nps >= 9 ? 1 : 0,
          passives: nps === 7 || nps === 8 ? 1 : 0,
          detractors: nps <= 6 ? 1 : 0,
          csatAnswers: csat === undefined ? 0 : 1,
          csatSum: csat ?? 0,
          csatSatisfied: csat !== undefined && csat >= 4 ? 1 : 0,
        }),
      ];
    }
    case 'ReferralQualified': {
      const { storeId, occurredAt } = event.data;
      return [referrals(tenant, localMonth(occurredAt, zoneOf(storeId)), storeId, { qualified: 1 })];
    }
    case 'PersonalDataErased':
      return [];
  }
}
