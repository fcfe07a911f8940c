import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TENANT_ID_PATTERN } from '@setia/domain';
import { EVENT_STORE } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';
import { loadConfig } from '@setia/platform';
import { ApiModule } from '../../apps/api/src/api.module';
import { createHttpApp } from '../../apps/api/src/http/create-http-app';
import { SetiaModule } from '../../apps/setia/src/setia.module';

/** The earliest purchase of the suites' tenants: their receipts go back to it (a chain bringing its history). */
export const TEST_RECEIPTS_SINCE = '2026-01-01T00:00:00.000Z';

/** The platform key every test app starts with (SETIA_ADMIN_KEY). */
export const TEST_ADMIN_KEY = 'setia_platform.0123456789abcdef_TestOnlyTestOnlyTestOnlyTestOnlyTestOnly123';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface TestApp {
  app: NestFastifyApplication;
  store: EventStore;
  dataDir: string;
  /**
   * A request with the key its route needs (see keyRole), the tenant and its keys created on
   * first use; a test that passes its own `authorization` header sends exactly that (or none with '').
   */
  request(method: Method, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  /** The tenant's admin or pos key (tenant and keys created on first use), or the platform key. */
  keyFor(tenant: string, role: 'admin' | 'pos' | 'platform'): Promise<string>;
  /** Position of the newest event in the store, to show a refused request appended nothing. */
  lastPosition(): Promise<string | undefined>;
  close(): Promise<void>;
}

/**
 * The all-in-one application on the embedded default, in a fresh data directory; with
 * `{ apiOnly: true }` the HTTP API alone (no projector, relay or process managers).
 */
export async function startSetia(env: Record<string, string> = {}, options: { apiOnly?: boolean } = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'setia-test-'));
  const config = loadConfig({ SETIA_DATA_DIR: dataDir, SETIA_SQLITE_SYNCHRONOUS: 'NORMAL', SETIA_ADMIN_KEY: TEST_ADMIN_KEY, ...env });
  const app = await createHttpApp(options.apiOnly ? ApiModule.forRoot(config) : SetiaModule.forRoot(config), { logger: false });
  await app.getHttpAdapter().getInstance().ready();
  const store = app.get<EventStore>(EVENT_STORE);
  const platformKey = config.access.adminKey!;
  const tenantKeys = new Map<string, Promise<{ admin: string; pos: string }>>();

  const send = async (method: Method, url: string, body: unknown, headers: Record<string, string>) => {
    const response = await app.inject({ method, url, headers, ...(body !== undefined && { payload: body as object }) });
    return { status: response.statusCode, body: response.body ? response.json() : undefined, headers: response.headers };
  };
  /**
   * POST /v1/tenants and an admin and a pos key for every store, through the API as a chain would;
   * the suites' receipts go back to the start of 2026 (TEST_RECEIPTS_SINCE).
   */
  const provision = async (tenant: string) => {
    const auth = { authorization: `Bearer ${platformKey}` };
    const created = await send('POST', '/v1/tenants', { tenantId: tenant, receiptsSince: TEST_RECEIPTS_SINCE }, auth);
    if (created.status !== 201 && created.status !== 409) throw new Error(`test tenant ${tenant}: ${JSON.stringify(created.body)}`);
    const key = async (role: string) => (await send('POST', `/v1/tenants/${tenant}/keys`, { role }, auth)).body.key as string;
    return { admin: await key('admin'), pos: await key('pos') };
  };
  const keyFor = async (tenant: string, role: 'admin' | 'pos' | 'platform') => {
    if (role === 'platform') return platformKey;
    if (!tenantKeys.has(tenant)) tenantKeys.set(tenant, provision(tenant));
    return (await tenantKeys.get(tenant)!)[role];
  };

  return {
    app,
    store,
    dataDir,
    keyFor,
    async request(method, url, body, headers = {}) {
      if (!('authorization' in headers)) {
        const tenant = /^\/v1\/tenants\/([^/?]+)/.exec(url)?.[1];
        const role = keyRole(method, url);
        // A malformed tenant has no keys; any valid key gets its 400.
        const key = tenant === undefined || role === 'platform' || !TENANT_ID_PATTERN.test(tenant) ? platformKey : await keyFor(tenant, role);
        headers = { ...headers, authorization: `Bearer ${key}` };
      } else if (headers.authorization === '') {
        const { authorization: _none, ...rest } = headers;
        headers = rest;
      }
      return send(method, url, body, headers);
    },
    async lastPosition() {
      const [last] = await store.readAll({ direction: 'backwards', maxCount: 1 });
      return last?.position;
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The role whose key the harness sends: tills post, the platform creates tenants, admins do and read the rest. */
export function keyRole(method: Method, url: string): 'platform' | 'pos' | 'admin' {
  if (method === 'POST' && /^\/v1\/tenants\/?(\?|$)/.test(url)) return 'platform';
  if (method === 'POST' && /^\/v1\/tenants\/[^/]+\/(members|purchases|quotes|returns|redemptions|redemptions\/[^/]+\/cancel|feedback|vouchers\/[^/]+\/(use|cancel-use))(\?|$)/.test(url)) return 'pos';
  if (method === 'PUT' && /^\/v1\/tenants\/[^/]+\/members\/[^/]+\/card(\?|$)/.test(url)) return 'pos';
  return 'admin';
}

/** Waits until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
