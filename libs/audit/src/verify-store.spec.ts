import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@setia/event-store';
import { generateLedger } from '../../../bench/ledger-generator';
import { verifyStore } from './verify-store';

describe("a tenant's verify on the embedded store", () => {
  let dir: string;
  let store: SqliteEventStore;
  const written = new Map<string, number>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'setia-verify-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
    // Written at the same time, so the tenants' events interleave; one tenant's name starts with the other's.
    await Promise.all(
      ['kopi', 'kopi2'].map(async (tenant, seed) => written.set(tenant, await generateLedger(store, { tenant, customers: 30, events: 2_500, seed }))),
    );
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("checks every event of the tenant's streams and none of another tenant's", async () => {
    for (const tenant of ['kopi', 'kopi2']) {
      const result = await verifyStore(store, { tenant });
      expect(result.differences).toEqual([]);
      expect(result.events).toBe(written.get(tenant));
      expect(result.chains.every((chain) => chain.stream === `program-${tenant}` || chain.stream.startsWith(`customer-${tenant}-`))).toBe(true);
      expect(result.customers.reduce((sum, customer) => sum + customer.events, 0)).toBe((written.get(tenant) ?? 0) - result.programRevisions);
    }
  });

  it("reports progress up to the whole store, though a tenant's streams end before the store does", async () => {
    await store.appendToStream('customer-teh-late', [{ id: 'e0f5c1de-0000-4000-8000-000000000001', type: 'Other', data: {}, metadata: { tenant: 'teh' } }]);
    for (const tenant of ['kopi', 'kopi2']) {
      const reports: Array<{ events: number; fraction: number | null }> = [];
      await verifyStore(store, { tenant }, { onProgress: (progress) => reports.push(progress) });
      expect(reports.at(-1)).toEqual({ events: written.get(tenant), fraction: 1 });
    }
  });
});
