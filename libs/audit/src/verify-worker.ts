import { parentPort, workerData } from 'node:worker_threads';
import type { AuditScope } from './ledger-auditor';
import { LedgerAuditor } from './ledger-auditor';
import { inPartition } from './partition';
import type { EventStoreSpec } from './store-spec';
import { openExistingStore } from './store-spec';
// Not from verify-store: that loads the read store's client, which a worker never uses.
import { passOver } from './store-source';

/** One share of a parallel verify: the streams of partition `index` of `count`, and the program. */
export interface VerifyWorkerData {
  spec: EventStoreSpec;
  scope: AuditScope;
  index: number;
  count: number;
}

/** A worker reports its progress at most this often: a message per page of events was a visible share of its time. */
const PROGRESS_EVERY_MS = 100;

async function work({ spec, scope, index, count }: VerifyWorkerData): Promise<void> {
  const { store } = await openExistingStore(spec);
  try {
    const auditor = new LedgerAuditor(scope);
    const program = `program-${scope.tenant}`;
    const wants = (stream: string) => auditor.wants(stream) && (stream === program || inPartition(stream, index, count));
    let sentAt = 0;
    let latest: { events: number; fraction: number | null } | undefined;
    await passOver(store, scope, wants, (event) => auditor.add(event), (progress) => {
      latest = progress;
      const now = performance.now();
      if (now - sentAt < PROGRESS_EVERY_MS) return;
      sentAt = now;
      parentPort?.postMessage({ progress });
    });
    // The last progress, then the result: the main thread's total ends at every event.
    if (latest) parentPort?.postMessage({ progress: latest });
    parentPort?.postMessage({ result: auditor.finish() });
  } finally {
    await store.close();
  }
}

work(workerData as VerifyWorkerData).catch((error: Error) => parentPort?.postMessage({ error: error.message }));
