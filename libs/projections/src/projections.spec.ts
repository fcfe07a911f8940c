import { localDate, RULE_REASONS } from '@setia/domain';
import type { CustomerEvent, Program, ProgramEvent } from '@setia/domain';
import type { RecordedEvent } from '@setia/event-store';
import { sampleProgram } from '../../domain/src/testing/fixtures';
import type { ReadDocument } from '@setia/read-store';
import { applyDashboardUpdates, projectEntities, projectInMemory } from './project-events';
import type { DashboardDocuments, DocumentMap } from './project-events';

const PROGRAM: Program = sampleProgram({
  stores: [
    { storeId: 'jkt-1', timeZone: 'Asia/Jakarta' },
    { storeId: 'jyp-1', timeZone: 'Asia/Jayapura' },
  ],
  earn: { spendPerPoint: 1000 },
  tiers: [
    { name: 'Bronze', minQualifyingSpend: 0, multiplier: 1 },
    { name: 'Silver', minQualifyingSpend: 500_000, multiplier: 1.5 },
  ],
  rewards: [{ rewardId: 'coffee', points: 100 }],
  referral: { referrerBonus: 50, refereeBonus: 25, minQualifyingPurchase: 50_000 },
  feedback: { bonus: 10 },
});

/** A ledger written in order: each event gets the next global position and stream revision. */
function ledger() {
  const events: RecordedEvent[] = [];
  const revisions = new Map<string, number>();
  const append = (streamName: string, event: CustomerEvent | ProgramEvent) => {
    const revision = (revisions.get(streamName) ?? -1) + 1;
    revisions.set(streamName, revision);
    events.push({
      id: `e${events.length}`,
      type: event.type,
      data: event.data,
      metadata: { tenant: 'acme' },
      streamName,
      revision,
      position: String(events.length + 1).padStart(20, '0'),
      recordedAt: new Date(0),
    });
  };
  const api = {
    events,
    program: (program: Program = PROGRAM) => {
      append('program-acme', { type: 'ProgramConfigured', data: { program, configuredAt: '2026-01-01T00:00:00Z' } });
      return api;
    },
    customer: (customerId: string, ...customerEvents: CustomerEvent[]) => {
      for (const event of customerEvents) append(`customer-acme-${customerId}`, event);
      return api;
    },
  };
  return api;
}

const enrolled = (customerId: string, at: string, extra: Partial<Extract<CustomerEvent, { type: 'CustomerEnrolled' }>['data']> = {}): CustomerEvent => ({
  type: 'CustomerEnrolled',
  data: { customerId, cardNumber: `card-${customerId}`, referralCode: `CODE${customerId}`, tier: 'Bronze', enrolledAt: at, programRevision: 0, ...extra },
});
const purchase = (receiptId: string, storeId: string, occurredAt: string, total: number): CustomerEvent => ({
  type: 'PurchaseRecorded',
  data: { receiptId, storeId, occurredAt, currency: 'IDR', total, lines: [{ sku: 'x', quantity: 1, unitPrice: total }], programRevision: 0 },
});
const earned = (points: number, storeId: string, occurredAt: string, extra: Partial<Extract<CustomerEvent, { type: 'PointsEarned' }>['data']> = {}): CustomerEvent => ({
  type: 'PointsEarned',
  data: { reason: 'purchase', points, storeId, occurredAt, programRevision: 0, ...extra },
});

function view(events: readonly RecordedEvent[], collection: string): Record<string, Record<string, unknown>> {
  const docs = projectInMemory(events).get(collection) ?? new Map<string, ReadDocument>();
  return Object.fromEntries([...docs].map(([id, doc]) => [id, doc as Record<string, unknown>]));
}

describe('read-model projections', () => {
  describe('local days and months', () => {
    it('a purchase at 23:30 in Jayapura belongs to that local day, not the next UTC day', () => {
      expect(localDate('2026-03-10T23:30:00+09:00', 'Asia/Jayapura')).toBe('2026-03-10');
      expect(localDate('2026-03-10T14:30:00Z', 'Asia/Jayapura')).toBe('2026-03-10');
      expect(localDate('2026-03-10T15:00:00Z', 'Asia/Jayapura')).toBe('2026-03-11');
    });
  });

  describe('customers', () => {
    it.each(RULE_REASONS.map((reason) => [reason]))('points earned for reason %s count in the balance, the store day and the liability', (reason) => {
      const { events } = ledger()
        .program()
        .customer('c1', enrolled('c1', '2026-02-02T10:00:00+07:00', { homeStoreId: 'jkt-1' }), earned(75, 'jkt-1', '2026-02-03T10:00:00+07:00', { reason }));
      expect(view(events, 'customers')['acme|c1']).toMatchObject({ points: 75, lifetimeEarned: 75 });
      expect(view(events, 'store_daily')['acme|jkt-1|2026-02-03']).toMatchObject({ pointsIssued: 75 });
      expect(view(events, 'points_liability')['acme|Bronze']).toMatchObject({ outstanding: 75, earned: 75 });
    });

    it('given enrolment, purchases, a partial return, a redemption and its cancel, the profile adds up', () => {
      const { events } = ledger()
        .program()
        .customer(
          'c1',
          purchase('r1', 'jkt-1', '2026-02-01T10:00:00+07:00', 100_000),
          enrolled('c1', '2026-02-02T10:00:00+07:00', { homeStoreId: 'jkt-1' }),
          purchase('r2', 'jkt-1', '2026-02-03T10:00:00+07:00', 400_000),
          earned(400, 'jkt-1', '2026-02-03T10:00:00+07:00', { receiptId: 'r2' }),
          { type: 'TierChanged', data: { from: 'Bronze', to: 'Silver', qualifyingSpend: 500_000, occurredAt: '2026-02-03T10:00:00+07:00', programRevision: 0 } },
          { type: 'ReturnRecorded', data: { returnId: 't1', receiptId: 'r2', storeId: 'jkt-1', occurredAt: '2026-02-04T10:00:00+07:00', amount: 100_000, programRevision: 0 } },
          { type: 'PointsReversed', data: { returnId: 't1', receiptId: 'r2', storeId: 'jkt-1', points: 100, occurredAt: '2026-02-04T10:00:00+07:00' } },
          { type: 'RewardRedeemed', data: { redemptionId: 'x1', rewardId: 'coffee', storeId: 'jkt-1', points: 100, occurredAt: '2026-02-05T03:00:00Z', programRevision: 0 } },
          { type: 'RedemptionCancelled', data: { redemptionId: 'x1', storeId: 'jkt-1', points: 100, occurredAt: '2026-02-05T04:00:00Z' } },
        );
      expect(view(events, 'customers')['acme|c1']).toMatchObject({
        tenant: 'acme',
        customerId: 'c1',
        stage: 'member',
        member: true,
        homeStoreId: 'jkt-1',
        points: 300,
        tier: 'Silver',
        tierSince: '2026-02-03T03:00:00.000Z',
        qualifyingSpend: 400_000,
        lifetimeEarned: 400,
        lifetimeRedeemed: 0,
        lifetimeReversed: 100,
        purchaseCount: 2,
        totalSpend: 400_000,
        // Instants in UTC, so lists can compare and sort them as text.
        firstPurchaseAt: '2026-02-01T03:00:00.000Z',
        lastPurchaseAt: '2026-02-03T03:00:00.000Z',
        cohortMonth: '2026-02',
        _position: events[events.length - 1].position,
      });
    });

    it('one purchase makes a buyer, a second a customer, enrolment a member', () => {
      const one = ledger().program().customer('b', purchase('r1', 'jkt-1', '2026-02-01T10:00:00+07:00', 10_000));
      expect(view(one.events, 'customers')['acme|b'].stage).toBe('buyer');
      one.customer('b', purchase('r2', 'jkt-1', '2026-02-02T10:00:00+07:00', 10_000));
      expect(view(one.events, 'customers')['acme|b'].stage).toBe('customer');
      one.customer('b', enrolled('b', '2026-02-03T10:00:00+07:00'));
      expect(view(one.events, 'customers')['acme|b'].stage).toBe('member');
    });
  });

  describe('tiers', () => {
    it('counts members per tier, moving a member on a tier change', () => {
      const { events } = ledger()
        .program()
        .customer('a', enrolled('a', '2026-02-01T00:00:00Z'))
        .customer('b', enrolled('b', '2026-02-01T00:00:00Z'))
        .customer('a', { type: 'TierChanged', data: { from: 'Bronze', to: 'Silver', qualifyingSpend: 600_000, occurredAt: '2026-02-02T00:00:00Z', programRevision: 0 } });
      const tiers = view(events, 'tiers');
      expect(tiers['acme|Bronze']).toMatchObject({ tenant: 'acme', tier: 'Bronze', members: 1 });
      expect(tiers['acme|Silver']).toMatchObject({ tenant: 'acme', tier: 'Silver', members: 1 });
    });
  });

  describe('store daily stats', () => {
    it('counts by the store’s local day, unique customers once a day, new versus returning', () => {
      const { events } = ledger()
        .program()
        // 23:30 in Jayapura on 10 March is 14:30 UTC: it is 10 March at that store.
        .customer('a', purchase('a1', 'jyp-1', '2026-03-10T14:30:00Z', 50_000), purchase('a2', 'jyp-1', '2026-03-10T14:45:00Z', 20_000))
        .customer('b', purchase('b1', 'jyp-1', '2026-03-09T12:00:00+09:00', 10_000), purchase('b2', 'jyp-1', '2026-03-10T12:00:00+09:00', 30_000))
        .customer('a', purchase('a3', 'jyp-1', '2026-03-10T15:30:00Z', 5_000));
      const stats = view(events, 'store_daily');
      expect(stats['acme|jyp-1|2026-03-10']).toMatchObject({
        storeId: 'jyp-1',
        date: '2026-03-10',
        purchases: 3,
        revenue: 100_000,
        uniqueCustomers: 2,
        newCustomers: 1,
        returningCustomers: 1,
      });
      expect(stats['acme|jyp-1|2026-03-11']).toMatchObject({ purchases: 1, uniqueCustomers: 1, newCustomers: 0, returningCustomers: 1 });
    });

    it('counts new members at their home store, points issued, redeemed, given back and reversed, and returns', () => {
      const { events } = ledger()
        .program()
        .customer(
          'm',
          enrolled('m', '2026-03-01T09:00:00+07:00', { homeStoreId: 'jkt-1' }),
          purchase('r1', 'jkt-1', '2026-03-01T10:00:00+07:00', 300_000),
          earned(300, 'jkt-1', '2026-03-01T10:00:00+07:00', { receiptId: 'r1' }),
          { type: 'RewardRedeemed', data: { redemptionId: 'x', rewardId: 'coffee', storeId: 'jkt-1', points: 100, occurredAt: '2026-03-01T04:00:00Z', programRevision: 0 } },
          { type: 'RedemptionCancelled', data: { redemptionId: 'x', storeId: 'jkt-1', points: 100, occurredAt: '2026-03-01T05:00:00Z' } },
          { type: 'ReturnRecorded', data: { returnId: 't', receiptId: 'r1', storeId: 'jkt-1', occurredAt: '2026-03-01T06:00:00Z', amount: 150_000, programRevision: 0 } },
          { type: 'PointsReversed', data: { returnId: 't', receiptId: 'r1', storeId: 'jkt-1', points: 150, occurredAt: '2026-03-01T06:00:00Z' } },
        );
      expect(view(events, 'store_daily')['acme|jkt-1|2026-03-01']).toMatchObject({
        newMembers: 1,
        purchases: 1,
        revenue: 300_000,
        pointsIssued: 300,
        pointsRedeemed: 100,
        pointsGivenBack: 100,
        pointsReversed: 150,
        returns: 1,
        returnedAmount: 150_000,
      });
    });
  });

  describe('cohort retention', () => {
    it('counts distinct customers of a first-purchase month who bought again in each later month', () => {
      const { events } = ledger()
        .program()
        .customer('a', purchase('a1', 'jkt-1', '2026-01-15T10:00:00+07:00', 1), purchase('a2', 'jkt-1', '2026-02-01T10:00:00+07:00', 1))
        .customer('a', purchase('a3', 'jkt-1', '2026-02-20T10:00:00+07:00', 1), purchase('a4', 'jkt-1', '2026-04-02T10:00:00+07:00', 1))
        .customer('b', purchase('b1', 'jkt-1', '2026-01-31T23:30:00+07:00', 1), purchase('b2', 'jkt-1', '2026-02-05T10:00:00+07:00', 1))
        .customer('c', purchase('c1', 'jkt-1', '2026-02-10T10:00:00+07:00', 1));
      const cohorts = view(events, 'cohorts');
      // Cohorts by month and store of the first purchase.
      expect(cohorts['acme|2026-01|jkt-1']).toMatchObject({ cohortMonth: '2026-01', storeId: 'jkt-1', customers: 2, active: [2, 2, 0, 1] });
      expect(cohorts['acme|2026-02|jkt-1']).toMatchObject({ customers: 1, active: [1] });
    });
  });

  describe('funnel', () => {
    it('counts new buyers, new repeat customers and new members per month', () => {
      const { events } = ledger()
        .program()
        .customer('a', purchase('a1', 'jkt-1', '2026-01-15T10:00:00+07:00', 1), purchase('a2', 'jkt-1', '2026-02-01T10:00:00+07:00', 1))
        .customer('a', enrolled('a', '2026-02-03T10:00:00+07:00'), purchase('a3', 'jkt-1', '2026-02-04T10:00:00+07:00', 1))
        .customer('b', purchase('b1', 'jkt-1', '2026-02-01T10:00:00+07:00', 1))
        .customer('n', enrolled('n', '2026-02-09T10:00:00+07:00'));
      const funnel = view(events, 'funnel_monthly');
      // Purchases count at their store, enrolments at the home store ('-' when there is none).
      expect(funnel['acme|2026-01|jkt-1']).toMatchObject({ newBuyers: 1, newRepeatCustomers: 0, newMembers: 0 });
      expect(funnel['acme|2026-02|jkt-1']).toMatchObject({ newBuyers: 1, newRepeatCustomers: 1, newMembers: 0 });
      expect(funnel['acme|2026-02|-']).toMatchObject({ newBuyers: 0, newRepeatCustomers: 0, newMembers: 2, newMembersWhoBought: 1 });
    });
  });

  describe('purchase frequency', () => {
    it('counts purchases, distinct customers and customers who bought twice or more, per store and month', () => {
      const { events } = ledger()
        .program()
        .customer('a', purchase('a1', 'jkt-1', '2026-01-02T10:00:00+07:00', 1), purchase('a2', 'jkt-1', '2026-01-03T10:00:00+07:00', 1))
        .customer('a', purchase('a3', 'jkt-1', '2026-01-04T10:00:00+07:00', 1), purchase('a4', 'jyp-1', '2026-01-04T10:00:00+09:00', 1))
        .customer('b', purchase('b1', 'jkt-1', '2026-01-05T10:00:00+07:00', 1));
      const frequency = view(events, 'purchase_frequency');
      expect(frequency['acme|jkt-1|2026-01']).toMatchObject({ purchases: 4, uniqueCustomers: 2, repeatCustomers: 1 });
      expect(frequency['acme|jyp-1|2026-01']).toMatchObject({ purchases: 1, uniqueCustomers: 1, repeatCustomers: 0 });
    });
  });

  describe('feedback', () => {
    it('counts promoters, passives, detractors and CSAT per store and month', () => {
      const answer = (feedbackId: string, nps: number, csat?: number): CustomerEvent => ({
        type: 'FeedbackSubmitted',
        data: { feedbackId, storeId: 'jkt-1', nps, ...(csat !== undefined && { csat }), occurredAt: '2026-05-05T05:00:00Z' },
      });
      const { events } = ledger()
        .program()
        .customer('a', purchase('a1', 'jkt-1', '2026-05-01T10:00:00+07:00', 1), answer('f1', 10, 5), answer('f2', 9), answer('f3', 8, 3), answer('f4', 6, 4), answer('f5', 0, 1));
      expect(view(events, 'feedback')['acme|jkt-1|2026-05']).toMatchObject({
        answers: 5,
        promoters: 2,
        passives: 1,
        detractors: 2,
        csatAnswers: 4,
        csatSum: 13,
        csatSatisfied: 2,
      });
    });
  });

  describe('referrals', () => {
    it('counts registered and qualified referrals and the bonus points on both sides', () => {
      const { events } = ledger()
        .program()
        .customer('ref', enrolled('ref', '2026-06-01T10:00:00+07:00'))
        .customer('f', enrolled('f', '2026-06-02T10:00:00+07:00', { referredBy: { customerId: 'ref', referralCode: 'CODEref' } }))
        .customer('g', enrolled('g', '2026-06-03T10:00:00+07:00', { referredBy: { customerId: 'ref', referralCode: 'CODEref' } }))
        .customer(
          'f',
          purchase('f1', 'jkt-1', '2026-06-04T10:00:00+07:00', 60_000),
          { type: 'ReferralQualified', data: { referrerId: 'ref', receiptId: 'f1', storeId: 'jkt-1', referrerBonus: 50, refereeBonus: 25, occurredAt: '2026-06-04T10:00:00+07:00', programRevision: 0 } },
          earned(25, 'jkt-1', '2026-06-04T10:00:00+07:00', { reason: 'referral', receiptId: 'f1' }),
        )
        .customer('ref', earned(50, 'jkt-1', '2026-06-04T10:00:00+07:00', { reason: 'referral', receiptId: 'f1', refereeId: 'f' }));
      const referrals = view(events, 'referrals');
      expect(referrals['acme|2026-06|-']).toMatchObject({ registered: 2, qualified: 0 });
      expect(referrals['acme|2026-06|jkt-1']).toMatchObject({ registered: 0, qualified: 1, refereeBonusPoints: 25, referrerBonusPoints: 50 });
    });
  });

  describe('vouchers', () => {
    it('counts vouchers issued by what issued them, used, uses cancelled and withdrawn, and stamps, in the local month of the store where each happened', () => {
      const at = (time: string) => `2026-06-30T${time}+07:00`;
      const issued = (voucherId: string, rule: string, storeId: string, occurredAt: string): CustomerEvent => ({
        type: 'VoucherIssued',
        data: { voucherId, benefit: { kind: 'amountOff', amount: 5_000 }, validUntil: '2026-07-31T17:00:00.000Z', source: { rule, id: 'x' }, storeId, occurredAt, programRevision: 0 },
      });
      const stamps = (stamps: number, storeId: string, occurredAt: string): CustomerEvent => ({
        type: 'StampsCollected',
        data: { cardId: 'KOPI-10', receiptId: 'r1', storeId, stamps, onCard: 0, owed: 0, occurredAt, programRevision: 0 },
      });
      const { events } = ledger()
        .program()
        .customer(
          'a',
          enrolled('a', at('08:00:00')),
          stamps(10, 'jkt-1', at('09:00:00')),
          issued('card:KOPI-10:1', 'stampCards', 'jkt-1', at('09:00:00')),
          // 23:30 in Jakarta is 01:30 on 1 July in Jayapura.
          issued('gift:BAG:2026-07-01:1', 'gifts', 'jyp-1', at('23:30:00')),
          issued('redemption:r', 'vouchers', 'jkt-1', at('10:00:00')),
          { type: 'VoucherUsed', data: { voucherId: 'card:KOPI-10:1', storeId: 'jkt-1', receiptId: 'r2', occurredAt: at('11:00:00'), programRevision: 0 } },
          { type: 'VoucherUseCancelled', data: { voucherId: 'card:KOPI-10:1', storeId: 'jkt-1', receiptId: 'r2', occurredAt: at('11:05:00'), programRevision: 0 } },
          { type: 'VoucherUsed', data: { voucherId: 'card:KOPI-10:1', storeId: 'jkt-1', receiptId: 'r3', occurredAt: at('11:10:00'), programRevision: 0 } },
          { type: 'StampsTakenBack', data: { cardId: 'KOPI-10', receiptId: 'r1', returnId: 'rt', storeId: 'jkt-1', stamps: 4, onCard: 0, owed: 4, occurredAt: at('12:00:00'), programRevision: 0 } },
          { type: 'VoucherVoided', data: { voucherId: 'redemption:r', reason: 'cancellation', redemptionId: 'r', storeId: 'jkt-1', occurredAt: at('12:30:00'), programRevision: 0 } },
        );
      const vouchers = view(events, 'vouchers');
      expect(vouchers['acme|2026-06|jkt-1']).toMatchObject({
        issuedByStampCards: 1,
        issuedByGifts: 0,
        issuedForPoints: 1,
        used: 2,
        usesCancelled: 1,
        voided: 1,
        stampsCollected: 10,
        stampsTakenBack: 4,
      });
      expect(vouchers['acme|2026-07|jyp-1']).toMatchObject({ issuedByGifts: 1, issuedByStampCards: 0, used: 0 });
    });
  });

  describe('points liability', () => {
    it('keeps outstanding points per tier, moving a member’s balance with a tier change', () => {
      const { events } = ledger()
        .program()
        .customer(
          'a',
          enrolled('a', '2026-02-01T00:00:00Z'),
          earned(400, 'jkt-1', '2026-02-02T00:00:00Z'),
          { type: 'TierChanged', data: { from: 'Bronze', to: 'Silver', qualifyingSpend: 600_000, occurredAt: '2026-02-02T00:00:00Z', programRevision: 0 } },
          { type: 'RewardRedeemed', data: { redemptionId: 'x', rewardId: 'coffee', storeId: 'jkt-1', points: 100, occurredAt: '2026-02-03T00:00:00Z', programRevision: 0 } },
          { type: 'RewardRedeemed', data: { redemptionId: 'y', rewardId: 'coffee', storeId: 'jkt-1', points: 100, occurredAt: '2026-02-03T00:00:00Z', programRevision: 0 } },
          { type: 'RedemptionCancelled', data: { redemptionId: 'y', storeId: 'jkt-1', points: 100, occurredAt: '2026-02-04T00:00:00Z' } },
        )
        .customer('b', enrolled('b', '2026-02-01T00:00:00Z'), earned(70, 'jkt-1', '2026-02-02T00:00:00Z'));
      const liability = view(events, 'points_liability');
      expect(liability['acme|Bronze']).toMatchObject({ outstanding: 70, earned: 470, redeemed: 0 });
      expect(liability['acme|Silver']).toMatchObject({ outstanding: 300, earned: 0, redeemed: 100 });
    });
  });

  describe('exactly-once effect', () => {
    const scenario = () =>
      ledger()
        .program()
        .customer('a', purchase('a1', 'jkt-1', '2026-01-15T10:00:00+07:00', 100_000), enrolled('a', '2026-01-16T10:00:00+07:00'))
        .customer('b', purchase('b1', 'jyp-1', '2026-01-15T10:00:00+09:00', 5_000))
        .customer('a', purchase('a2', 'jkt-1', '2026-02-15T10:00:00+07:00', 100_000), earned(100, 'jkt-1', '2026-02-15T10:00:00+07:00'))
        .customer('b', purchase('b2', 'jyp-1', '2026-02-15T10:00:00+09:00', 5_000)).events;

    const flatten = (collections: Map<string, Map<string, ReadDocument>>) =>
      Object.fromEntries([...collections].map(([name, docs]) => [name, Object.fromEntries(docs)]));

    it('events delivered again after a crash that wrote only the dashboards count once', () => {
      const events = scenario();
      const clean = flatten(projectInMemory(events));

      // First run: everything of the first half written; of the second half only the dashboards.
      const half = Math.floor(events.length / 2);
      const customers: DocumentMap = new Map();
      const programs: DocumentMap = new Map();
      const dashboards: DashboardDocuments = new Map();
      applyDashboardUpdates(projectEntities(events.slice(0, half), customers, programs).updates, dashboards);
      const savedCustomers = new Map(customers);
      const savedPrograms = new Map(programs);
      applyDashboardUpdates(projectEntities(events.slice(half), customers, programs).updates, dashboards);
      // Crash: the customers and programs of the second half were never written.
      customers.clear();
      for (const [id, doc] of savedCustomers) customers.set(id, doc);
      programs.clear();
      for (const [id, doc] of savedPrograms) programs.set(id, doc);

      // Restart from the checkpoint of the first half... and, for good measure, from the start.
      applyDashboardUpdates(projectEntities(events, customers, programs).updates, dashboards);

      const replayed = new Map<string, Map<string, ReadDocument>>();
      const put = (collection: string, id: string, doc: ReadDocument | null) => {
        if (!doc) return;
        if (!replayed.has(collection)) replayed.set(collection, new Map());
        replayed.get(collection)!.set(id, doc);
      };
      for (const [id, doc] of customers) put('customers', id, doc);
      for (const [id, doc] of programs) put('programs', id, doc);
      for (const [collection, documents] of dashboards) for (const [id, doc] of documents) put(collection, id, doc);
      expect(flatten(replayed)).toEqual(clean);
    });
  });
});
