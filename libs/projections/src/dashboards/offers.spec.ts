import { decideAndEvolveCustomer, foldCustomer } from '@setia/domain';
import type { CustomerCommand, CustomerEvent, ProgramEvent, ProgramVersion } from '@setia/domain';
import type { RecordedEvent } from '@setia/event-store';
import type { ReadDocument } from '@setia/read-store';
import { enrol, offer, purchase, returnGoods, sampleProgram } from '../../../domain/src/testing/fixtures';
import { projectInMemory } from '../project-events';
import type { ProgramDoc } from '../read-models';
import { COLLECTIONS } from '../read-models';
import type { OfferDayDoc } from './offers';
import { offersDashboard } from './offers';

describe('the offers dashboard', () => {
  it('per offer and per tier discount, and per local day: the purchases that applied it, what it took off and what they paid', () => {
    const events: RecordedEvent[] = [];
    const revisions = new Map<string, number>();
    const append = (streamName: string, event: CustomerEvent | ProgramEvent) => {
      const revision = (revisions.get(streamName) ?? -1) + 1;
      revisions.set(streamName, revision);
      events.push({ id: `e${events.length}`, type: event.type, data: event.data, metadata: { tenant: 'acme' }, streamName, revision, position: String(events.length + 1).padStart(20, '0'), recordedAt: new Date(0) });
    };
    const tiers = sampleProgram().tiers.map((tier) => (tier.name === 'Bronze' ? { ...tier, discountPercent: 5 } : tier));
    const program = sampleProgram({ tiers });
    append('program-acme', { type: 'ProgramConfigured', data: { program, configuredAt: '2026-05-01T00:00:00.000Z' } });
    append('program-acme', { type: 'OfferCreated', data: { offer: offer(), createdAt: '2026-05-02T00:00:00.000Z' } });
    const version: ProgramVersion = { revision: 1, rules: { ...program, offers: [{ ...offer(), createdAt: '2026-05-02T00:00:00.000Z' }] } };
    const ledgers = new Map<string, CustomerEvent[]>();
    const run = (customerId: string, command: CustomerCommand) => {
      const { events: decided } = decideAndEvolveCustomer(command, foldCustomer(ledgers.get(customerId) ?? []));
      ledgers.set(customerId, [...(ledgers.get(customerId) ?? []), ...decided]);
      for (const event of decided) append(`customer-acme-${customerId}`, event);
    };
    const lines = [{ sku: 'RICE', quantity: 1, unitPrice: 1_000_000 }];
    run('ayu', enrol({ customerId: 'ayu', program: version }));
    // 10% off, then the card's 5% of the 900,000 left: 855,000 paid. 16:30 UTC is the next local day in Jakarta.
    run('ayu', purchase({ customerId: 'ayu', receiptId: 'r-1', lines, total: 855_000, appliedOffers: ['june-10'], occurredAt: '2026-06-10T03:00:00.000Z', now: '2026-06-10T03:00:00.000Z', program: version }));
    run('ayu', purchase({ customerId: 'ayu', receiptId: 'r-2', lines, total: 950_000, occurredAt: '2026-06-10T17:00:00.000Z', now: '2026-06-10T17:00:00.000Z', program: version }));
    run('ayu', returnGoods({ customerId: 'ayu', returnId: 'rt-1', receiptId: 'r-1', amount: 100_000, occurredAt: '2026-06-12T03:00:00.000Z', now: '2026-06-12T03:00:00.000Z', program: version }));

    const projected = projectInMemory(events);
    const rows = [...(projected.get('offer_days') ?? new Map<string, ReadDocument>()).values()] as OfferDayDoc[];
    const programDoc = [...projected.get(COLLECTIONS.programs)!.values()][0] as ProgramDoc;
    expect(offersDashboard.answer(rows, { program: programDoc, now: '2026-06-15T00:00:00.000Z', rows: async () => [] })).toEqual({
      offers: [{ offerId: 'june-10', name: 'June 10% off', receipts: 1, discount: 100_000, spend: 855_000, days: [{ date: '2026-06-10', receipts: 1, discount: 100_000, spend: 855_000 }] }],
      tierDiscounts: [
        {
          tier: 'Bronze',
          receipts: 2,
          discount: 95_000,
          spend: 1_805_000,
          days: [
            { date: '2026-06-10', receipts: 1, discount: 45_000, spend: 855_000 },
            { date: '2026-06-11', receipts: 1, discount: 50_000, spend: 950_000 },
          ],
        },
      ],
    });
  });
});
