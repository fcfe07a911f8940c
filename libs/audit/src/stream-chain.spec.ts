import Database from 'better-sqlite3';
import { envelope } from '@setia/application';
import type { AuditEvent } from './audit-event';
import { describeChain, verifyStreamChain } from './stream-chain';
import { verifyStore } from './verify-store';
import { LedgerFixture, seedTenant } from './testing/ledger-fixture';

const STREAM = 'customer-kopi-ani';

/** A stream of `count` purchases as the app appends them, hash-chained. */
function chained(count: number, previousHash: string | null = null, from = 0): AuditEvent[] {
  let hash = previousHash;
  const events: AuditEvent[] = [];
  for (let i = 0; i < count; i++) {
    // As read back without the stored text (as from EventStoreDB): the values alone.
    const [{ storedText: _text, ...appended }] = envelope([{ type: 'PurchaseRecorded', data: { receiptId: `R-${from + i}`, total: 100_000 } }], `purchase:R-${from + i}`, { tenant: 'kopi' }, hash);
    hash = appended.metadata.hash as string;
    events.push({ ...appended, stream: STREAM, revision: from + i, position: String(from + i + 1).padStart(20, '0') });
  }
  return events;
}

describe('the hash chain of a stream', () => {
  it('verifies an untouched stream from its first event', () => {
    const report = verifyStreamChain(STREAM, chained(5));
    expect(report).toMatchObject({ events: 5, chainStartsAt: 0, unhashed: 0, differences: [] });
    expect(describeChain(report)).toBe(`${STREAM}: hash chain covers all 5 events`);
  });

  it('names the revision whose data was altered, and only it', () => {
    const events = chained(5);
    events[2] = { ...events[2], data: { receiptId: 'R-2', total: 1 } };
    expect(verifyStreamChain(STREAM, events).differences).toEqual([
      expect.objectContaining({ kind: 'hash-mismatch', stream: STREAM, revision: 2, position: events[2].position }),
    ]);
  });

  it('names the gap where an event was removed', () => {
    const events = chained(5);
    const kinds = verifyStreamChain(STREAM, [...events.slice(0, 3), ...events.slice(4)]).differences.map((d) => [d.kind, d.revision]);
    expect(kinds).toEqual([
      ['revision-gap', 4],
      ['hash-mismatch', 4],
    ]);
  });

  it('verifies a stream written before hashes existed from where its chain starts, and says so', () => {
    const legacy = chained(3).map(({ metadata: { hash: _hash, ...metadata }, ...event }) => ({ ...event, metadata }));
    const events = [...legacy, ...chained(2, null, 3)];
    const report = verifyStreamChain(STREAM, events);
    expect(report).toMatchObject({ chainStartsAt: 3, unhashed: 3, differences: [] });
    expect(describeChain(report)).toContain('hash chain starts at revision 3; the 3 earlier events predate it');
  });

  it('refuses an event without a hash once the chain has started', () => {
    const events = chained(4);
    const { hash: _hash, ...metadata } = events[2].metadata;
    events[2] = { ...events[2], metadata };
    expect(verifyStreamChain(STREAM, events).differences.map((d) => [d.kind, d.revision])).toEqual([
      ['hash-missing', 2],
      // The next event chains from the stripped hash, which the verifier no longer has.
      ['hash-mismatch', 3],
    ]);
  });
});

describe('the hash chains of a real SQLite store', () => {
  let fixture: LedgerFixture;

  beforeEach(async () => {
    fixture = LedgerFixture.create();
    await seedTenant(fixture);
  });
  afterEach(() => fixture.close());

  it('detect a row whose data was edited directly in the SQLite file, naming stream, revision and position', async () => {
    expect((await verifyStore(fixture.store, { tenant: 'kopi' })).differences).toEqual([]);

    const db = new Database(fixture.file);
    const row = db
      .prepare(`SELECT position, revision, data FROM events WHERE stream = ? AND type = 'PointsEarned' ORDER BY revision LIMIT 1 OFFSET 3`)
      .get(STREAM) as { position: number; revision: number; data: string };
    const data = JSON.parse(row.data);
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify({ ...data, points: data.points * 10 }), row.position);
    db.close();

    const result = await verifyStore(fixture.store, { tenant: 'kopi' });
    expect(result.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'hash-mismatch', stream: STREAM, revision: row.revision, position: String(row.position).padStart(20, '0') }),
        // The points no longer follow from the purchase and the program revision it recorded either.
        expect.objectContaining({ kind: 'decision-mismatch', stream: STREAM, revision: row.revision }),
      ]),
    );
  });

  it('detect a row deleted from the SQLite file', async () => {
    const db = new Database(fixture.file);
    db.prepare(`DELETE FROM events WHERE stream = ? AND revision = 4`).run(STREAM);
    db.close();
    const result = await verifyStore(fixture.store, { tenant: 'kopi', customerId: 'ani' });
    expect(result.differences).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'revision-gap', stream: STREAM, revision: 5 })]),
    );
  });
});
