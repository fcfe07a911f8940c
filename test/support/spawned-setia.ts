import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, spawnEntryPoint } from './entry-points';
import { PROGRAM } from './program';
import { TEST_ADMIN_KEY, TEST_RECEIPTS_SINCE } from './setia-app';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface SpawnedSetia {
  base: string;
  dataDir: string;
  child: ReturnType<typeof spawnEntryPoint>;
  /** A request; the answer's status, headers and body (JSON when it is JSON). */
  send(method: string, path: string, body?: unknown, key?: string, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  /** Tenant, an admin and a pos key, and the test program, through the API. */
  provision(tenant: string): Promise<{ admin: string; pos: string }>;
  /** SIGTERM; how it ended: its exit code, or the signal that ended it (Nest raises SIGTERM again once it has shut down). */
  stop(): Promise<number | string | null>;
  /** Stops it if it runs, and removes the data directory unless `keepData`. */
  cleanUp(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * A built entry point (`apps/setia/src/main.js` is what npm start runs) as its own process on the
 * embedded default, on a free port of 127.0.0.1, in a fresh data directory unless given one,
 * with the test platform key; resolves once /health answers (at `healthBase` when given: the relay's).
 */
export async function spawnSetia(entry: string, env: Record<string, string> = {}, dataDir?: string, healthBase?: string): Promise<SpawnedSetia> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'setia-spawned-'));
  const port = await freePort();
  // The relay answers on RELAY_HEALTH_PORT (healthBase) rather than PORT.
  const base = healthBase ?? `http://127.0.0.1:${port}`;
  const child = spawnEntryPoint(entry, { SETIA_DATA_DIR: dir, HOST: '127.0.0.1', PORT: String(port), SETIA_ADMIN_KEY: TEST_ADMIN_KEY, SETIA_RATE_LIMIT: '100000', ...env });
  for (let started = Date.now(); ; ) {
    if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) break;
    if (child.exitCode !== null || Date.now() - started > 30_000) {
      child.kill('SIGKILL');
      throw new Error(`${entry} did not start:\n${child.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const send: SpawnedSetia['send'] = async (method, path, body, key, headers = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(key && { authorization: `Bearer ${key}` }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, headers: response.headers, text };
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
    return child.exitCode ?? child.signalCode;
  };
  return {
    base,
    dataDir: dir,
    child,
    send,
    async provision(tenant) {
      const ok = async (answer: Promise<{ status: number; body: any }>) => {
        const { status, body } = await answer;
        if (status >= 300) throw new Error(`provisioning ${tenant}: ${status} ${JSON.stringify(body)}`);
        return body;
      };
      await ok(send('POST', '/v1/tenants', { tenantId: tenant, receiptsSince: TEST_RECEIPTS_SINCE }, TEST_ADMIN_KEY));
      const admin = (await ok(send('POST', `/v1/tenants/${tenant}/keys`, { role: 'admin' }, TEST_ADMIN_KEY))).key as string;
      const pos = (await ok(send('POST', `/v1/tenants/${tenant}/keys`, { role: 'pos' }, TEST_ADMIN_KEY))).key as string;
      await ok(send('PUT', `/v1/tenants/${tenant}/program`, PROGRAM, admin));
      return { admin, pos };
    },
    stop,
    async cleanUp(options = {}) {
      await stop();
      if (!options.keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}
