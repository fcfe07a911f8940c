import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, claimStream, IdAlreadyUsed } from '@setia/domain';
import { SqliteEventStore } from '@setia/event-store';
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
