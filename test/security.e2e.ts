import { ROLES, ROUTES, routePath, seedMatrixTenant, TENANT_ROLES } from './support/access-matrix';
import type { Role, Route } from './support/access-matrix';
import { startSetia, TEST_ADMIN_KEY, TEST_RECEIPTS_SINCE } from './support/setia-app';
import type { TestApp } from './support/setia-app';
import { PROGRAM, purchase } from './support/program';

const OWN = 'sec_own';
const OTHER = 'sec_other';

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('security: who may do what, tenant isolation, limits, headers', () => {
  let setia: TestApp;
  /** Live and revoked keys per tenant and role. */
  const keys: Record<string, Record<Role, string>> = {};
  const revoked: Record<Role, string> = {} as Record<Role, string>;

  async function createKey(tenant: string, role: Role, extra: Record<string, unknown> = {}): Promise<{ keyId: string; key: string }> {
    const answer = await setia.request('POST', `/v1/tenants/${tenant}/keys`, { role, ...extra }, bearer(TEST_ADMIN_KEY));
    expect(answer.status).toBe(201);
    return answer.body;
  }

  /** The request path of a route; a key to revoke is made for each call. */
  async function pathOf(route: Route, tenant: string): Promise<string> {
    return routePath(route, tenant, route.template.includes('{keyId}') ? (await createKey(tenant, 'analyst')).keyId : '');
  }

  beforeAll(async () => {
    setia = await startSetia();
    for (const tenant of [OWN, OTHER]) {
      expect((await setia.request('POST', '/v1/tenants', { tenantId: tenant, receiptsSince: TEST_RECEIPTS_SINCE, sandbox: tenant === OWN }, bearer(TEST_ADMIN_KEY))).status).toBe(201);
      keys[tenant] = { platform: TEST_ADMIN_KEY } as Record<Role, string>;
      for (const role of TENANT_ROLES) keys[tenant][role] = (await createKey(tenant, role)).key;
    }
    expect((await setia.request('PUT', `/v1/tenants/${OTHER}/program`, PROGRAM, bearer(keys[OTHER].admin))).status).toBe(200);
    await seedMatrixTenant(setia, OWN, { admin: bearer(keys[OWN].admin), pos: bearer(keys[OWN].pos) });
    for (const role of ROLES) {
      const key = await createKey(role === 'platform' ? 'platform' : OWN, role);
      const scope = role === 'platform' ? 'platform' : OWN;
      expect((await setia.request('DELETE', `/v1/tenants/${scope}/keys/${key.keyId}`, undefined, bearer(TEST_ADMIN_KEY))).status).toBe(200);
      revoked[role] = key.key;
    }
  });
  afterAll(() => setia.close());

  /** The matrix: each route × each role × own tenant, another tenant's key, no key, a revoked key. */
  const cases: Array<{ name: string; route: Route; key: () => string | undefined; tenant: string; expected: number | 'ok' }> = [];
  for (const route of ROUTES) {
    const name = (what: string) => `${route.method} ${route.template}: ${what}`;
    for (const role of ROLES) {
      cases.push({ name: name(`${role} key of the tenant → ${route.allowed.includes(role) ? route.ok : 403}`), route, key: () => keys[OWN][role], tenant: OWN, expected: route.allowed.includes(role) ? 'ok' : 403 });
      cases.push({ name: name(`revoked ${role} key → 401`), route, key: () => revoked[role], tenant: OWN, expected: 401 });
    }
    for (const role of TENANT_ROLES) {
      // A tenant route answers 404 to another tenant's key (existence is not revealed); /v1/tenants has no tenant to hide.
      const expected = route.template === '/v1/tenants' ? 403 : 404;
      cases.push({ name: name(`${role} key of another tenant → ${expected}`), route, key: () => keys[OTHER][role], tenant: OWN, expected });
    }
    cases.push({ name: name('no key → 401'), route, key: () => undefined, tenant: OWN, expected: 401 });
  }

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, { route, key, tenant, expected }) => {
    const path = await pathOf(route, tenant);
    const positionBefore = await setia.lastPosition();
    const given = key();
    const answer = await setia.request(route.method, path, route.body?.(), given === undefined ? { authorization: '' } : bearer(given));
    if (expected === 'ok') {
      expect({ status: answer.status, body: answer.body }).toEqual({ status: route.ok, body: expect.anything() });
      return;
    }
    expect({ status: answer.status, body: answer.body }).toEqual({ status: expected, body: expect.objectContaining({ statusCode: expected, message: expect.any(String) }) });
    if (expected === 401) expect(answer.headers['www-authenticate']).toBe('Bearer');
    // A refused request records nothing.
    expect(await setia.lastPosition()).toBe(positionBefore);
  });

  it('covers every route of the OpenAPI document', async () => {
    const document = (await setia.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    const documented = Object.entries(document.paths as Record<string, object>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.filter((route) => !route.startsWith('GET /health')).sort()).toEqual(ROUTES.map((route) => `${route.method} ${route.template}`).sort());
    expect(cases.length).toBeGreaterThanOrEqual(ROUTES.length * 15);
  });

  it('a pos key for store JKT-01 cannot post a purchase or enrol a member for store JAP-01: 403, nothing appended', async () => {
    const till = await createKey(OWN, 'pos', { stores: ['JKT-01'] });
    const before = await setia.lastPosition();
    const refused = await setia.request('POST', `/v1/tenants/${OWN}/purchases`, purchase('ani', 100_000, { storeId: 'JAP-01' }), bearer(till.key));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ field: 'storeId' });
    const enrolment = { customerId: 'budi', cardNumber: '6001 0002', homeStoreId: 'JAP-01' };
    expect((await setia.request('POST', `/v1/tenants/${OWN}/members`, enrolment, bearer(till.key))).body).toMatchObject({ statusCode: 403, field: 'homeStoreId' });
    expect(await setia.lastPosition()).toBe(before);
    expect((await setia.request('POST', `/v1/tenants/${OWN}/purchases`, purchase('ani', 100_000), bearer(till.key))).status).toBe(201);
  });

  it('a pos key for store JAP-01 cannot cancel a redemption made at JKT-01: 403, nothing appended; a JKT-01 key can', async () => {
    const jayapura = await createKey(OWN, 'pos', { stores: ['JAP-01'] });
    const jakarta = await createKey(OWN, 'pos', { stores: ['JKT-01'] });
    const redemption = { redemptionId: 'RD-SEC-JKT', customerId: 'ani', rewardId: 'COFFEE', storeId: 'JKT-01' };
    expect((await setia.request('POST', `/v1/tenants/${OWN}/redemptions`, redemption, bearer(jakarta.key))).status).toBe(201);

    const before = await setia.lastPosition();
    const refused = await setia.request('POST', `/v1/tenants/${OWN}/redemptions/RD-SEC-JKT/cancel`, undefined, bearer(jayapura.key));
    expect(refused).toMatchObject({ status: 403, body: { statusCode: 403, field: 'redemptionId', message: expect.stringContaining('JKT-01') } });
    expect(await setia.lastPosition()).toBe(before);
    // An unknown redemption is 404 whatever the key's stores.
    expect((await setia.request('POST', `/v1/tenants/${OWN}/redemptions/RD-NEVER/cancel`, undefined, bearer(jayapura.key))).status).toBe(404);

    const cancelled = await setia.request('POST', `/v1/tenants/${OWN}/redemptions/RD-SEC-JKT/cancel`, undefined, bearer(jakarta.key));
    expect(cancelled).toMatchObject({ status: 200, body: { cancelled: true, pointsReturned: 100 } });
    // Already cancelled: still refused to the other store's key.
    expect((await setia.request('POST', `/v1/tenants/${OWN}/redemptions/RD-SEC-JKT/cancel`, undefined, bearer(jayapura.key))).status).toBe(403);
  });

  it('keys are shown once and listed without secrets; stores only for pos keys; platform keys only under platform', async () => {
    const created = await createKey(OWN, 'pos', { stores: ['JKT-01'] });
    expect(created.key).toMatch(/^setia_sec_own\.[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const listed = await setia.request('GET', `/v1/tenants/${OWN}/keys`, undefined, bearer(keys[OWN].admin));
    // The secret is the key's last 43 characters (base64url, which may itself hold a '_').
    expect(JSON.stringify(listed.body)).not.toContain(created.key.slice(-43));
    expect(listed.body.keys.find((key: { keyId: string }) => key.keyId === created.keyId)).toMatchObject({ role: 'pos', stores: ['JKT-01'], revoked: false });
    expect(JSON.stringify(listed.body)).not.toMatch(/"hash"/);
    expect((await setia.request('POST', `/v1/tenants/${OWN}/keys`, { role: 'auditor', stores: ['JKT-01'] }, bearer(keys[OWN].admin))).body).toMatchObject({ statusCode: 422, field: 'stores' });
    expect((await setia.request('POST', `/v1/tenants/${OWN}/keys`, { role: 'platform' }, bearer(TEST_ADMIN_KEY))).body).toMatchObject({ statusCode: 422, field: 'role' });
    expect((await setia.request('POST', '/v1/tenants/platform/keys', { role: 'admin' }, bearer(keys[OWN].admin))).status).toBe(404);
    expect((await setia.request('POST', '/v1/tenants', { tenantId: OWN }, bearer(TEST_ADMIN_KEY))).status).toBe(409);
    expect((await setia.request('POST', '/v1/tenants', { tenantId: 'platform' }, bearer(TEST_ADMIN_KEY))).status).toBe(422);
    expect((await setia.request('GET', '/v1/tenants/never_made/keys', undefined, bearer(TEST_ADMIN_KEY))).status).toBe(404);
  });

  it('a key that has been answering is refused from the first request after it is revoked', async () => {
    const key = await createKey(OWN, 'auditor');
    const ledger = `/v1/tenants/${OWN}/customers/ani/ledger`;
    for (let i = 0; i < 3; i++) expect((await setia.request('GET', ledger, undefined, bearer(key.key))).status).toBe(200);
    expect((await setia.request('DELETE', `/v1/tenants/${OWN}/keys/${key.keyId}`, undefined, bearer(keys[OWN].admin))).status).toBe(200);
    expect((await setia.request('GET', ledger, undefined, bearer(key.key))).status).toBe(401);
    // Another key of the tenant goes on working.
    expect((await setia.request('GET', ledger, undefined, bearer(keys[OWN].auditor))).status).toBe(200);
  });

  it('key lifecycle is recorded as events with who did it, and keys never leave the access streams', async () => {
    const events = await setia.store.readStream(`access-${OWN}`);
    expect(events[0]).toMatchObject({ type: 'TenantCreated', data: { tenantId: OWN, createdBy: 'platform.0123456789abcdef' } });
    expect(events.filter((event) => event.type === 'KeyCreated').length).toBeGreaterThan(4);
    expect(events.find((event) => event.type === 'KeyRevoked')).toMatchObject({ data: { revokedBy: 'platform.0123456789abcdef' } });
    // A program change carries the admin key that made it.
    const [program] = await setia.store.readStream(`program-${OWN}`);
    expect(program.metadata.principal).toMatch(/^sec_own\.[0-9a-f]{16}$/);
    const all = JSON.stringify(await setia.store.readAll({ maxCount: 100_000 }));
    expect(all).not.toContain(keys[OWN].pos);
  });

  it('malformed and unknown keys get 401 with WWW-Authenticate: Bearer; health and docs need no key', async () => {
    const url = `/v1/tenants/${OWN}/program`;
    for (const authorization of ['Bearer', 'Basic dXNlcjpwYXNz', 'Bearer setia_nope', `Bearer ${keys[OWN].admin.slice(0, -1)}x`, `Bearer ${keys[OWN].admin.replace(OWN, OTHER)}`]) {
      const answer = await setia.request('GET', url, undefined, { authorization });
      expect({ authorization, status: answer.status, challenge: answer.headers['www-authenticate'] }).toEqual({ authorization, status: 401, challenge: 'Bearer' });
    }
    expect((await setia.request('GET', '/health', undefined, { authorization: '' })).status).toBe(200);
    expect((await setia.request('GET', '/health/ready', undefined, { authorization: '' })).status).toBeLessThan(600);
    expect((await setia.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(200);
  });

  it('every answer carries security headers; API answers are not cached; /docs keeps a CSP it can work with', async () => {
    const answers = [
      await setia.request('GET', `/v1/tenants/${OWN}/program`, undefined, bearer(keys[OWN].admin)),
      await setia.request('GET', `/v1/tenants/${OWN}/program`, undefined, { authorization: '' }),
      await setia.request('GET', '/health', undefined, { authorization: '' }),
    ];
    for (const answer of answers) {
      expect(answer.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      });
    }
    const docs = await setia.app.inject({ method: 'GET', url: '/docs' });
    expect(docs.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
    expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('a body over 1 MiB gets 413 with a clear message and records nothing', async () => {
    const before = await setia.lastPosition();
    const big = purchase('ani', 100_000, { lines: Array.from({ length: 20_000 }, (_, i) => ({ sku: `SKU-${i}`.padEnd(40, 'x'), category: 'food', quantity: 1, unitPrice: 5 })) });
    expect(JSON.stringify(big).length).toBeGreaterThan(1024 * 1024);
    const answer = await setia.request('POST', `/v1/tenants/${OWN}/purchases`, big, bearer(keys[OWN].pos));
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ statusCode: 413, message: expect.stringMatching(/1 MiB/) });
    expect(await setia.lastPosition()).toBe(before);
  });

  it('an internal error answers 500 without a stack trace, an internal path or the error text', async () => {
    const spy = jest.spyOn(setia.store, 'readStream').mockRejectedValueOnce(new Error('disk on fire at /work/main/libs/event-store/src/sqlite/sqlite-event-store.ts:42'));
    try {
      const answer = await setia.request('GET', `/v1/tenants/${OWN}/customers/ani`, undefined, bearer(keys[OWN].auditor));
      expect(answer.status).toBe(500);
      expect(answer.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'something went wrong on our side' });
    } finally {
      spy.mockRestore();
    }
  });
});

describe('security: per-key rate limit', () => {
  it('a key over its rate gets 429 with Retry-After; another key is not slowed down', async () => {
    const setia = await startSetia({ SETIA_RATE_LIMIT: '1' });
    try {
      const platform = bearer(TEST_ADMIN_KEY);
      // Rate 1/s with a burst of 2: the platform key creates a tenant and an admin key, then is out of tokens.
      expect((await setia.request('POST', '/v1/tenants', { tenantId: 'busy' }, platform)).status).toBe(201);
      const admin = (await setia.request('POST', '/v1/tenants/busy/keys', { role: 'admin' }, platform)).body.key;
      const limited = await setia.request('GET', '/v1/tenants/busy/keys', undefined, platform);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(limited.body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/retry after/) });
      expect((await setia.request('GET', '/v1/tenants/busy/keys', undefined, bearer(admin))).status).toBe(200);
    } finally {
      await setia.close();
    }
  });

  it('a till\'s reads are limited like its commands: its card lookups over the rate get 429', async () => {
    const setia = await startSetia({ SETIA_RATE_LIMIT: '1' });
    try {
      const platform = bearer(TEST_ADMIN_KEY);
      expect((await setia.request('POST', '/v1/tenants', { tenantId: 'antri' }, platform)).status).toBe(201);
      const pos = bearer((await setia.request('POST', '/v1/tenants/antri/keys', { role: 'pos' }, platform)).body.key);
      // A burst of 2: two answers (404, no such card), then 429.
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await setia.request('GET', '/v1/tenants/antri/cards/6001%200001', undefined, pos)).status);
      expect(statuses).toEqual([404, 404, 429]);
    } finally {
      await setia.close();
    }
  });
});
