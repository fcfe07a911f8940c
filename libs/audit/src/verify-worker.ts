import { parentPort, workerData } from 'node:worker_threads';
import type { AuditScope } from './ledger-auditor';
import { LedgerAuditor } from './ledger-auditor';
import { inPartition } from './partition';
import type { EventStoreSpec } from './store-spec';
import { openStoreForAudit } from './store-spec';
// Not from verify-store: that loads the read store's client, which a worker never uses.
import { passOver } from './store-source';

/** One share of a parallel verify: the streams of partition `index` of `count`, and the program. */
export interface VerifyWorkerData {
  spec: EventStoreSpec;
  scope: AuditScope;
  index: number;
  count: number;
}

async function work({ spec, scope, index, count }: VerifyWorkerData): Promise<void> {
  const { store } = await openStoreForAudit(spec);
  try {
    const auditor = new LedgerAuditor(scope);
    const program = `program-${scope.tenant}`;
    const wants = (stream: string) => auditor.wants(stream) && (stream === program || inPartition(stream, index, count));
    await passOver(store, scope, wants, (event) => auditor.add(event), (progress) => parentPort?.postMessage({ progress }));
    parentPort?.postMessage({ result: auditor.finish() });
  } finally {
    await store.close();
  }
}

work(workerData as VerifyWorkerData).catch((error: Error) => parentPort?.postMessage({ error: error.message }));
