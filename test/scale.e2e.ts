import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyStoreInParallel } from '@setia/audit';
import { customerStream, evolveCustomer, initialCustomerState } from '@setia/domain';
import type { CustomerEvent } from '@setia/domain';
import { SqliteEventStore } from '@setia/event-store';
import { memberId, SCALE_TENANT } from '../bench/scale/histories';
import { buildWorld, call, startApi } from '../bench/scale/world';
import type { RunningApi, World } from '../bench/scale/world';
import { buildEntryPoints } from './support/entry-points';

/**
 * The scale bench's world at CI size: members with a year of history each, decided by the real
 * decider and written through the adapter's append; then purchases spread over all of them through
 * the API. What the API answers must be what a replay of each stream says, and the ledger must
 * verify. (The figures of speed are the bench's, npm run bench:scale; here only the results.)
 */
const MEMBERS = Number(process.env.SETIA_SCALE_TEST_MEMBERS ?? 20_000);
const PURCHASES = 2_000;

describe(`scale world (${MEMBERS.toLocaleString('en')} members)`, () => {
  let dir: string;
  let world: World;
  let api: RunningApi | undefined;
  const launch = () => ({ entry: join(buildEntryPoints(), 'apps/api/src/main.js'), env: { NODE_PATH: join(__dirname, '../node_modules') } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'setia-scale-'));
    world = await buildWorld(dir, { members: MEMBERS, seed: 7, api: launch() });
  }, 600_000);

  afterAll(async () => {
    await api?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes about 25 events a member, with every command the decider takes', () => {
    expect(world.events / MEMBERS).toBeGreaterThan(20);
    expect(world.events / MEMBERS).toBeLessThan(32);
    expect(world.refused).toBe(0);
  });

  it('answers balances equal to a replay of the streams after purchases spread over all members, and the ledger verifies', async () => {
    api = await startApi(dir, launch());
    const occurredAt = new Date(Date.now() - 60_000).toISOString();
    const buyers = Array.from({ length: PURCHASES }, (_, i) => (i * 7919) % MEMBERS);
    const answered = new Map<string, number>();
    for (let i = 0; i < PURCHASES; i += 50) {
      await Promise.all(
        buyers.slice(i, i + 50).map(async (n, j) => {
          const total = 100_000 + ((i + j) % 20) * 25_000;
          const answer = await call(api!.base, `/v1/tenants/${SCALE_TENANT}/purchases`, world.pos, {
            receiptId: `CI-${i + j}`, storeId: 'JKT-01', customerId: memberId(n), occurredAt, currency: 'IDR', total, lines: [{ sku: 'SKU-1', quantity: 1, unitPrice: total }],
          });
          expect(answer.customerId).toBe(memberId(n));
        }),
      );
    }
    // The API's answers for a sample of the buyers, and for members who bought nothing now.
    const sample = [...new Set([...buyers.slice(0, 300), 1, 2, MEMBERS - 1])];
    for (const n of sample) answered.set(memberId(n), (await call(api.base, `/v1/tenants/${SCALE_TENANT}/customers/${memberId(n)}/summary`, world.admin)).points);
    await api.stop();
    api = undefined;

    const store = new SqliteEventStore(join(dir, 'events.sqlite'));
    try {
      for (const [customerId, points] of answered) {
        const events = await store.readStream(customerStream(SCALE_TENANT, customerId));
        const replayed = events.reduce((state, event) => evolveCustomer(state, { type: event.type, data: event.data } as CustomerEvent), initialCustomerState());
        expect({ customerId, points }).toEqual({ customerId, points: replayed.points });
      }
      // Every buyer's purchase is in their stream.
      const last = await store.readStream(customerStream(SCALE_TENANT, memberId(buyers[PURCHASES - 1])), { direction: 'backwards', maxCount: 5 });
      expect(last.map((event) => event.metadata.commandId)).toContain(`purchase:CI-${PURCHASES - 1}`);
    } finally {
      await store.close();
    }
    const verified = await verifyStoreInParallel({ kind: 'sqlite', file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' }, { tenant: SCALE_TENANT });
    expect(verified.differences).toEqual([]);
    // Counted, not kept: a tenant's verify keeps no report per member (its memory does not grow with them).
    expect(verified.totals.customers).toBe(MEMBERS);
    expect(verified.totals.reproduced).toBe(verified.totals.decisions);
  }, 600_000);
});
