import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, claimStream, IdAlreadyUsed, matchesChainHash, storedHash } from '@setia/domain';
import { EsdbEventStore, SqliteEventStore } from '@setia/event-store';
import { FakeKurrentDbServer } from '../../../test/support/fake-kurrentdb-server';
import type { Claim } from './claims';
import { ClaimRegistry } from './claims';
import { envelope } from './envelope';

describe('claims of ids unique within a tenant', () => {
  const dir = mkdtempSync(join(tmpdir(), 'setia-claims-'));
  const store = new SqliteEventStore(join(dir, 'events.sqlite'));
  const claims = new ClaimRegistry(store);
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const receipt = (id: string, total: number, customerId = 'c-1'): Claim => ({ kind: 'receipt', id, field: 'receiptId', customerId, request: { storeId: 'S1', total, lines: [{ sku: 'KOPI', quantity: 1 }] } });

  it('accepts the same request again, and refuses the id with other details or for another customer', async () => {
    await claims.claim('toko', receipt('R-1', 50_000));
    await expect(claims.claim('toko', receipt('R-1', 50_000))).resolves.toBeUndefined();
    await expect(claims.claim('toko', receipt('R-1', 50_001))).rejects.toThrow(IdAlreadyUsed);
    await expect(claims.claim('toko', receipt('R-1', 50_000, 'c-2'))).rejects.toThrow(IdAlreadyUsed);
    expect(await store.readStream(claimStream('toko', 'receipt', 'R-1'))).toHaveLength(1);
  });

  it('records a fixed-size fingerprint, whatever the size of the request', async () => {
    const long = receipt('R-2', 50_000);
    (long.request as { lines: unknown[] }).lines = Array.from({ length: 200 }, (_, n) => ({ sku: `SKU-${n}`, quantity: 1 }));
    await claims.claim('toko', long);
    expect((await claims.lookup('toko', 'receipt', 'R-2'))?.fingerprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('recognises a claim recorded with the request text as its fingerprint, as earlier versions did', async () => {
    const old = receipt('R-3', 70_000);
    const fingerprint = canonicalJson({ customerId: old.customerId, request: old.request });
    await store.appendToStream(claimStream('toko', 'receipt', 'R-3'), envelope([{ type: 'IdClaimed', data: { customerId: 'c-1', fingerprint } }], 'claim:receipt:R-3', { tenant: 'toko' }));
    await expect(claims.claim('toko', receipt('R-3', 70_000))).resolves.toBeUndefined();
    await expect(claims.claim('toko', receipt('R-3', 70_001))).rejects.toThrow(IdAlreadyUsed);
  });
});

describe('claims on a store that writes stream by stream: a claim left without its events is finished or released by whoever meets it', () => {
  let server: FakeKurrentDbServer;
  let store: EsdbEventStore;
  let claims: ClaimRegistry;
  beforeEach(async () => {
    server = await FakeKurrentDbServer.start({ version: '24.10.4' });
    store = await EsdbEventStore.connect(server.url(), { retryDelayMs: 10 });
    claims = new ClaimRegistry(store);
  });
  afterEach(async () => {
    await store.close();
    await server.stop();
  });

  const receipt = (customerId: string, total: number): Claim => ({ kind: 'receipt', id: 'R-7', field: 'receiptId', customerId, request: { total } });
  const purchaseOf = (customerId: string, total: number, expectedRevision: number | 'no_stream' = 'no_stream') => ({
    streamName: `customer-toko-${customerId}`,
    events: envelope([{ type: 'PurchaseRecorded', data: { receiptId: 'R-7', total } }], 'purchase:R-7', { tenant: 'toko' }),
    expectedRevision,
  });
  /** What a crash between the two writes leaves: the claim, carrying its purchase, and no purchase. */
  const claimWithoutItsPurchase = async (customerId: string, total: number) => {
    const claimAppend = claims.claimAppend('toko', receipt(customerId, total), undefined, purchaseOf(customerId, total));
    await store.appendToStream(claimAppend.streamName, claimAppend.events, { expectedRevision: claimAppend.expectedRevision });
  };
  const types = (stream: string) => server.events(stream).map((event) => event.type);

  it('another request for the id finishes the claimed purchase where it was decided, and is refused: the id is used', async () => {
    await claimWithoutItsPurchase('ayu', 100_000);
    await expect(claims.claim('toko', receipt('budi', 250_000))).rejects.toThrow(new IdAlreadyUsed('receiptId', 'R-7'));
    expect((await store.readStream('customer-toko-ayu')).map((e) => e.data)).toEqual([{ receiptId: 'R-7', total: 100_000 }]);
    expect(types('claim-toko-receipt-R-7')).toEqual(['IdClaimed']);
    // Met again, it is finished already: a repeat, nothing written.
    await expect(claims.confirm('toko', receipt('budi', 250_000))).rejects.toThrow(IdAlreadyUsed);
    expect(server.log).toHaveLength(2);
  });

  it('once the customer ledger has moved on without the claimed events they can never be written: the id is released and claimed by the next request', async () => {
    await claimWithoutItsPurchase('ayu', 100_000);
    await store.appendToStream('customer-toko-ayu', envelope([{ type: 'CustomerEnrolled', data: {} }], 'enrol:ayu', { tenant: 'toko' }), { expectedRevision: 'no_stream' });
    await claims.claim('toko', receipt('budi', 250_000));
    expect(types('claim-toko-receipt-R-7')).toEqual(['IdClaimed', 'IdReleased', 'IdClaimed']);
    expect(await claims.lookup('toko', 'receipt', 'R-7')).toMatchObject({ customerId: 'budi' });
    expect(types('customer-toko-ayu')).toEqual(['CustomerEnrolled']);
    // The claim stream stays one hash chain.
    const chain = await store.readStream('claim-toko-receipt-R-7');
    chain.reduce<string | null>((previous, event) => {
      expect(matchesChainHash(storedHash(event)!, previous, event)).toBe(true);
      return storedHash(event);
    }, null);
    expect((chain[1].data as { reason: string }).reason).toBe('customer-toko-ayu moved past revision -1 without the claimed events');
  });

  it('the same request met again finds its own claim, whatever became of its write', async () => {
    await claimWithoutItsPurchase('ayu', 100_000);
    await expect(claims.confirm('toko', receipt('ayu', 100_000))).resolves.toMatchObject({ standing: 'mine', revision: 0 });
    expect(server.events('customer-toko-ayu')).toEqual([]);
  });

  it('a claimed write larger than the store takes (its limit lowered since) can never be written: the id is released', async () => {
    const bought = purchaseOf('ayu', 100_000);
    bought.events = envelope([{ type: 'PurchaseRecorded', data: { receiptId: 'R-7', note: 'x'.repeat(600) } }], 'purchase:R-7', { tenant: 'toko' });
    const claimAppend = claims.claimAppend('toko', receipt('ayu', 100_000), undefined, bought);
    await store.appendToStream(claimAppend.streamName, claimAppend.events, { expectedRevision: 'no_stream' });
    // Room for a release (some 300 bytes), not for the purchase (some 800).
    server.maxAppendSize = 500;
    await expect(claims.finishPending('claim-toko-receipt-R-7', 0)).resolves.toBe('released');
    expect(types('claim-toko-receipt-R-7')).toEqual(['IdClaimed', 'IdReleased']);
    expect((server.events('claim-toko-receipt-R-7').map((e) => JSON.parse(e.data.toString()))[1] as { reason: string }).reason).toBe(
      'stream customer-toko-ayu: the append is larger than the event store takes in one write (500 bytes)',
    );
    await expect(claims.finishPending('claim-toko-receipt-R-7', 1)).resolves.toBe('nothing to do');
  });

  it('on a store that writes all or none the claim carries nothing, and no claim is left without its events', async () => {
    const atomic = await FakeKurrentDbServer.start({ version: '25.1.0', multiStreamAppend: true });
    const atomicStore = await EsdbEventStore.connect(atomic.url());
    try {
      const claimAppend = new ClaimRegistry(atomicStore).claimAppend('toko', receipt('ayu', 100_000), undefined, purchaseOf('ayu', 100_000));
      expect(claimAppend.events[0].data).toEqual({ customerId: 'ayu', fingerprint: expect.any(String) });
    } finally {
      await atomicStore.close();
      await atomic.stop();
    }
  });
});
