import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { COLLECTIONS, projectInMemory } from '@setia/projections';
import { SqliteReadStoreEngine } from '@setia/read-store';
import { LedgerFixture, seedTenant } from '../../../libs/audit/src/testing/ledger-fixture';
import { main } from './main';

/** Runs the CLI in-process with captured output. */
async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (text) => (out += `${text}\n`), err: { write: (text: string) => (err += text), isTTY: false }, env });
  return { code, out, err };
}

describe('setia ledger: exit code 0 only when everything agrees', () => {
  let fixture: LedgerFixture;
  let env: Record<string, string>;
  let exportDir: string;

  beforeEach(async () => {
    fixture = LedgerFixture.create();
    await seedTenant(fixture);
    env = { SETIA_DATA_DIR: fixture.dir };
    exportDir = mkdtempSync(join(tmpdir(), 'setia-cli-export-'));
  });
  afterEach(async () => {
    rmSync(exportDir, { recursive: true, force: true });
    await fixture.close();
  });

  it('verifies a tenant and a customer of the embedded store', async () => {
    const tenant = await cli(['ledger', 'verify', '--tenant', 'kopi'], env);
    expect(tenant).toMatchObject({ code: 0 });
    expect(tenant.out).toContain('OK: everything agrees');
    expect(tenant.out).toMatch(/decisions decided again under their program revision: (\d+) of \1 reproduced/);
    expect(tenant.out).toContain('read models: not compared (none found)');
    expect((await cli(['ledger', 'verify', '--tenant', 'kopi', '--customer', 'ani'], env)).code).toBe(0);
  });

  it('fails verify with 1 and names stream, revision and position when a row was edited in the SQLite file', async () => {
    const db = new Database(join(fixture.dir, 'events.sqlite'));
    const row = db.prepare(`SELECT position, revision, data FROM events WHERE stream = 'customer-kopi-budi' AND type = 'PurchaseRecorded' LIMIT 1`).get() as {
      position: number; revision: number; data: string;
    };
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(row.data.replace('"total":450000', '"total":4500000'), row.position);
    db.close();

    const result = await cli(['ledger', 'verify', '--tenant', 'kopi'], env);
    expect(result.code).toBe(1);
    expect(result.out).toContain('FAILED');
    expect(result.out).toContain(`hash-mismatch at stream customer-kopi-budi, revision ${row.revision}, position ${String(row.position).padStart(20, '0')}`);
  });

  it('compares with the read models when a read store is there, and fails on a document that disagrees', async () => {
    const collections = projectInMemory(await fixture.store.readAll());
    const engine = new SqliteReadStoreEngine(join(fixture.dir, 'read-models.sqlite'));
    const customers = [...collections.get(COLLECTIONS.customers)!.values()];
    await engine.generation('g0').putMany(customers.map((document) => ({ collection: COLLECTIONS.customers, document })));

    const agreeing = await cli(['ledger', 'verify', '--tenant', 'kopi'], env);
    expect(agreeing.code).toBe(0);
    expect(agreeing.out).toContain('read models: 2 customer documents compared');

    const ani = customers.find((doc) => doc.customerId === 'ani')!;
    await engine.generation('g0').putMany([
      { collection: COLLECTIONS.customers, document: { ...ani, points: (ani.points as number) + 5, _position: `${ani._position}9` } },
    ]);
    await engine.close();
    const disagreeing = await cli(['ledger', 'verify', '--tenant', 'kopi'], env);
    expect(disagreeing.code).toBe(1);
    expect(disagreeing.out).toMatch(/read-model-mismatch at stream customer-kopi-ani: read model points is \d+, the ledger gives \d+/);
    expect((await cli(['ledger', 'verify', '--tenant', 'kopi', '--no-read-model'], env)).code).toBe(0);
  });

  it('exports a tenant, verifies the export offline, and fails with the line named once a line is removed', async () => {
    const exported = await cli(['ledger', 'export', '--tenant', 'kopi', '--out', exportDir], env);
    expect(exported.code).toBe(0);
    expect((await cli(['ledger', 'verify', '--export', exportDir], {})).code).toBe(0);

    const file = join(exportDir, 'events.jsonl');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const removed = JSON.parse(lines[10]);
    writeFileSync(file, `${lines.filter((_, i) => i !== 10).join('\n')}\n`);
    const result = await cli(['ledger', 'verify', '--export', exportDir, '--json'], {});
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    expect(report.ok).toBe(false);
    expect(report.differences).toContainEqual(
      expect.objectContaining({ kind: 'export-line-removed', line: 11, stream: removed.stream, revision: removed.revision }),
    );
  });

  it('replays a customer with why points moved, balance, tier and program revision on every line', async () => {
    const result = await cli(['ledger', 'replay', '--tenant', 'kopi', '--customer', 'ani'], env);
    expect(result.code).toBe(0);
    const earned = result.out.split('\n').filter((line) => line.includes('\tPointsEarned\t'));
    expect(earned).toHaveLength(9);
    expect(earned.every((line) => line.endsWith('\tsame'))).toBe(true);
    expect(earned[8].split('\t')[5]).toBe('purchase');
    expect(earned[8].split('\t')[9]).toBe('2');
  });

  it('gives a balance as of an instant', async () => {
    const now = await cli(['ledger', 'balance', '--tenant', 'kopi', '--customer', 'ani', '--json'], env);
    const before = await cli(['ledger', 'balance', '--tenant', 'kopi', '--customer', 'ani', '--as-of', '2026-01-06T00:00:00Z', '--json'], env);
    expect(now.code).toBe(0);
    expect(JSON.parse(before.out)).toMatchObject({ points: 0, tier: 'Bronze' });
    expect(JSON.parse(now.out).points).toBeGreaterThan(0);
  });

  it('answers 2 with one line on a usage or setup error', async () => {
    expect((await cli(['ledger', 'verify'], env)).err).toContain('--tenant is required');
    expect((await cli(['ledger', 'verify'], env)).code).toBe(2);
    expect((await cli(['ledger', 'frobnicate', '--tenant', 'kopi'], env)).code).toBe(2);
    const missing = await cli(['ledger', 'verify', '--tenant', 'kopi'], { SETIA_DATA_DIR: join(exportDir, 'nowhere') });
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toContain('no event store at');
    const badUrl = await cli(['ledger', 'verify', '--tenant', 'kopi'], { EVENTSTORE_URL: 'http://nope' });
    expect(badUrl.code).toBe(2);
    expect(badUrl.err).toContain('EVENTSTORE_URL');
  });
});
