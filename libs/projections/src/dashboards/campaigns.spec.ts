import { decideAndEvolveCustomer, foldCustomer } from '@setia/domain';
import type { CustomerCommand, CustomerEvent, ProgramEvent, ProgramVersion } from '@setia/domain';
import type { RecordedEvent } from '@setia/event-store';
import type { ReadDocument } from '@setia/read-store';
import { campaign, enrol, purchase, returnGoods, sampleProgram } from '../../../domain/src/testing/fixtures';
import { projectInMemory } from '../project-events';
import type { ProgramDoc } from '../read-models';
import { COLLECTIONS } from '../read-models';
import type { CampaignDayDoc } from './campaigns';
import { campaignsDashboard } from './campaigns';

/**
 * A chain's campaign through the decider and the projections: what each customer's commands decide
 * is projected, and the dashboard answers from the rows.
 */
function chain() {
  const events: RecordedEvent[] = [];
  const revisions = new Map<string, number>();
  const append = (streamName: string, event: CustomerEvent | ProgramEvent) => {
    const revision = (revisions.get(streamName) ?? -1) + 1;
    revisions.set(streamName, revision);
    events.push({ id: `e${events.length}`, type: event.type, data: event.data, metadata: { tenant: 'acme' }, streamName, revision, position: String(events.length + 1).padStart(20, '0'), recordedAt: new Date(0) });
  };
  const program = sampleProgram();
  append('program-acme', { type: 'ProgramConfigured', data: { program, configuredAt: '2026-05-01T00:00:00.000Z' } });
  const lebaran = campaign({ name: 'June double', holdoutPercent: 50, budget: { points: 250 } });
  append('program-acme', { type: 'CampaignCreated', data: { campaign: lebaran, createdAt: '2026-05-02T00:00:00.000Z' } });
  const version: ProgramVersion = { revision: 1, rules: { ...program, campaigns: [{ ...lebaran, createdAt: '2026-05-02T00:00:00.000Z' }] } };
  const ledgers = new Map<string, CustomerEvent[]>();
  const run = (customerId: string, command: CustomerCommand) => {
    const before = foldCustomer(ledgers.get(customerId) ?? []);
    const { events: decided } = decideAndEvolveCustomer(command, before);
    ledgers.set(customerId, [...(ledgers.get(customerId) ?? []), ...decided]);
    for (const event of decided) append(`customer-acme-${customerId}`, event);
    return decided;
  };
  return { events, version, run };
}

describe('the campaigns dashboard', () => {
  it('per campaign and day: receipts, points given and taken back, budget left, and spend per member in the campaign against its holdout', () => {
    const { events, version, run } = chain();
    // By the campaign's stable draw, m-3 and m-6 are in it and its holdout keeps m-1 and m-2 out; budgets as the write side would hold them.
    const members = ['m-3', 'm-1', 'm-6', 'm-2'];
    for (const customerId of members) run(customerId, enrol({ customerId, program: version }));
    const buy = (customerId: string, receiptId: string, occurredAt: string, total: number, budget: number) =>
      run(customerId, purchase({ customerId, receiptId, occurredAt, total, now: occurredAt, program: version, budgets: { 'june-double': budget } }));
    buy('m-3', 'r-1', '2026-06-10T03:00:00.000Z', 1_000_000, 100);
    buy('m-1', 'r-2', '2026-06-10T04:00:00.000Z', 2_000_000, 150);
    buy('m-6', 'r-3', '2026-06-11T03:00:00.000Z', 500_000, 0);
    buy('m-2', 'r-4', '2026-06-11T04:00:00.000Z', 3_000_000, 0);
    buy('m-3', 'r-5', '2026-06-11T05:00:00.000Z', 1_000_000, 0);
    run('m-3', returnGoods({ customerId: 'm-3', returnId: 'rt-1', receiptId: 'r-1', amount: 500_000, occurredAt: '2026-06-12T03:00:00.000Z', now: '2026-06-12T03:00:00.000Z', program: version }));

    const held = (id: string) => events.some((e) => e.streamName === `customer-acme-${id}` && e.type === 'CampaignHeldOut');
    expect(members.map(held)).toEqual([false, true, false, true]);

    const projected = projectInMemory(events);
    const rows = [...(projected.get('campaign_days') ?? new Map<string, ReadDocument>()).values()] as CampaignDayDoc[];
    const program = [...projected.get(COLLECTIONS.programs)!.values()][0] as ProgramDoc;
    const answer = campaignsDashboard.answer(rows, { program, now: '2026-06-15T00:00:00.000Z', rows: async () => [] });
    expect(answer).toEqual({
      campaigns: [
        {
          campaignId: 'june-double',
          name: 'June double',
          budget: 250,
          budgetLeft: 200,
          // m-3 twice (100 points, then the budget gone), m-6 once (nothing left).
          campaign: { members: 2, receipts: 3, spend: 2_500_000, spendPerMember: 1_250_000 },
          holdout: { members: 2, receipts: 2, spend: 5_000_000, spendPerMember: 2_500_000 },
          days: [
            { date: '2026-06-10', receipts: 1, pointsGiven: 100, pointsTakenBack: 0, exhaustedReceipts: 0, budgetLeft: 150 },
            { date: '2026-06-11', receipts: 2, pointsGiven: 0, pointsTakenBack: 0, exhaustedReceipts: 2, budgetLeft: 150 },
            { date: '2026-06-12', receipts: 0, pointsGiven: 0, pointsTakenBack: 50, exhaustedReceipts: 0, budgetLeft: 200 },
          ],
        },
      ],
    });
  });
});
