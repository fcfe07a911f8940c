import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { EsdbCheckpointStore, EsdbEventStore, SqliteEventStore } from '@setia/event-store';
import type { CheckpointStore } from '@setia/event-store';
import { FakeKurrentDbServer } from '../../../test/support/fake-kurrentdb-server';
import { ClaimRepair } from './claim-repair.process-manager';
import type { Claim } from './claims';
import { ClaimRegistry } from './claims';
import { envelope } from './envelope';

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('claim repair: claims left without their events on a store writing stream by stream are finished or released, with no request for them', () => {
  let server: FakeKurrentDbServer;
  let store: EsdbEventStore;
  let claims: ClaimRegistry;
  let repair: ClaimRepair;
  const logged: string[] = [];
  beforeEach(async () => {
    server = await FakeKurrentDbServer.start({ version: '24.10.4' });
    store = await EsdbEventStore.connect(server.url(), { retryDelayMs: 10 });
    claims = new ClaimRegistry(store);
    repair = new ClaimRepair(store, new EsdbCheckpointStore(store.client), claims);
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void logged.push(String(message)));
  });
  afterEach(async () => {
    await repair.onApplicationShutdown();
    jest.restoreAllMocks();
    logged.splice(0);
    await store.close();
    await server.stop();
  });

  const receipt = (id: string): Claim => ({ kind: 'receipt', id, field: 'receiptId', customerId: 'ayu', request: { total: 100_000 } });
  /** What a crash between the two writes leaves: the claim, carrying its purchase, and no purchase. */
  const claimWithoutItsPurchase = async (id: string, expectedRevision: number | 'no_stream' = 'no_stream') => {
    const purchase = { streamName: 'customer-toko-ayu', events: envelope([{ type: 'PurchaseRecorded', data: { receiptId: id } }], `purchase:${id}`, { tenant: 'toko' }), expectedRevision };
    const claimAppend = claims.claimAppend('toko', receipt(id), undefined, purchase);
    await store.appendToStream(claimAppend.streamName, claimAppend.events, { expectedRevision: 'no_stream' });
  };
  const purchases = () => server.events('customer-toko-ayu').map((event) => JSON.parse(event.data.toString()) as { receiptId: string });

  it('finishes the claimed purchase once the claim is older than the grace period, and releases one that can no longer be written', async () => {
    await claimWithoutItsPurchase('R-1');
    await claimWithoutItsPurchase('R-2'); // decided on the same ledger: once R-1 is in, it can never be written
    repair.graceMs = 300;
    await repair.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Within the grace period, the claims are left to the requests that made them.
    expect(purchases()).toEqual([]);
    // The release is logged once the server has answered its append, a moment after the server holds it.
    await waitFor(() => server.events('claim-toko-receipt-R-2').length === 2 && logged.length === 2);
    expect(purchases()).toEqual([{ receiptId: 'R-1' }]);
    expect(server.events('claim-toko-receipt-R-2').map((event) => event.type)).toEqual(['IdClaimed', 'IdReleased']);
    expect(logged).toEqual([
      "claim-toko-receipt-R-1: its claim's events were not written; now they are",
      "claim-toko-receipt-R-2: its claim's events can no longer be written; the id is released",
    ]);
  });

  it('resumes from its checkpoint: a claim repaired before a restart is not looked at again, a new one is', async () => {
    repair.graceMs = 0;
    await claimWithoutItsPurchase('R-3');
    await repair.onApplicationBootstrap();
    await waitFor(() => purchases().length === 1);
    await repair.onApplicationShutdown();
    const again = new ClaimRepair(store, new EsdbCheckpointStore(store.client), claims);
    again.graceMs = 0;
    const finish = jest.spyOn(claims, 'finishPending');
    await again.onApplicationBootstrap();
    await claimWithoutItsPurchase('R-4', 0);
    await waitFor(() => purchases().length === 2);
    expect(finish.mock.calls).toEqual([['claim-toko-receipt-R-4', 0]]);
    await again.onApplicationShutdown();
  });

  it('stopped while waiting out a claim\'s grace period, it stops at once', async () => {
    repair.graceMs = 60_000;
    await claimWithoutItsPurchase('R-5');
    await repair.onApplicationBootstrap();
    // The claim is delivered at once, and waited on.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    await repair.onApplicationShutdown();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(purchases()).toEqual([]);
  });
});

describe('claim repair on a store that writes all or none', () => {
  it('does not subscribe: no such claim is written there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'setia-claim-repair-'));
    const store = new SqliteEventStore(join(dir, 'events.sqlite'));
    let loads = 0;
    const checkpoints: CheckpointStore = { load: async () => void (loads += 1), save: async () => undefined };
    const repair = new ClaimRepair(store, checkpoints, new ClaimRegistry(store));
    await repair.onApplicationBootstrap();
    expect(loads).toBe(0);
    await repair.onApplicationShutdown();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
