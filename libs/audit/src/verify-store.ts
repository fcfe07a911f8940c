import type { EventStore } from '@setia/event-store';
import type { ReadStoreEngine } from '@setia/read-store';
import type { AuditEvent } from './audit-event';
import type { Difference, Notice } from './difference';
import type { AuditResult, AuditScope } from './ledger-auditor';
import { byPlace, LedgerAuditor } from './ledger-auditor';
import { LedgerExportWriter } from './ledger-export';
import type { ExportManifest } from './ledger-export';
import type { ReplayLine } from './customer-ledger-check';
import { compareWithReadModel, readCustomerDocs } from './read-model-check';
import { lastStorePosition, positionNumber, readScope } from './store-source';

/** How far a pass has come: events handled, and the share of the store read (0–1) when known. */
export type ProgressListener = (progress: { events: number; fraction: number | null }) => void;

export interface StoreVerification extends AuditResult {
  /** Customers whose read-model document was compared (null: no read store given). */
  readModelCompared: number | null;
}

async function passOver(
  store: EventStore,
  scope: AuditScope,
  wants: (stream: string) => boolean,
  add: (event: AuditEvent) => void,
  onProgress?: ProgressListener,
): Promise<void> {
  const last = scope.customerId === undefined && onProgress ? positionNumber(await lastStorePosition(store)) : 0;
  let events = 0;
  for await (const batch of readScope(store, scope, wants)) {
    for (const event of batch.events) add(event);
    events += batch.events.length;
    onProgress?.({ events, fraction: last > 0 ? Math.min(1, positionNumber(batch.position) / last) : null });
  }
}

/**
 * Verifies a tenant or one customer in a store: hash chains of every stream, ledgers replayed
 * with the program in force at each decision, and, with a read store, the customer documents.
 */
export async function verifyStore(
  store: EventStore,
  scope: AuditScope,
  options: { readStore?: ReadStoreEngine; onProgress?: ProgressListener } = {},
): Promise<StoreVerification> {
  const auditor = new LedgerAuditor(scope);
  await passOver(store, scope, (stream) => auditor.wants(stream), (event) => auditor.add(event), options.onProgress);
  const result = auditor.finish();
  if (!options.readStore) return { ...result, readModelCompared: null };
  const docs = await readCustomerDocs(options.readStore, scope.tenant, scope.customerId);
  const comparison = compareWithReadModel(scope.tenant, result.customers, docs, { wholeTenant: scope.customerId === undefined });
  const differences: Difference[] = [...result.differences, ...comparison.differences].sort(byPlace);
  const notices: Notice[] = [...result.notices, ...comparison.notices];
  return { ...result, differences, notices, readModelCompared: comparison.compared };
}

export interface CustomerReplay {
  lines: ReplayLine[];
  audit: AuditResult;
}

/** One customer's ledger from the first event: each event with the balance, tier and program revision. */
export async function replayCustomer(store: EventStore, tenant: string, customerId: string): Promise<CustomerReplay> {
  const scope = { tenant, customerId };
  const auditor = new LedgerAuditor(scope, { keepReplayLines: true });
  await passOver(store, scope, (stream) => auditor.wants(stream), (event) => auditor.add(event));
  const stream = `customer-${tenant}-${customerId}`;
  const lines = auditor.customer(stream)?.lines ?? [];
  return { lines, audit: auditor.finish() };
}

/** Exports a tenant or one customer from a store into a directory (see LedgerExportWriter). */
export async function exportFromStore(
  store: EventStore,
  scope: AuditScope,
  dir: string,
  source: string,
  onProgress?: ProgressListener,
): Promise<{ manifest: ExportManifest; audit: AuditResult }> {
  const writer = new LedgerExportWriter(dir, scope, source);
  await passOver(store, scope, (stream) => writer.wants(stream), (event) => writer.add(event), onProgress);
  return writer.finish();
}
