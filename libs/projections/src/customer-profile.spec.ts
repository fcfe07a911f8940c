import { instantOf, qualifyingWindowStart } from '@setia/domain';
import type { CustomerEvent } from '@setia/domain';
import { emptyCustomerDoc, evolveCustomerDoc } from './customer-profile';
import type { CustomerDoc, ReceiptSpend } from './read-models';

const zoneOf = () => 'Asia/Jakarta';
const DAY_MS = 86_400_000;

/** A deterministic sequence of numbers in [0, 1) from a seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const purchase = (receiptId: string, occurredAt: string, total: number) =>
  ({ type: 'PurchaseRecorded', data: { receiptId, storeId: 'S1', occurredAt, currency: 'IDR', total, lines: [], programRevision: 0 } }) as unknown as CustomerEvent;
const returned = (receiptId: string, occurredAt: string, amount: number) =>
  ({ type: 'ReturnRecorded', data: { returnId: `R-${receiptId}-${occurredAt}`, receiptId, storeId: 'S1', occurredAt, amount, programRevision: 0 } }) as unknown as CustomerEvent;

describe('the customer document: receipts of the last 12 months and their qualifying spend', () => {
  // The document as the fold defines it: the receipts kept before, with the event's change, less
  // those no longer after the start of the 12 months up to the latest purchase (or a later return);
  // the qualifying spend of those dated in the window, read from every receipt each time.
  function expected(kept: ReceiptSpend[], lastPurchaseAt: string | null, event: CustomerEvent): { kept: ReceiptSpend[]; spend: number } {
    const { occurredAt } = event.data as { occurredAt: string };
    const at = lastPurchaseAt === null || instantOf(occurredAt) > instantOf(lastPurchaseAt) ? occurredAt : lastPurchaseAt;
    const from = qualifyingWindowStart(at);
    const changed =
      event.type === 'PurchaseRecorded'
        ? [...kept, { receiptId: event.data.receiptId, occurredAt: event.data.occurredAt, total: event.data.total, returned: 0 }]
        : event.type === 'ReturnRecorded'
          ? kept.map((receipt) => (receipt.receiptId === event.data.receiptId ? { ...receipt, returned: receipt.returned + event.data.amount } : receipt))
          : kept;
    const inWindow = changed.filter((receipt) => instantOf(receipt.occurredAt) > from);
    const spend = inWindow.filter((receipt) => instantOf(receipt.occurredAt) <= instantOf(at)).reduce((sum, receipt) => sum + receipt.total - receipt.returned, 0);
    return { kept: inWindow, spend };
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('agrees with the definition over 400 purchases and returns, some late, the document read again now and then (seed %i)', (seed) => {
    const next = random(seed);
    let doc: CustomerDoc = emptyCustomerDoc('acme', 'c1');
    let now = Date.parse('2025-01-01T00:00:00.000Z');
    const receiptIds: string[] = [];
    for (let step = 0; step < 400; step++) {
      now += Math.floor(next() * 20 * DAY_MS);
      let event: CustomerEvent;
      if (receiptIds.length > 0 && next() < 0.2) {
        // A return of any receipt the customer had, within the window or long out of it.
        event = returned(receiptIds[Math.floor(next() * receiptIds.length)], new Date(now).toISOString(), 1 + Math.floor(next() * 5_000));
      } else {
        // Now and then a till sends a receipt days or months late, or at an offset.
        const late = next() < 0.15 ? Math.floor(next() * 500 * DAY_MS) : 0;
        const at = new Date(now - late);
        const occurredAt = next() < 0.1 ? `${new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00` : at.toISOString();
        const receiptId = `P${step}`;
        receiptIds.push(receiptId);
        event = purchase(receiptId, occurredAt, 10_000 + Math.floor(next() * 90_000));
      }
      const want = expected(doc.recentReceipts, doc.lastPurchaseAt, event);
      doc = evolveCustomerDoc(doc, event, zoneOf);
      expect(doc.recentReceipts).toEqual(want.kept);
      expect(doc.qualifyingSpend).toBe(want.spend);
      // A document read from the store again: its lists are new objects.
      if (next() < 0.1) doc = JSON.parse(JSON.stringify(doc)) as CustomerDoc;
    }
  });
});
