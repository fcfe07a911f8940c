import { COLLECTIONS, customerDocId } from '@setia/projections';
import type { ReadDocument, ReadStoreEngine } from '@setia/read-store';
import type { CustomerAudit } from './customer-ledger-check';
import type { Difference, Notice } from './difference';

/** Fields of the customer read model that the ledger alone determines. */
export const COMPARED_FIELDS = ['points', 'tier', 'stage', 'purchaseCount', 'lifetimeEarned'] as const;

/**
 * Compares customer read-model documents with the customers recomputed from their ledgers. A
 * document behind the ledger (the projector has not reached the stream's last event) is a
 * notice, not a difference; one at or past it must agree field by field.
 */
export function compareWithReadModel(
  tenant: string,
  customers: readonly CustomerAudit[],
  docs: ReadonlyMap<string, ReadDocument>,
  options: { wholeTenant: boolean },
): { differences: Difference[]; notices: Notice[]; compared: number } {
  const differences: Difference[] = [];
  const notices: Notice[] = [];
  let compared = 0;
  const seen = new Set<string>();
  for (const customer of customers) {
    const id = customerDocId(tenant, customer.customerId);
    seen.add(id);
    const doc = docs.get(id);
    if (!doc) {
      differences.push({ kind: 'read-model-missing', stream: customer.stream, message: `the read model has no customer document ${id}` });
      continue;
    }
    if (customer.lastPosition !== null && doc._position < customer.lastPosition) {
      notices.push({
        stream: customer.stream,
        message: `the read model is behind this ledger (document at position ${doc._position || 'none'}, ledger at ${customer.lastPosition}); not compared`,
      });
      continue;
    }
    compared += 1;
    for (const field of COMPARED_FIELDS) {
      if (doc[field] === customer[field]) continue;
      differences.push({
        kind: 'read-model-mismatch',
        stream: customer.stream,
        message: `read model ${field} is ${JSON.stringify(doc[field])}, the ledger gives ${JSON.stringify(customer[field])}`,
      });
    }
  }
  if (options.wholeTenant) {
    for (const [id, doc] of docs) {
      if (seen.has(id)) continue;
      differences.push({
        kind: 'read-model-mismatch',
        stream: `customer-${tenant}-${String(doc.customerId ?? id)}`,
        message: `the read model has customer document ${id}, but no such ledger exists`,
      });
    }
  }
  return { differences, notices, compared };
}

/** The customer documents of a tenant (or of one customer) in the active generation. */
export async function readCustomerDocs(
  engine: ReadStoreEngine,
  tenant: string,
  customerId?: string,
): Promise<Map<string, ReadDocument>> {
  const store = engine.generation(await engine.activeGeneration());
  const docs = new Map<string, ReadDocument>();
  if (customerId !== undefined) {
    const doc = await store.get(COLLECTIONS.customers, customerDocId(tenant, customerId));
    if (doc) docs.set(doc._id, doc);
    return docs;
  }
  const PAGE = 5000;
  let after: { values: []; id: string } | undefined;
  for (;;) {
    const page = await store.find(COLLECTIONS.customers, { tenant }, { limit: PAGE, ...(after && { after }) });
    for (const doc of page) docs.set(doc._id, doc);
    if (page.length < PAGE) return docs;
    after = { values: [], id: page[page.length - 1]._id };
  }
}
