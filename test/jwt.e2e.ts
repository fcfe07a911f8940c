import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { JWK, KeyLike } from 'jose';
import { MATRIX_MEMBER, ROLES, ROUTES, routePath, seedMatrixTenant, TENANT_ROLES } from './support/access-matrix';
import type { Role, Route } from './support/access-matrix';
import { startSetia, TEST_ADMIN_KEY } from './support/setia-app';
import type { TestApp } from './support/setia-app';
import { PROGRAM, purchase } from './support/program';

const ISSUER = 'https://id.kopi.example';
const AUDIENCE = 'setia';
const OWN = 'jwt_own';
const OTHER = 'jwt_other';

const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

interface TokenOptions {
  kid?: string;
  alg?: string;
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for a token that expired. */
  expiresIn?: number;
  notBeforeIn?: number;
  subject?: string;
}

/** A token as the chain's identity provider would issue it, unless the options say otherwise. */
async function sign(key: KeyLike | Uint8Array, claims: Record<string, unknown>, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'ES256', kid: options.kid ?? 'kopi-1' })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 300));
  // A sub among the claims stays as given, to send one of another type.
  if (!('sub' in claims)) jwt.setSubject(options.subject ?? 'staff-42');
  if (options.notBeforeIn !== undefined) jwt.setNotBefore(now + options.notBeforeIn);
  return jwt.sign(key);
}

describe('OAuth2/JWT bearer tokens of a chain\'s identity provider, checked against its JWKS served over HTTP', () => {
  let issuerKey: { publicKey: KeyLike; privateKey: KeyLike };
  let strangerKey: { publicKey: KeyLike; privateKey: KeyLike };
  let jwks: { keys: JWK[] };
  let jwksServer: Server;
  let jwksRequests = 0;
  let setia: TestApp;

  const token = (claims: Record<string, unknown>, options: TokenOptions & { key?: KeyLike | Uint8Array } = {}) => sign(options.key ?? issuerKey.privateKey, claims, options);

  const claimsOf = (tenant: string, role: Role) =>
    role === 'platform' ? { setia_role: 'platform' } : role === 'member' ? { setia_tenant: tenant, setia_role: role, sub: MATRIX_MEMBER } : { setia_tenant: tenant, setia_role: role };

  beforeAll(async () => {
    issuerKey = await generateKeyPair('ES256');
    strangerKey = await generateKeyPair('ES256');
    jwks = { keys: [{ ...(await exportJWK(issuerKey.publicKey)), kid: 'kopi-1', alg: 'ES256', use: 'sig' }] };
    // The identity provider's JWKS endpoint: real HTTP on 127.0.0.1, as Setia would fetch it from the chain's provider.
    jwksServer = createServer((request, response) => {
      jwksRequests += 1;
      if (request.url !== '/.well-known/jwks.json') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    setia = await startSetia({
      SETIA_JWT_ISSUER: ISSUER,
      SETIA_JWT_AUDIENCE: AUDIENCE,
      SETIA_JWT_TENANT: OWN,
      SETIA_JWT_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    });
    // Tenants are made with the platform API key; everything else below is done with tokens.
    for (const tenant of [OWN, OTHER]) expect((await setia.request('POST', '/v1/tenants', { tenantId: tenant, sandbox: tenant === OWN }, bearer(TEST_ADMIN_KEY))).status).toBe(201);
    await seedMatrixTenant(setia, OWN, { admin: bearer(await token(claimsOf(OWN, 'admin'))), pos: bearer(await token(claimsOf(OWN, 'pos'))) });
  });
  afterAll(async () => {
    await setia.close();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  /** A key to revoke, for the routes that name one. */
  async function pathOf(route: Route, tenant: string): Promise<string> {
    if (!route.template.includes('{keyId}')) return routePath(route, tenant);
    const created = await setia.request('POST', `/v1/tenants/${tenant}/keys`, { role: 'analyst' }, bearer(TEST_ADMIN_KEY));
    return routePath(route, tenant, created.body.keyId);
  }

  /**
   * The access matrix with tokens of the issuer's tenant: each route × each role, a platform-role token
   * refused (tokens never grant the platform), each role on another tenant's routes, and each role
   * of a token naming another tenant refused (the issuer is that one tenant's identity provider).
   */
  const cases: Array<{ name: string; route: Route; pathTenant: string; tokenTenant: string; role: Role; expected: number | 'ok' }> = [];
  for (const route of ROUTES) {
    const name = (what: string) => `${route.method} ${route.template}: ${what}`;
    for (const role of [...ROLES, 'member' as const]) {
      const expected = role === 'platform' ? 401 : route.allowed.includes(role) ? 'ok' : 403;
      cases.push({ name: name(`${role} token → ${expected === 'ok' ? route.ok : expected}`), route, pathTenant: OWN, tokenTenant: OWN, role, expected });
    }
    for (const role of [...TENANT_ROLES, 'member' as const]) {
      const expected = route.template === '/v1/tenants' ? 403 : 404;
      cases.push({ name: name(`${role} token on another tenant's route → ${expected}`), route, pathTenant: OTHER, tokenTenant: OWN, role, expected });
      cases.push({ name: name(`${role} token naming another tenant → 401`), route, pathTenant: OTHER, tokenTenant: OTHER, role, expected: 401 });
    }
  }

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, { route, pathTenant, tokenTenant, role, expected }) => {
    const path = await pathOf(route, pathTenant);
    const before = await setia.lastPosition();
    const answer = await setia.request(route.method, path, route.body?.(), bearer(await token(claimsOf(tokenTenant, role))));
    if (expected === 'ok') {
      expect({ status: answer.status, body: answer.body }).toEqual({ status: route.ok, body: expect.anything() });
      return;
    }
    expect({ status: answer.status, body: answer.body }).toEqual({ status: expected, body: expect.objectContaining({ statusCode: expected }) });
    expect(await setia.lastPosition()).toBe(before);
  });

  it('fetched the issuer\'s keys over HTTP, and records the token\'s subject as the acting principal', async () => {
    expect(jwksRequests).toBeGreaterThan(0);
    const pos = await token(claimsOf(OWN, 'pos'), { subject: 'till-jkt-01' });
    const answer = await setia.request('POST', `/v1/tenants/${OWN}/purchases`, purchase('ani', 100_000, { receiptId: 'R-JWT-SUBJECT' }), bearer(pos));
    expect(answer.status).toBe(201);
    const [recorded] = (await setia.store.readStream(`customer-${OWN}-ani`)).filter((event) => event.metadata.commandId === 'purchase:R-JWT-SUBJECT');
    expect(recorded.metadata.principal).toBe('jwt:till-jkt-01');
  });

  const refusals: Array<[string, () => Promise<string>, RegExp]> = [
    ['an expired token', () => token(claimsOf(OWN, 'admin'), { expiresIn: -600 }), /has expired/],
    ['a token not valid yet', () => token(claimsOf(OWN, 'admin'), { notBeforeIn: 600 }), /not valid yet/],
    ['a token of another issuer', () => token(claimsOf(OWN, 'admin'), { issuer: 'https://id.evil.example' }), /not issued by the configured issuer/],
    ['a token for another audience', () => token(claimsOf(OWN, 'admin'), { audience: 'another-api' }), /not meant for this audience/],
    ['a token signed by another key under the issuer\'s key id', () => token(claimsOf(OWN, 'admin'), { key: strangerKey.privateKey }), /signature does not verify/],
    ['a token whose key id the issuer does not have', () => token(claimsOf(OWN, 'admin'), { key: strangerKey.privateKey, kid: 'unknown-9' }), /no signing key of the issuer matches/],
    ['a token signed with a shared secret (HS256)', () => token(claimsOf(OWN, 'admin'), { alg: 'HS256', key: new TextEncoder().encode('x'.repeat(32)) }), /algorithm Setia does not accept/],
    ['a token without a Setia role', () => token({ setia_tenant: OWN }), /setia_role claim must be one of admin, pos, auditor, analyst/],
    ['a token with the platform role', () => token({ setia_role: 'platform' }), /setia_role claim must be one of admin, pos, auditor, analyst/],
    ['a token with the platform role and a tenant', () => token({ setia_tenant: OWN, setia_role: 'platform' }), /setia_role claim must be one of admin, pos, auditor, analyst/],
    ['a token of a tenant role without a tenant', () => token({ setia_role: 'admin' }), new RegExp(`setia_tenant claim must be ${OWN}, the tenant of the configured issuer`)],
    ['a token naming another tenant', () => token(claimsOf(OTHER, 'admin')), new RegExp(`setia_tenant claim must be ${OWN}, the tenant of the configured issuer`)],
    ['a token whose sub is not a string', () => token({ ...claimsOf(OWN, 'admin'), sub: { id: 42 } }), /sub claim must be a non-empty string/],
    ['a token whose sub is empty', () => token({ ...claimsOf(OWN, 'admin'), sub: '' }), /sub claim must be a non-empty string/],
    ['a token with stores on an admin role', () => token({ ...claimsOf(OWN, 'admin'), setia_stores: ['JKT-01'] }), /setia_stores claim must be a list of store ids, for the pos role only/],
    ['a token that is not a signed JWT', async () => 'abc.def.ghi', /malformed/],
  ];

  it.each(refusals)('%s gets 401 with WWW-Authenticate naming the error, and nothing is recorded', async (_name, make, description) => {
    const before = await setia.lastPosition();
    const answer = await setia.request('POST', `/v1/tenants/${OWN}/keys`, { role: 'auditor' }, bearer(await make()));
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ statusCode: 401, message: expect.stringMatching(description) });
    const challenge = String(answer.headers['www-authenticate']);
    expect(challenge).toMatch(/^Bearer error="invalid_token", error_description="[^"\\]+"$/);
    expect(challenge).toMatch(description);
    expect(await setia.lastPosition()).toBe(before);
  });

  it('a pos token limited to stores may post only for them', async () => {
    const till = await token({ ...claimsOf(OWN, 'pos'), setia_stores: ['JKT-01'] });
    expect((await setia.request('POST', `/v1/tenants/${OWN}/purchases`, purchase('ani', 100_000, { storeId: 'JAP-01' }), bearer(till))).body).toMatchObject({ statusCode: 403, field: 'storeId' });
    expect((await setia.request('POST', `/v1/tenants/${OWN}/purchases`, purchase('ani', 100_000), bearer(till))).status).toBe(201);
  });

  it('API keys keep working beside tokens, and a key-like credential is never taken for a token', async () => {
    expect((await setia.request('GET', `/v1/tenants/${OWN}/keys`, undefined, bearer(TEST_ADMIN_KEY))).status).toBe(200);
    const unknownKey = await setia.request('GET', `/v1/tenants/${OWN}/keys`, undefined, bearer(`${TEST_ADMIN_KEY.slice(0, -1)}x`));
    expect({ status: unknownKey.status, challenge: unknownKey.headers['www-authenticate'] }).toEqual({ status: 401, challenge: 'Bearer' });
  });
});

describe('JWT bearer tokens with the issuer\'s keys in a local JWKS file, and an issuer that cannot be reached', () => {
  it('a token verified against SETIA_JWT_JWKS_FILE works offline', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const dir = mkdtempSync(join(tmpdir(), 'setia-jwks-'));
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'offline-1', alg: 'RS256' }] }));
    const setia = await startSetia({ SETIA_JWT_ISSUER: ISSUER, SETIA_JWT_AUDIENCE: AUDIENCE, SETIA_JWT_TENANT: 'offline', SETIA_JWT_JWKS_FILE: file });
    try {
      expect((await setia.request('POST', '/v1/tenants', { tenantId: 'offline' }, bearer(TEST_ADMIN_KEY))).status).toBe(201);
      const admin = await sign(privateKey, { setia_tenant: 'offline', setia_role: 'admin' }, { alg: 'RS256', kid: 'offline-1' });
      expect((await setia.request('PUT', '/v1/tenants/offline/program', PROGRAM, bearer(admin))).status).toBe(200);
    } finally {
      await setia.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an identity provider whose JWKS cannot be fetched gives 503, not 401 (the token may be fine)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const setia = await startSetia({ SETIA_JWT_ISSUER: ISSUER, SETIA_JWT_AUDIENCE: AUDIENCE, SETIA_JWT_TENANT: 'kopi', SETIA_JWT_JWKS_URL: 'http://127.0.0.1:1/jwks.json' });
    try {
      const admin = await sign(privateKey, { setia_tenant: 'kopi', setia_role: 'admin' });
      const answer = await setia.request('GET', '/v1/tenants/kopi/program', undefined, bearer(admin));
      expect(answer).toMatchObject({ status: 503, body: { statusCode: 503, message: expect.stringMatching(/signing keys could not be fetched/) } });
    } finally {
      await setia.close();
    }
  });
});
