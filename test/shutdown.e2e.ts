import { Agent, request } from 'node:http';
import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Module } from '@nestjs/common';
import { SqliteEventStore } from '@setia/event-store';
import { createHttpApp } from '../apps/api/src/http/create-http-app';
import { exited, spawnEntryPoint } from './support/entry-points';
import { PROGRAM, purchase } from './support/program';
import { TEST_ADMIN_KEY, TEST_RECEIPTS_SINCE } from './support/setia-app';

const TENANT = 'halt';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The API as its own process on the embedded default, with a tenant, a program and a till key. */
async function startApi() {
  const dataDir = mkdtempSync(join(tmpdir(), 'setia-shutdown-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = spawnEntryPoint('apps/api/src/main.js', { SETIA_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), SETIA_ADMIN_KEY: TEST_ADMIN_KEY, SETIA_RATE_LIMIT: '100000' });
  const send = async (method: string, path: string, body: unknown, key: string) => {
    const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { key: string };
  };
  for (let started = Date.now(); ; ) {
    if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) break;
    if (api.exitCode !== null || Date.now() - started > 20_000) throw new Error(`the API did not start:\n${api.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await send('POST', '/v1/tenants', { tenantId: TENANT, receiptsSince: TEST_RECEIPTS_SINCE }, TEST_ADMIN_KEY);
  const admin = (await send('POST', `/v1/tenants/${TENANT}/keys`, { role: 'admin' }, TEST_ADMIN_KEY)).key;
  const pos = (await send('POST', `/v1/tenants/${TENANT}/keys`, { role: 'pos' }, TEST_ADMIN_KEY)).key;
  await send('PUT', `/v1/tenants/${TENANT}/program`, PROGRAM, admin);
  return { api, port, pos, dataDir };
}

/** Per receipt claimed in the store: whether its purchase is in the customer's ledger. */
async function receiptsInStore(dataDir: string): Promise<{ claimed: string[]; recorded: string[] }> {
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  try {
    const events = await store.readAll();
    return {
      claimed: events.filter((e) => e.streamName.startsWith(`claim-${TENANT}-receipt-`)).map((e) => e.streamName.slice(`claim-${TENANT}-receipt-`.length)).sort(),
      recorded: events.filter((e) => e.type === 'PurchaseRecorded').map((e) => (e.data as { receiptId: string }).receiptId).sort(),
    };
  } finally {
    await store.close();
  }
}

describe('stopping the API (SIGTERM) while tills are posting', () => {
  it('finishes every command already started, even when its till hung up, before the event store closes', async () => {
    const { api, port, pos, dataDir } = await startApi();
    try {
      const sockets: Socket[] = [];
      for (let n = 0; n < 200; n++) {
        const body = JSON.stringify(purchase(`c${n % 20}`, 50_000));
        const socket = connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        socket.write(
          `POST /v1/tenants/${TENANT}/purchases HTTP/1.1\r\nhost: setia\r\ncontent-type: application/json\r\n` +
            `authorization: Bearer ${pos}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
        sockets.push(socket);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The tills give up (timeout) just as the server is told to stop.
      for (const socket of sockets) socket.destroy();
      api.kill('SIGTERM');
      await exited(api);

      expect(api.output()).not.toMatch(/ERROR|closed/);
      const { claimed, recorded } = await receiptsInStore(dataDir);
      expect(claimed.length).toBeGreaterThan(0);
      expect(recorded).toEqual(claimed);
    } finally {
      api.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('answers the purchases in flight on keep-alive connections, refuses new ones with 503, and exits promptly', async () => {
    const { api, port, pos, dataDir } = await startApi();
    const agent = new Agent({ keepAlive: true, maxSockets: 20 });
    const post = (body: unknown) =>
      new Promise<number | string>((resolve) => {
        const outgoing = request({ host: '127.0.0.1', port, method: 'POST', path: `/v1/tenants/${TENANT}/purchases`, agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${pos}` } }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode!));
        });
        outgoing.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
        outgoing.end(JSON.stringify(body));
      });
    try {
      // Warm the connections up so they stay open, idle, in the agent's pool.
      expect(await Promise.all(Array.from({ length: 20 }, (_, n) => post(purchase(`k${n}`, 50_000))))).toEqual(Array(20).fill(201));
      const inFlight = Array.from({ length: 20 }, (_, n) => purchase(`k${n}`, 70_000));
      const answers = inFlight.map(post);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const stopping = Date.now();
      api.kill('SIGTERM');
      const statuses = await Promise.all(answers);
      await exited(api);
      // Keep-alive connections would otherwise hold the server open for fastify's 72 s.
      expect(Date.now() - stopping).toBeLessThan(10_000);
      expect(api.output()).not.toMatch(/ERROR|closed/);
      // Every answer is a purchase recorded, or a refusal a till can safely retry; never a 500.
      for (const status of statuses) expect([201, 503, 'ECONNRESET', 'ECONNREFUSED']).toContain(status);
      const { recorded } = await receiptsInStore(dataDir);
      const acknowledged = inFlight.filter((_, n) => statuses[n] === 201).map((p) => p.receiptId);
      expect(recorded).toEqual(expect.arrayContaining(acknowledged));
    } finally {
      agent.destroy();
      api.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

@Controller('stuck')
class StuckController {
  @Get()
  never(): Promise<never> {
    return new Promise(() => undefined);
  }
}

@Module({ controllers: [StuckController] })
class StuckModule {}

describe('stopping the HTTP app while a handler never finishes', () => {
  it('waits for it only up to the drain limit, then closes', async () => {
    const app = await createHttpApp({ module: StuckModule }, { logger: false, drainLimitMs: 300 });
    const fastify = app.getHttpAdapter().getInstance();
    await fastify.ready();
    void fastify.inject({ method: 'GET', url: '/stuck' }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopping = Date.now();
    await app.close();
    expect(Date.now() - stopping).toBeGreaterThanOrEqual(250);
    expect(Date.now() - stopping).toBeLessThan(5_000);
  }, 20_000);
});
