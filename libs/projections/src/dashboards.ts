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
import { COLLECTIONS, NO_STORE, NO_TIER, docId } from './read-models';

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

function add<Doc extends ReadDocument>(
  collection: CollectionName,
  id: string,
  create: () => Doc,
  counters: Counters<Doc>,
): DashboardUpdate {
  return {
    collection,
    id,
    apply(doc) {
      const next = { ...((doc as Doc | null) ?? create()) } as Record<string, unknown>;
      for (const [field, amount] of Object.entries(counters)) next[field] = ((next[field] as number | undefined) ?? 0) + (amount as number);
      return next as unknown as ReadDocument;
    },
  };
}

const storeDaily = (tenant: string, storeId: string, date: string, counters: Counters<StoreDailyDoc>) =>
  add<StoreDailyDoc>(
    COLLECTIONS.storeDaily,
    docId(tenant, storeId, date),
    () => ({
      _id: docId(tenant, storeId, date),
      _position: '',
      tenant,
      storeId,
      date,
      purchases: 0,
      revenue: 0,
      uniqueCustomers: 0,
      newCustomers: 0,
      returningCustomers: 0,
      newMembers: 0,
      pointsIssued: 0,
      pointsRedeemed: 0,
      pointsGivenBack: 0,
      pointsReversed: 0,
      returns: 0,
      returnedAmount: 0,
    }),
    counters,
  );

const tierMembers = (tenant: string, tier: string, members: number) =>
  add<TierDoc>(COLLECTIONS.tiers, docId(tenant, tier), () => ({ _id: docId(tenant, tier), _position: '', tenant, tier, members: 0 }), {
    members,
  });

const liability = (tenant: string, tier: string | null, counters: Counters<PointsLiabilityDoc>) => {
  const name = tier ?? NO_TIER;
  return add<PointsLiabilityDoc>(
    COLLECTIONS.pointsLiability,
    docId(tenant, name),
    () => ({ _id: docId(tenant, name), _position: '', tenant, tier: name, outstanding: 0, earned: 0, redeemed: 0, reversed: 0, expired: 0 }),
    counters,
  );
};

const funnel = (tenant: string, month: string, storeId: string, counters: Counters<FunnelDoc>) =>
  add<FunnelDoc>(
    COLLECTIONS.funnel,
    docId(tenant, month, storeId),
    () => ({
      _id: docId(tenant, month, storeId),
      _position: '',
      tenant,
      month,
      storeId,
      newBuyers: 0,
      newRepeatCustomers: 0,
      newMembers: 0,
      newMembersWhoBought: 0,
    }),
    counters,
  );

const referrals = (tenant: string, month: string, storeId: string, counters: Counters<ReferralDoc>) =>
  add<ReferralDoc>(
    COLLECTIONS.referrals,
    docId(tenant, month, storeId),
    () => ({
      _id: docId(tenant, month, storeId),
      _position: '',
      tenant,
      month,
      storeId,
      registered: 0,
      qualified: 0,
      refereeBonusPoints: 0,
      referrerBonusPoints: 0,
    }),
    counters,
  );

const purchaseFrequency = (tenant: string, storeId: string, month: string, counters: Counters<PurchaseFrequencyDoc>) =>
  add<PurchaseFrequencyDoc>(
    COLLECTIONS.purchaseFrequency,
    docId(tenant, storeId, month),
    () => ({ _id: docId(tenant, storeId, month), _position: '', tenant, storeId, month, purchases: 0, uniqueCustomers: 0, repeatCustomers: 0 }),
    counters,
  );

const feedback = (tenant: string, storeId: string, month: string, counters: Counters<FeedbackDoc>) =>
  add<FeedbackDoc>(
    COLLECTIONS.feedback,
    docId(tenant, storeId, month),
    () => ({
      _id: docId(tenant, storeId, month),
      _position: '',
      tenant,
      storeId,
      month,
      answers: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      csatAnswers: 0,
      csatSum: 0,
      csatSatisfied: 0,
    }),
    counters,
  );

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
