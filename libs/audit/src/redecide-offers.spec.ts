import { decideCustomer, foldCustomer } from '@setia/domain';
import type { CustomerEvent, Offer } from '@setia/domain';
import { enrolled, purchase, returnGoods, sampleProgram } from '../../domain/src/testing/fixtures';
import type { AuditEvent } from './audit-event';
import { ProgramHistory } from './program-history';
import { redecide } from './redecide';

const offer: Offer = { offerId: 'kopi-3', name: 'Kopi 3 for 70,000', from: '2026-06-01', to: '2026-06-30', kind: 'bundle', sku: 'KOPI', quantity: 3, price: 70_000, limitPerMember: 1 };
const lines = [{ sku: 'KOPI', quantity: 4, unitPrice: 25_000 }];

const at = (stream: string, revision: number, position: number, event: { type: string; data: unknown }): AuditEvent => ({
  stream,
  revision,
  position: String(position),
  id: `${stream}/${revision}`,
  metadata: {} as AuditEvent['metadata'],
  ...event,
});

describe('replaying a purchase that applied offers', () => {
  const programs = new ProgramHistory();
  programs.add(at('program-kopi', 0, 1, { type: 'ProgramConfigured', data: { program: sampleProgram(), configuredAt: '2026-05-01T00:00:00.000Z' } }));
  programs.add(at('program-kopi', 1, 2, { type: 'OfferCreated', data: { offer, createdAt: '2026-05-02T00:00:00.000Z' } }));
  const version = programs.atRevision(1)!;
  const before = foldCustomer([enrolled()]);
  const recorded = decideCustomer(purchase({ lines, total: 95_000, appliedOffers: ['kopi-3'], program: version }), before);
  const decision = (events: CustomerEvent[]) => ({ commandId: 'purchase:r-1', events: events.map((event, i) => at('customer-kopi-cust-1', 1 + i, 10 + i, event)) });

  it('decides the same offers and discounts again under the revision it names', () => {
    expect(recorded[0]).toMatchObject({ type: 'PurchaseRecorded', data: { appliedOffers: [{ offerId: 'kopi-3', discount: 5_000 }], programRevision: 1 } });
    expect(redecide('cust-1', decision(recorded), before, programs)).toEqual({ programRevision: 1 });
  });

  it('names a purchase whose recorded discount the offer does not give', () => {
    const altered = structuredClone(recorded);
    (altered[0].data as { appliedOffers: Array<{ discount: number }> }).appliedOffers[0].discount = 15_000;
    expect(redecide('cust-1', decision(altered), before, programs).difference).toMatchObject({ kind: 'decision-mismatch' });
  });
});

describe('replaying a return by lines of goods an offer priced', () => {
  const programs = new ProgramHistory();
  programs.add(at('program-kopi', 0, 1, { type: 'ProgramConfigured', data: { program: sampleProgram(), configuredAt: '2026-05-01T00:00:00.000Z' } }));
  programs.add(at('program-kopi', 1, 2, { type: 'OfferCreated', data: { offer, createdAt: '2026-05-02T00:00:00.000Z' } }));
  const version = programs.atRevision(1)!;
  const bought = [enrolled(), ...decideCustomer(purchase({ lines, total: 95_000, appliedOffers: ['kopi-3'], program: version }), foldCustomer([enrolled()]))];
  const before = foldCustomer(bought);
  const recorded = decideCustomer(returnGoods({ amount: undefined, lines: [{ sku: 'KOPI', quantity: 2 }], program: version }), before);
  const decision = (events: CustomerEvent[]) => ({ commandId: 'return:ret-1', events: events.map((event, i) => at('customer-kopi-cust-1', 3 + i, 20 + i, event)) });

  it('decides the same goods, refund and points again: two of the set back leave two kopi at their shelf price', () => {
    expect(recorded[0]).toMatchObject({ type: 'ReturnRecorded', data: { amount: 45_000, lines: [{ line: 0, sku: 'KOPI', quantity: 2 }], programRevision: 1 } });
    expect(redecide('cust-1', decision(recorded), before, programs)).toEqual({ programRevision: 1 });
  });

  it('names a return whose recorded refund its goods do not give', () => {
    const altered = structuredClone(recorded);
    (altered[0].data as { amount: number }).amount = 47_500;
    expect(redecide('cust-1', decision(altered), before, programs).difference).toMatchObject({ kind: 'decision-mismatch' });
  });
});
