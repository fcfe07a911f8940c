import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const PORT = 3917;
const BASE = `http://127.0.0.1:${PORT}`;
const TENANT = '/v1/tenants/bench';
const MEMBERS = 1000;
const CONNECTIONS = 50;
const DURATION_S = 10;
const WARM_UP_S = 3;
/** Node's flags as `npm start` runs Setia (its young-generation size): the bench measures the product as started. */
const START_FLAGS = (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .match(/node ((?:--\S+ )*)/)![1]
  .split(' ')
  .filter(Boolean);
/** The platform key the spawned server starts with; the bench makes the tenant and its keys through the API. */
const ADMIN_KEY = 'setia_platform.00000000000bec00_BenchOnlyBenchOnlyBenchOnlyBenchOnlyBenchOnly';

async function post(path: string, body: unknown, key: string, method = 'POST'): Promise<{ key?: string }> {
  const response = await fetch(`${BASE}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { key?: string };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function waitForHealth(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${BASE}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('Setia did not start within 30 s');
}

/**
 * Purchases per second through HTTP on the embedded default, driven by autocannon from this
 * process with 50 connections, every request a new receipt of one of 1,000 members, measured for
 * 10 s after 3 s of the same load (printed as the warm-up: the first seconds of a process compile
 * the purchase path and fill its caches, and their p99 is ~1.5 times the steady one). `service`
 * is the API alone (projector and relay run apart) or the all-in-one process, where the projector
 * and the relay share the same two cores with the API.
 */
export async function benchHttp(synchronous: 'FULL' | 'NORMAL' = 'FULL', service: 'api' | 'setia' = 'api'): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'setia-bench-http-'));
  const server = spawn(process.execPath, [...START_FLAGS, ...(process.env.SETIA_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), join(__dirname, `../apps/${service}/src/main.js`)], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', SETIA_DATA_DIR: dataDir, SETIA_SQLITE_SYNCHRONOUS: synchronous,
      // One pos key sends every purchase: lift the per-key rate limit so it measures the server, not the limit.
      SETIA_ADMIN_KEY: ADMIN_KEY, SETIA_RATE_LIMIT: '1000000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHealth();
    await post('/v1/tenants', { tenantId: 'bench' }, ADMIN_KEY);
    const admin = (await post(`${TENANT}/keys`, { role: 'admin' }, ADMIN_KEY)).key!;
    const pos = (await post(`${TENANT}/keys`, { role: 'pos' }, ADMIN_KEY)).key!;
    await post(`${TENANT}/program`, {
      currency: 'IDR',
      timeZone: 'Asia/Jakarta',
      stores: [{ storeId: 'S1', timeZone: 'Asia/Jakarta' }],
      earn: { spendPerPoint: 10_000 },
      tiers: [
        { name: 'Silver', minQualifyingSpend: 0, multiplier: 1 },
        { name: 'Gold', minQualifyingSpend: 5_000_000, multiplier: 1.5 },
      ],
      rewards: [{ rewardId: 'COFFEE', points: 100 }],
      referral: { referrerBonus: 0, refereeBonus: 0, minQualifyingPurchase: 0 },
      feedback: { bonus: 0 },
    }, admin, 'PUT');
    for (let i = 0; i < MEMBERS; i++) await post(`${TENANT}/members`, { customerId: `m${i}`, cardNumber: `6001 ${i}` }, pos);

    let sequence = 0;
    const occurredAt = new Date(Date.now() - 60_000).toISOString();
    /** Purchases at 50 connections for `duration` seconds, every request a new receipt. */
    const purchases = (duration: number) =>
      autocannon({
        url: `${BASE}${TENANT}/purchases`,
        connections: CONNECTIONS,
        duration,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${pos}` },
        requests: [
          {
            setupRequest: (request) => {
              sequence += 1;
              const total = 50_000 + (sequence % 20) * 10_000;
              return {
                ...request,
                body: JSON.stringify({
                  receiptId: `B-${sequence}`,
                  storeId: 'S1',
                  customerId: `m${sequence % MEMBERS}`,
                  occurredAt,
                  currency: 'IDR',
                  total,
                  lines: [{ sku: 'SKU-1', quantity: 1, unitPrice: total }],
                }),
              };
            },
          },
        ],
      });
    // The figure is of a server that has run a while, as through a store's day.
    const warmUp = await purchases(WARM_UP_S);
    console.log(`HTTP purchases warm-up, not the figure: ${Math.round(warmUp.requests.average).toLocaleString('en')} req/s, p99 ${warmUp.latency.p99} ms (${WARM_UP_S} s)`);
    const cpuBefore = cpuSeconds(server.pid!);
    const result = await purchases(DURATION_S);
    const non2xx = result.non2xx + result.errors + result.timeouts;
    const cpuAfter = cpuSeconds(server.pid!);
    // CPU per purchase in the server tells the cost apart from contention on a shared machine.
    const cpuPerRequest = cpuBefore !== undefined && cpuAfter !== undefined ? `, server CPU ${Math.round(((cpuAfter - cpuBefore) * 1e6) / result.requests.total)} µs per purchase` : '';
    console.log(
      `HTTP purchases (${service === 'api' ? 'API alone' : 'all-in-one'}, sqlite synchronous=${synchronous}): ${Math.round(result.requests.average).toLocaleString('en')} req/s, ` +
        `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (${CONNECTIONS} connections, ${DURATION_S} s, ` +
        `${result.requests.total.toLocaleString('en')} purchases, ${non2xx} not 2xx${cpuPerRequest}; node ${START_FLAGS.join(' ')} as npm start)`,
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
