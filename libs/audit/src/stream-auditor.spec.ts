import Database from 'better-sqlite3';
import type { Difference } from './difference';
import type { AuditResult } from './ledger-auditor';
import { LedgerAuditor } from './ledger-auditor';
import { passOver } from './store-source';
import { verifyStore } from './verify-store';
import { LedgerFixture, seedTenant } from './testing/ledger-fixture';

/** The same tenant checked in the store's order, as verify did before it read stream by stream. */
async function inStoreOrder(fixture: LedgerFixture): Promise<AuditResult> {
  const auditor = new LedgerAuditor({ tenant: 'kopi' });
  await passOver(fixture.store, { tenant: 'kopi' }, (stream) => auditor.wants(stream), (event) => auditor.add(event));
  return auditor.finish();
}

const byStream = <T extends { stream: string }>(items: T[]) => [...items].sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
const asText = (differences: Difference[]) => differences.map((difference) => JSON.stringify(difference)).sort();

describe("a tenant's verify stream by stream", () => {
  let fixture: LedgerFixture;

  beforeEach(async () => {
    fixture = LedgerFixture.create();
    await seedTenant(fixture);
  });
  afterEach(() => fixture.close());

  it("finds what the store's order finds on an untouched tenant: every stream, ledger and decision", async () => {
    const before = await inStoreOrder(fixture);
    const result = await verifyStore(fixture.store, { tenant: 'kopi' });
    expect(result.differences).toEqual([]);
    expect(result.events).toBe(before.events);
    expect(result.streams).toBe(before.streams);
    expect([result.firstPosition, result.lastPosition]).toEqual([before.firstPosition, before.lastPosition]);
    expect(result.totals).toEqual(before.totals);
    // Two enrolments, eighteen purchases, a return and a redemption.
    expect(result.totals).toEqual({ customers: 2, decisions: 22, reproduced: 22, chained: before.streams });
    expect(byStream(result.customers)).toEqual(byStream(before.customers));
    expect(byStream(result.chains)).toEqual(byStream(before.chains));
    expect(result.budgets).toEqual(before.budgets);
  });

  it('keeps only the totals and the program chain when asked for totals', async () => {
    const all = await verifyStore(fixture.store, { tenant: 'kopi' });
    const totals = await verifyStore(fixture.store, { tenant: 'kopi' }, { reports: 'totals' });
    expect(totals.totals).toEqual(all.totals);
    expect(totals.customers).toEqual([]);
    expect(totals.chains.map((chain) => chain.stream)).toEqual(['program-kopi']);
    expect([totals.events, totals.streams, totals.differences]).toEqual([all.events, all.streams, []]);
  });

  it("finds what the store's order finds in a tampered tenant: an edited ledger, a claim and a removed row", async () => {
    const db = new Database(fixture.file);
    // A purchase of ani names the third program revision, set weeks after it.
    const purchase = db.prepare(`SELECT position, data FROM events WHERE stream = 'customer-kopi-ani' AND type = 'PurchaseRecorded' ORDER BY revision LIMIT 1`).get() as { position: number; data: string };
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify({ ...JSON.parse(purchase.data), programRevision: 2 }), purchase.position);
    const claim = db.prepare(`SELECT position, data FROM events WHERE stream LIKE 'claim-kopi-%' ORDER BY position LIMIT 1`).get() as { position: number; data: string };
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify({ ...JSON.parse(claim.data), customerId: 'eve' }), claim.position);
    db.prepare(`DELETE FROM events WHERE stream = 'customer-kopi-budi' AND revision = 4`).run();
    db.close();

    const before = await inStoreOrder(fixture);
    const result = await verifyStore(fixture.store, { tenant: 'kopi' });
    expect(asText(result.differences)).toEqual(asText(before.differences));
    expect(result.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'program-missing', stream: 'customer-kopi-ani', position: String(purchase.position).padStart(20, '0') }),
        expect.objectContaining({ kind: 'hash-mismatch', position: String(claim.position).padStart(20, '0') }),
        expect.objectContaining({ kind: 'revision-gap', stream: 'customer-kopi-budi', revision: 5 }),
      ]),
    );
    // With totals only, the same differences, and the chains that have them.
    const totals = await verifyStore(fixture.store, { tenant: 'kopi' }, { reports: 'totals' });
    expect(totals.differences).toEqual(result.differences);
    expect(totals.chains.map((chain) => chain.stream).sort()).toEqual(['program-kopi', ...new Set(result.differences.filter((d) => d.kind !== 'program-missing' && d.kind !== 'decision-mismatch').map((d) => d.stream!))].sort());
  });
});
