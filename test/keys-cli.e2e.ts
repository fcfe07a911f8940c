import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../apps/cli/src/main';
import { buildEntryPoints } from './support/entry-points';
import { startSetia, TEST_ADMIN_KEY, TEST_RECEIPTS_SINCE } from './support/setia-app';
import type { TestApp } from './support/setia-app';
import { PROGRAM, purchase } from './support/program';

const TENANT = 'kopi';
const T = `/v1/tenants/${TENANT}`;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** `setia keys …` as an operator runs it: the built CLI in its own process, beside the running server. */
function setiaCli(args: string[], dataDir: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [join(buildEntryPoints(), 'apps/cli/src/main.js'), ...args], {
    env: { ...process.env, NODE_PATH: join(__dirname, '..', 'node_modules'), SETIA_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })));
}

/** The CLI in-process, for the refusals that never reach the store. */
async function refusal(args: string[], dataDir: string): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await main(args, { out: () => undefined, err: { write: (text: string) => (err += text), isTTY: false }, env: { SETIA_DATA_DIR: dataDir } });
  return { code, err };
}

describe('setia keys: an operator manages API keys at the machine, recorded like the API does', () => {
  let setia: TestApp;

  beforeAll(async () => {
    setia = await startSetia();
    expect((await setia.request('POST', '/v1/tenants', { tenantId: TENANT, receiptsSince: TEST_RECEIPTS_SINCE }, bearer(TEST_ADMIN_KEY))).status).toBe(201);
    expect((await setia.request('PUT', `${T}/program`, PROGRAM)).status).toBe(200);
  }, 60_000);
  afterAll(() => setia.close());

  it('a pos key made with the CLI works over HTTP at once, only for its stores, and stops working once revoked with the CLI', async () => {
    const created = await setiaCli(['keys', 'create', '--tenant', TENANT, '--role', 'pos', '--stores', 'JKT-01', '--json'], setia.dataDir);
    expect(created).toMatchObject({ code: 0, err: '' });
    const { keyId, key, role, stores } = JSON.parse(created.out);
    expect({ role, stores }).toEqual({ role: 'pos', stores: ['JKT-01'] });
    expect(key).toMatch(/^setia_kopi\.[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);

    // The running server sees the key on its next request.
    expect((await setia.request('POST', `${T}/members`, { customerId: 'ani', cardNumber: '6001 0001' }, bearer(key))).status).toBe(201);
    expect((await setia.request('POST', `${T}/purchases`, purchase('ani', 100_000), bearer(key))).status).toBe(201);
    expect((await setia.request('POST', `${T}/purchases`, purchase('ani', 100_000, { storeId: 'JAP-01' }), bearer(key))).status).toBe(403);
    expect((await setia.request('GET', `${T}/keys`, undefined, bearer(key))).status).toBe(403);

    const listed = await setiaCli(['keys', 'list', '--tenant', TENANT], setia.dataDir);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(new RegExp(`^${keyId.replace('.', '\\.')}\\tpos\\tJKT-01\\t\\S+\\toperator:\\S+\\t-\\t-$`, 'm'));
    expect(listed.out).not.toContain(key.split('_').pop());

    const revoked = await setiaCli(['keys', 'revoke', '--tenant', TENANT, '--key-id', keyId], setia.dataDir);
    expect(revoked).toMatchObject({ code: 0, out: expect.stringContaining(`revoked pos key ${keyId} (by operator:`) });
    const refused = await setia.request('POST', `${T}/purchases`, purchase('ani', 100_000), bearer(key));
    expect(refused.status).toBe(401);
    // The API lists the key as revoked, like one revoked through the API.
    const keys = (await setia.request('GET', `${T}/keys`)).body.keys;
    expect(keys.find((listedKey: { keyId: string }) => listedKey.keyId === keyId)).toMatchObject({ revoked: true, revokedBy: expect.stringMatching(/^operator:/) });
  }, 60_000);

  it('records KeyCreated and KeyRevoked in the tenant\'s access stream, made by operator:<user>, without the key', async () => {
    const created = await setiaCli(['keys', 'create', '--tenant', TENANT, '--role', 'auditor'], setia.dataDir);
    expect(created.code).toBe(0);
    const [, key] = /shown once, store it now:\n(\S+)/.exec(created.out)!;
    const keyId = /^setia_(kopi\.[0-9a-f]{16})_/.exec(key)![1];
    expect((await setia.request('GET', `${T}/customers/ani/ledger`, undefined, bearer(key))).status).toBe(200);
    expect((await setiaCli(['keys', 'revoke', '--tenant', TENANT, '--key-id', keyId], setia.dataDir)).code).toBe(0);

    const events = (await setia.store.readStream(`access-${TENANT}`)).filter((event) => (event.data as { keyId?: string }).keyId === keyId);
    expect(events.map((event) => event.type)).toEqual(['KeyCreated', 'KeyRevoked']);
    for (const event of events) expect(event.metadata.principal).toMatch(/^operator:\S+$/);
    expect(events[0].data).toMatchObject({ role: 'auditor', createdBy: events[0].metadata.principal });
    expect(JSON.stringify(events)).not.toContain(key);
  }, 60_000);

  it('a platform key made with the CLI can create a tenant', async () => {
    const created = await setiaCli(['keys', 'create', '--tenant', 'platform', '--role', 'platform', '--json'], setia.dataDir);
    expect(created.code).toBe(0);
    const { key } = JSON.parse(created.out);
    expect((await setia.request('POST', '/v1/tenants', { tenantId: 'teh', receiptsSince: TEST_RECEIPTS_SINCE }, bearer(key))).status).toBe(201);
  }, 60_000);

  it('refuses what the API refuses, with exit code 2 and nothing recorded', async () => {
    const before = await setia.lastPosition();
    const cases: Array<[string[], RegExp]> = [
      [['keys', 'create', '--tenant', TENANT, '--role', 'platform'], /--role: platform keys are made in the platform scope/],
      [['keys', 'create', '--tenant', 'platform', '--role', 'admin'], /--role: platform keys are made in the platform scope/],
      [['keys', 'create', '--tenant', TENANT, '--role', 'admin', '--stores', 'JKT-01'], /--stores: stores is for pos keys only/],
      [['keys', 'create', '--tenant', TENANT, '--role', 'pos', '--stores', 'JKT-01,bad store'], /--stores: "bad store" is not a store id/],
      [['keys', 'create', '--tenant', TENANT, '--role', 'owner'], /--role must be one of admin, pos, auditor, analyst, platform/],
      [['keys', 'create', '--tenant', 'never_made', '--role', 'admin'], /tenant never_made does not exist/],
      [['keys', 'revoke', '--tenant', TENANT, '--key-id', 'kopi.0000000000000000'], /no key kopi\.0000000000000000/],
      [['keys', 'revoke', '--tenant', TENANT], /--key-id is required/],
      [['keys', 'list'], /--tenant is required/],
      [['keys', 'rotate', '--tenant', TENANT], /unknown command "keys rotate"/],
    ];
    for (const [args, message] of cases) {
      const answer = await refusal(args, setia.dataDir);
      expect({ args, code: answer.code, err: answer.err }).toEqual({ args, code: 2, err: expect.stringMatching(message) });
    }
    expect(await setia.lastPosition()).toBe(before);
  });
});
