import { parentPort, workerData } from 'node:worker_threads';
import type { AuditScope } from './ledger-auditor';
import { inPartition } from './partition';
import type { EventStoreSpec } from './store-spec';
import { openExistingStore } from './store-spec';
// Not verifyStore: that loads the read store's client, which a worker never uses.
import { auditStore } from './audit-store';

/** One share of a parallel verify: the streams of partition `index` of `count`, and the program. */
export interface VerifyWorkerData {
  spec: EventStoreSpec;
  scope: AuditScope;
  index: number;
  count: number;
  /** Keep every customer's audit, for the comparison with the read models. */
  keepCustomers: boolean;
}

/** A worker reports its progress at most this often: a message per page of events was a visible share of its time. */
const PROGRESS_EVERY_MS = 100;

async function work({ spec, scope, index, count, keepCustomers }: VerifyWorkerData): Promise<void> {
  const { store } = await openExistingStore(spec);
  try {
    let sentAt = 0;
    let latest: { events: number; fraction: number | null } | undefined;
    const result = await auditStore(store, scope, (stream) => inPartition(stream, index, count), { keepCustomers }, (progress) => {
      latest = progress;
      const now = performance.now();
      if (now - sentAt < PROGRESS_EVERY_MS) return;
      sentAt = now;
      parentPort?.postMessage({ progress });
    });
    // The last progress, then the result: the main thread's total ends at every event.
    if (latest) parentPort?.postMessage({ progress: latest });
    parentPort?.postMessage({ result });
  } finally {
    await store.close();
  }
}

work(workerData as VerifyWorkerData).catch((error: Error) => parentPort?.postMessage({ error: error.message }));
