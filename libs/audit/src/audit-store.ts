import type { EventStore } from '@setia/event-store';
import type { AuditResult, AuditScope } from './ledger-auditor';
import { LedgerAuditor } from './ledger-auditor';
import type { ProgressListener } from './store-source';
import { passOver, passOverInStreamOrder } from './store-source';
import type { StreamAuditOptions } from './stream-auditor';
import { StreamByStreamAuditor } from './stream-auditor';

/**
 * The audit of a scope's streams that `share` accepts (and the program). A tenant in a store that
 * reads stream by stream is checked so (StreamByStreamAuditor: memory bounded whatever the number
 * of members); one customer, or a tenant elsewhere (EventStoreDB), in the store's order
 * (LedgerAuditor: every stream's check kept until the end).
 */
export async function auditStore(
  store: EventStore,
  scope: AuditScope,
  share: (stream: string) => boolean,
  reports: StreamAuditOptions,
  onProgress?: ProgressListener,
): Promise<AuditResult> {
  if (scope.customerId === undefined && store.readInStreamOrder) {
    const auditor = new StreamByStreamAuditor(scope.tenant, reports);
    const wants = (stream: string) => auditor.wants(stream) && share(stream);
    await passOverInStreamOrder(store, scope.tenant, wants, (event) => auditor.addProgram(event), (event) => auditor.add(event), onProgress);
    return auditor.finish();
  }
  const auditor = new LedgerAuditor(scope);
  const program = `program-${scope.tenant}`;
  const wants = (stream: string) => auditor.wants(stream) && (stream === program || share(stream));
  await passOver(store, scope, wants, (event) => auditor.add(event), onProgress);
  return auditor.finish();
}

