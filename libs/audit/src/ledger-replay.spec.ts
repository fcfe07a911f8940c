import { auditEvent } from './audit-event';
import { replayCustomer, verifyStore } from './verify-store';
import { LedgerFixture, rupiahProgram, seedTenant } from './testing/ledger-fixture';
import { redecide } from './redecide';
import { ProgramHistory } from './program-history';
import { exampleRuleSettings, foldCustomer } from '@setia/domain';
import type { CustomerEvent } from '@setia/domain';
import { storedHash } from '@setia/domain';
import { envelope } from '@setia/application';

describe('replaying a ledger with the program rules in force at each event', () => {
  let fixture: LedgerFixture;

  beforeAll(async () => {
    fixture = LedgerFixture.create();
    await seedTenant(fixture);
  });
  afterAll(() => fixture.close());

  it('reproduces the points of every purchase after the earn rate and the tiers changed twice', async () => {
    const { lines, audit } = await replayCustomer(fixture.store, 'kopi', 'ani');
    expect(audit.differences).toEqual([]);

    const purchases = lines.filter((line) => line.type === 'PurchaseRecorded');
    expect(purchases).toHaveLength(9);
    expect(purchases.every((line) => line.reproduced === true)).toBe(true);
    // Each purchase was decided under the program revision in force then: 0, 1, then 2.
    expect(purchases.map((line) => line.programRevision)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);

    const earned = lines.filter((line) => line.type === 'PointsEarned');
    // Rp 900,000 a purchase. Revision 0 (Rp 10,000 a point): 90 at Bronze three times (Silver is
    // reached by the third and applies from the next). Revision 1 (Rp 5,000 a point): 180 × 1.25
    // at Silver = 225 three times; the sixth reaches Gold. Revision 2 (Gold × 2): 360.
    expect(earned.map((line) => line.points)).toEqual([90, 90, 90, 225, 225, 225, 360, 360, 360]);
    expect(earned.map((line) => line.programRevision)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(earned.every((line) => line.reproduced === true)).toBe(true);
    const last = lines[lines.length - 1];
    expect(last.balance).toBe(audit.customers[0].points);
  });

  it('verifies the whole tenant: every decision of every customer decided again gives what was recorded', async () => {
    const result = await verifyStore(fixture.store, { tenant: 'kopi' });
    expect(result.differences).toEqual([]);
    expect(result.programRevisions).toBe(3);
    const byId = new Map(result.customers.map((customer) => [customer.customerId, customer]));
    for (const customer of byId.values()) expect(customer.reproduced).toBe(customer.decisions);
    expect(byId.get('budi')).toMatchObject({ stage: 'member', purchaseCount: 9 });
    // Claim streams and the program are chained too.
    expect(result.chains.every((chain) => chain.chainStartsAt === 0)).toBe(true);
    expect(result.notices).toEqual([]);
  });

  it('names a purchase whose points do not follow from the program revision it recorded', async () => {
    const stream = 'customer-kopi-ani';
    const events = (await fixture.store.readStream(stream)).map((event) => auditEvent(event));
    const programs = new ProgramHistory();
    for (const event of await fixture.store.readStream('program-kopi')) programs.add(auditEvent(event));
    const at = events.findIndex((event) => event.type === 'PurchaseRecorded' && (event.data as { receiptId: string }).receiptId === 'A-7');
    const before = foldCustomer(events.slice(0, at).map((event) => event as unknown as CustomerEvent));
    const decision = { commandId: 'purchase:A-7', events: events.slice(at, at + 2) };
    expect(redecide('ani', decision, before, programs).difference).toBeUndefined();

    // The same purchase claiming to have been decided under revision 0 earns what revision 0 gives, not 360.
    const forged = decision.events.map((event) => ({ ...event, data: { ...(event.data as object), programRevision: 0 } }));
    const outcome = redecide('ani', { ...decision, events: forged }, before, programs);
    expect(outcome.difference).toMatchObject({ kind: 'decision-mismatch', stream, revision: events[at + 1].revision });
    expect(outcome.difference?.message).toContain('program revision 0');
  });
});

describe('a tenant whose program turns on every rule of the registry', () => {
  it('replays and verifies: every decision of every customer, whatever rules made it, decided again gives what was recorded', async () => {
    const fixture = LedgerFixture.create('semua');
    try {
      // The sample's settings where it has them, each other rule's example settings.
      await fixture.configure({ ...exampleRuleSettings(), ...rupiahProgram() });
      await fixture.purchase('ani', 'A-0', 300_000);
      await fixture.enrol('ani');
      await fixture.enrol('budi');
      for (let i = 1; i <= 4; i++) {
        fixture.advanceDays(5);
        await fixture.purchase('ani', `A-${i}`, 900_000);
        await fixture.purchase('budi', `B-${i}`, 1_800_000);
      }
      await fixture.returnGoods('budi', 'RT-1', 'B-2', 600_000);
      await fixture.redeem('ani', 'RD-1', 'coffee');
      const result = await verifyStore(fixture.store, { tenant: 'semua' });
      expect(result.differences).toEqual([]);
      expect(result.customers.map((customer) => [customer.customerId, customer.reproduced === customer.decisions])).toEqual([
        ['ani', true],
        ['budi', true],
      ]);
      // ani: a purchase before enrolling, the enrolment, four purchases, a redemption; budi: the enrolment, four purchases, a return.
      expect(result.customers.map((customer) => customer.decisions)).toEqual([7, 6]);
    } finally {
      await fixture.close();
    }
  });
});

describe('a member whose card was replaced', () => {
  it('verifies with every decision reproduced, two replacements in a row apart, before and after the member is forgotten', async () => {
    const fixture = LedgerFixture.create('kartu');
    try {
      await fixture.configure(rupiahProgram());
      await fixture.enrol('ani');
      await fixture.purchase('ani', 'K-1', 500_000);
      await fixture.replaceCard('ani', 'replace-card:1', '6001 0002');
      await fixture.replaceCard('ani', 'replace-card:2', '6001 0003');
      const before = await verifyStore(fixture.store, { tenant: 'kartu' });
      expect(before.differences).toEqual([]);
      // The enrolment, the purchase and each replacement.
      expect(before.customers.map((customer) => [customer.decisions, customer.reproduced])).toEqual([[4, 4]]);

      await fixture.erase('ani');
      const after = await verifyStore(fixture.store, { tenant: 'kartu' });
      expect(after.differences).toEqual([]);
      expect(after.customers.map((customer) => [customer.decisions, customer.reproduced])).toEqual([[5, 5]]);
    } finally {
      await fixture.close();
    }
  });
});

describe('a tenant running campaigns, one of them with a budget', () => {
  it('verifies with every decision reproduced: what a budget gave each purchase is re-decided from what the purchase recorded, and the budget is given to its last point, a return giving some back', async () => {
    const fixture = LedgerFixture.create('kampanye');
    try {
      await fixture.configure(rupiahProgram());
      await fixture.createCampaign({ campaignId: 'double', name: 'Double points', from: '2026-01-01', to: '2026-12-31', effect: { multiplier: 2 }, budget: { points: 150 } });
      await fixture.createCampaign({ campaignId: 'bonus', name: 'Bonus', from: '2026-01-01', to: '2026-01-31', effect: { bonusPoints: 5 }, perMember: { points: 10 } });
      await fixture.enrol('ani');
      await fixture.enrol('budi');
      const given: Array<Array<{ campaignId?: string; points: number; type: string }>> = [];
      const campaignsOf = (outcome: { events: CustomerEvent[] }) =>
        outcome.events.flatMap((event) =>
          event.type === 'PointsEarned' && event.data.campaignId
            ? [{ type: 'earned', campaignId: event.data.campaignId, points: event.data.points }]
            : event.type === 'CampaignBudgetExhausted'
              ? [{ type: 'exhausted', campaignId: event.data.campaignId, points: event.data.points }]
              : event.type === 'PointsReversed' && event.data.campaignId
                ? [{ type: 'reversed', campaignId: event.data.campaignId, points: event.data.points }]
                : [],
        );
      given.push(campaignsOf(await fixture.purchase('ani', 'A-1', 900_000)));
      given.push(campaignsOf(await fixture.purchase('budi', 'B-1', 900_000)));
      given.push(campaignsOf(await fixture.purchase('ani', 'A-2', 900_000)));
      given.push(campaignsOf(await fixture.returnGoods('budi', 'RT-1', 'B-1', 300_000)));
      given.push(campaignsOf(await fixture.purchase('ani', 'A-3', 900_000)));
      expect(given).toEqual([
        [{ type: 'earned', campaignId: 'bonus', points: 5 }, { type: 'earned', campaignId: 'double', points: 90 }],
        [{ type: 'earned', campaignId: 'bonus', points: 5 }, { type: 'earned', campaignId: 'double', points: 60 }, { type: 'exhausted', campaignId: 'double', points: 60 }],
        [{ type: 'earned', campaignId: 'bonus', points: 5 }, { type: 'exhausted', campaignId: 'double', points: 0 }],
        [{ type: 'reversed', campaignId: 'bonus', points: 1 }, { type: 'reversed', campaignId: 'double', points: 20 }],
        [{ type: 'earned', campaignId: 'double', points: 20 }, { type: 'exhausted', campaignId: 'double', points: 20 }],
      ]);
      const result = await verifyStore(fixture.store, { tenant: 'kampanye' });
      expect(result.differences).toEqual([]);
      expect(result.customers.map((customer) => [customer.customerId, customer.decisions, customer.reproduced])).toEqual([
        ['ani', 4, 4],
        ['budi', 3, 3],
      ]);
      expect(result.budgets.double).toEqual({ handedOut: 150, givenBackToBudget: 0, spent: 170, givenBackToSlices: 20, ledgerGiven: 170, ledgerTakenBack: 20 });
      expect(result.budgetLimits).toEqual({ double: 150 });

      // A slice made to give points it did not hold (an event appended behind the write side's back) is named.
      const slice = await fixture.store.readStream('budgetslice-kampanye-double-0');
      const last = slice[slice.length - 1];
      await fixture.store.appendToStream(
        'budgetslice-kampanye-double-0',
        envelope([{ type: 'BudgetSpent', data: { customerId: 'ani', receiptId: 'A-9', points: 500 } }], 'forged', { tenant: 'kampanye' }, storedHash(last)),
        { expectedRevision: last.revision },
      );
      const forged = await verifyStore(fixture.store, { tenant: 'kampanye' });
      expect(forged.differences.map((difference) => [difference.kind, difference.stream, difference.message])).toEqual([
        ['budget-mismatch', 'budget-of-double', 'the slices gave 670 points, the ledgers credited 170'],
        ['budget-overspent', 'budgetslice-kampanye-double-0', 'the slice gave 500 points more than it held'],
      ]);

      // The replay says which campaign, under which program revision, gave each point.
      const { lines } = await replayCustomer(fixture.store, 'kampanye', 'budi');
      expect(lines.filter((line) => line.why !== null).map((line) => [line.why, line.points, line.programRevision, line.reproduced])).toEqual([
        ['purchase', 90, 2, true],
        ['campaign bonus', 5, 2, true],
        ['campaign double', 60, 2, true],
        ['purchase', -30, 2, true],
        ['campaign bonus', -1, 2, true],
        ['campaign double', -20, 2, true],
      ]);
    } finally {
      await fixture.close();
    }
  });
});
