import { startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';
import { PROGRAM, purchase } from './support/program';
import { main } from '../apps/cli/src/main';

const T = '/v1/tenants/kopi_nusantara';
const iso = (ms: number) => new Date(ms).toISOString();
/** The same instant written with the Jakarta offset a till would send. */
const jakarta = (ms: number) => `${new Date(ms + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;

async function cli(args: string[], dataDir: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(args, { out: (text) => (out += `${text}\n`), err: { write: () => true, isTTY: false }, env: { SETIA_DATA_DIR: dataDir } });
  return { code, out };
}

describe('an auditor asks for a balance as of a past instant', () => {
  let setia: TestApp;
  let tA: number;
  let tB: number;

  const balance = (asOf: string) => setia.request('GET', `${T}/customers/alice/balance?asOf=${encodeURIComponent(asOf)}`);

  beforeAll(async () => {
    setia = await startSetia();
    expect((await setia.request('PUT', `${T}/program`, PROGRAM)).status).toBe(200);
    expect((await setia.request('POST', `${T}/members`, { customerId: 'alice', cardNumber: '6001 0001' })).status).toBe(201);
    // Tills may run up to five minutes ahead; the receipts are dated in the next two minutes.
    tA = Date.now() + 60_000;
    tB = tA + 60_000;
    expect((await setia.request('POST', `${T}/purchases`, purchase('alice', 600_000, { occurredAt: iso(tA) }))).body).toMatchObject({ pointsEarned: 60 });
    expect((await setia.request('POST', `${T}/purchases`, purchase('alice', 500_000, { occurredAt: iso(tB) }))).body).toMatchObject({
      pointsEarned: 50,
      tier: 'Gold',
    });
    // Posted last, dated between the two: it earns at Gold (the tier held when it was decided) and counts from its own date.
    expect((await setia.request('POST', `${T}/purchases`, purchase('alice', 300_000, { occurredAt: iso(tA + 30_000) }))).body).toMatchObject({
      pointsEarned: 45,
    });
  });
  afterAll(() => setia.close());

  it('counts only what happened by then, a late-posted receipt from its own date', async () => {
    const beforeFirst = await balance(iso(tA - 10_000));
    expect(beforeFirst.status).toBe(200);
    expect(beforeFirst.body).toMatchObject({ customerId: 'alice', points: 0, tier: 'Silver', lifetimeEarned: 0 });
    expect((await balance(iso(tA + 10_000))).body).toMatchObject({ points: 60, tier: 'Silver' });
    expect((await balance(iso(tA + 45_000))).body).toMatchObject({ points: 105, tier: 'Silver' });
    expect((await balance(iso(tB + 10_000))).body).toMatchObject({ points: 155, tier: 'Gold', lifetimeEarned: 155 });
  });

  it('reads the instant with any UTC offset and answers it in UTC', async () => {
    const inJakarta = await balance(jakarta(tA + 45_000));
    expect(inJakarta.status).toBe(200);
    expect(inJakarta.body).toMatchObject({ asOf: iso(Math.floor((tA + 45_000) / 1000) * 1000), points: 105 });
  });

  it('answers 400 for an instant without an offset and 404 for a customer without a ledger', async () => {
    expect((await balance('2026-03-01T10:00:00')).status).toBe(400);
    expect((await setia.request('GET', `${T}/customers/nobody/balance?asOf=${encodeURIComponent(iso(tB))}`)).status).toBe(404);
  });

  it('gives the same balance in the CLI, and the CLI verifies what the API wrote', async () => {
    const asOf = iso(tA + 45_000);
    const fromCli = await cli(['ledger', 'balance', '--tenant', 'kopi_nusantara', '--customer', 'alice', '--as-of', asOf, '--json'], setia.dataDir);
    expect(fromCli.code).toBe(0);
    const { body } = await balance(asOf);
    expect(JSON.parse(fromCli.out)).toEqual(body);

    const verified = await cli(['ledger', 'verify', '--tenant', 'kopi_nusantara', '--no-read-model'], setia.dataDir);
    expect(verified.out).toContain('OK: everything agrees');
    expect(verified.code).toBe(0);
  });
});
