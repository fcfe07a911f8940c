import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventStore } from '@setia/event-store';
import type { ReadStoreEngine } from '@setia/read-store';
import type { Difference, Notice } from './difference';
import type { AuditResult, AuditScope } from './ledger-auditor';
import { byPlace, LedgerAuditor } from './ledger-auditor';
import { addBudgetSums, budgetDifferences } from './campaign-budget-check';
import { LedgerExportWriter } from './ledger-export';
import type { ExportManifest } from './ledger-export';
import type { ReplayLine } from './customer-ledger-check';
import { compareWithReadModel, readCustomerDocs } from './read-model-check';
import { passOver } from './store-source';
import { auditStore } from './audit-store';
import type { ProgressListener } from './store-source';
import type { EventStoreSpec } from './store-spec';
import { openExistingStore } from './store-spec';
import type { VerifyWorkerData } from './verify-worker';

export interface StoreVerification extends AuditResult {
  /** Customers whose read-model document was compared (null: no read store given). */
  readModelCompared: number | null;
}

/**
 * Verifies a tenant or one customer in a store: hash chains of every stream, ledgers replayed
 * with the program in force at each decision, and, with a read store, the customer documents.
 */
export async function verifyStore(
  store: EventStore,
  scope: AuditScope,
  options: { readStore?: ReadStoreEngine; onProgress?: ProgressListener; reports?: 'all' | 'totals' } = {},
): Promise<StoreVerification> {
  const reports = { keepReports: options.reports !== 'totals', keepCustomers: options.readStore !== undefined };
  return withReadModel(withBudgets(await auditStore(store, scope, () => true, reports, options.onProgress)), options.readStore);
}

/** A whole tenant's campaign budgets checked, once every stream was read (one customer's audit reads no budget). */
function withBudgets(result: AuditResult): AuditResult {
  if (result.scope.customerId !== undefined) return result;
  const differences = budgetDifferences(result.budgets, result.budgetLimits);
  return differences.length === 0 ? result : { ...result, differences: [...result.differences, ...differences].sort(byPlace) };
}

async function withReadModel(result: AuditResult, readStore: ReadStoreEngine | undefined): Promise<StoreVerification> {
  if (!readStore) return { ...result, readModelCompared: null };
  const { scope } = result;
  const docs = await readCustomerDocs(readStore, scope.tenant, scope.customerId);
  const comparison = compareWithReadModel(scope.tenant, result.customers, docs, { wholeTenant: scope.customerId === undefined });
  const differences: Difference[] = [...result.differences, ...comparison.differences].sort(byPlace);
  const notices: Notice[] = [...result.notices, ...comparison.notices];
  return { ...result, differences, notices, readModelCompared: comparison.compared };
}

/** The compiled worker; absent when running from TypeScript sources (the specs), then one thread does it all. */
const WORKER_FILE = join(__dirname, 'verify-worker.js');
/**
 * Young generation of a worker, in MB (V8's default is about 48). Read stream by stream, a
 * customer's state lives for the events of one stream, so nearly everything dies young: a small
 * generation suits it (the README's benchmarks give what 16, 32 and 192 did) and is less memory.
 */
const WORKER_YOUNG_GENERATION_MB = 32;

/**
 * verifyStore on several threads for a tenant: each worker opens its own connection to the store
 * described by `spec`, reads the streams of its share (each stream whole in one worker, the
 * program in all; the store skips the other rows before decoding them) and checks them. The
 * reports are merged.
 */
export async function verifyStoreInParallel(
  spec: EventStoreSpec,
  scope: AuditScope,
  options: { workers?: number; readStore?: ReadStoreEngine; onProgress?: ProgressListener } = {},
): Promise<StoreVerification> {
  const count = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  if (count === 1 || scope.customerId !== undefined || !existsSync(WORKER_FILE)) {
    const { store } = await openExistingStore(spec);
    try {
      return await verifyStore(store, scope, { ...options, reports: 'totals' });
    } finally {
      await store.close();
    }
  }
  const progress = Array.from({ length: count }, () => ({ events: 0, fraction: 0 as number | null }));
  const results = await Promise.all(
    progress.map(
      (share, index) =>
        new Promise<AuditResult>((resolve, reject) => {
          const worker = new Worker(WORKER_FILE, {
            workerData: { spec, scope, index, count, keepCustomers: options.readStore !== undefined } satisfies VerifyWorkerData,
            resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
          });
          worker.on('message', (message: { progress?: { events: number; fraction: number | null }; result?: AuditResult; error?: string }) => {
            if (message.progress) {
              Object.assign(share, message.progress);
              options.onProgress?.({
                events: progress.reduce((sum, p) => sum + p.events, 0),
                fraction: progress.some((p) => p.fraction === null) ? null : Math.min(...progress.map((p) => p.fraction as number)),
              });
            }
            if (message.result) resolve(message.result);
            if (message.error) reject(new Error(message.error));
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (code !== 0) reject(new Error(`verify worker ${index} stopped with exit code ${code}`));
          });
        }),
    ),
  );
  return withReadModel(withBudgets(mergeResults(scope, results)), options.readStore);
}

/** One report from the workers' reports; the program stream, which every worker read, counts once. */
function mergeResults(scope: AuditScope, results: AuditResult[]): AuditResult {
  const program = `program-${scope.tenant}`;
  const [first, ...others] = results;
  const notProgram = <T extends { stream?: string }>(items: T[]) => items.filter((item) => item.stream !== program);
  const programChain = first.chains.find((chain) => chain.stream === program);
  const programEvents = programChain?.events ?? 0;
  const programChained = programChain !== undefined && programChain.chainStartsAt !== null ? 1 : 0;
  const sum = (field: keyof AuditResult['totals']) => results.reduce((total, result) => total + result.totals[field], 0);
  const positions = results.flatMap((result) => [result.firstPosition, result.lastPosition]).filter((p): p is string => p !== null).sort();
  return {
    scope,
    events: results.reduce((sum, result) => sum + result.events, 0) - programEvents * others.length,
    streams: results.reduce((sum, result) => sum + result.streams, 0) - (programEvents > 0 ? others.length : 0),
    firstPosition: positions[0] ?? null,
    lastPosition: positions[positions.length - 1] ?? null,
    programRevisions: first.programRevisions,
    totals: { customers: sum('customers'), decisions: sum('decisions'), reproduced: sum('reproduced'), chained: sum('chained') - programChained * others.length },
    customers: results.flatMap((result) => result.customers),
    chains: [...first.chains, ...others.flatMap((result) => notProgram(result.chains))],
    differences: [...first.differences, ...others.flatMap((result) => notProgram(result.differences))].sort(byPlace),
    notices: [...first.notices, ...others.flatMap((result) => notProgram(result.notices))],
    budgets: addBudgetSums(results.map((result) => result.budgets)),
    budgetLimits: first.budgetLimits,
  };
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
  await passOver(store, scope, (stream) => writer.wants(stream), (event) => writer.add(event), onProgress, true);
  return writer.finish();
}
