import type { EventToAppend } from '@setia/event-store';

let counter = 0;
/** A purchase-sized event (about 300 bytes of JSON data) with a fresh id, for the store and relay benchmarks. */
export function purchaseEvent(): EventToAppend {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    type: 'PurchaseRecorded',
    data: {
      receiptId: `R-${counter}`,
      storeId: 'JKT-01',
      occurredAt: '2026-11-20T12:30:00.000Z',
      currency: 'IDR',
      total: 1_250_000,
      lines: [
        { sku: 'KOPI-SUSU', category: 'drinks', quantity: 2, unitPrice: 350_000 },
        { sku: 'ROTI-BAKAR', category: 'food', quantity: 1, unitPrice: 550_000 },
      ],
      programRevision: 3,
    },
    metadata: { tenant: 'bench', commandId: `purchase:R-${counter}`, correlationId: 'c0ffee00-0000-4000-8000-000000000000', schemaVersion: 1 },
  };
}
