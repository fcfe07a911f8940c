import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sampleProgram } from '../libs/domain/src/testing/fixtures';
import { benchRounds, median, perRound } from './rounds';

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

/**
 * The sample program with one store, two tiers and no bonus, so every purchase takes the same
 * path; its points expire (each purchase makes a lot with its expiry, as a chain's would).
 */
const BENCH_PROGRAM = sampleProgram({
  stores: [{ storeId: 'S1', timeZone: 'Asia/Jakarta' }],
  tiers: [
    { name: 'Silver', minQualifyingSpend: 0, multiplier: 1 },
    { name: 'Gold', minQualifyingSpend: 5_000_000, multiplier: 1.5 },
  ],
  rewards: [{ rewardId: 'COFFEE', points: 100 }],
  referral: { referrerBonus: 0, refereeBonus: 0, minQualifyingPurchase: 0 },
  feedback: { bonus: 0 },
  pointsExpiry: { afterMonths: 12, noticeDays: 30 },
});

/**
 * The bench program with two stamp cards and a daily gift on: a card stamped by every unit of
 * SKU-1 (ten for a voucher), one stamped by every receipt of Rp 100,000 or more (six for a voucher),
 * and a gift for Rp 1,000,000 spent in a local day, so about every fourth purchase issues a voucher.
 */
const STAMP_CARD_PROGRAM = {
  ...BENCH_PROGRAM,
  stampCards: [
    { cardId: 'SKU-1-10', name: 'Tenth SKU-1 free', counts: { sku: 'SKU-1', per: 'item' as const }, stampsNeeded: 10, reward: { voucher: { kind: 'freeItem' as const, sku: 'SKU-1' }, validDays: 30 } },
    { cardId: 'VISIT-6', name: 'Sixth visit, Rp 25,000 off', counts: { minAmount: 100_000, per: 'receipt' as const }, stampsNeeded: 6, reward: { voucher: { kind: 'amountOff' as const, amount: 25_000 }, validDays: 30 } },
  ],
  gifts: [{ giftId: 'BAG', minSpend: 1_000_000, per: 'day' as const, reward: { voucher: { kind: 'freeItem' as const, sku: 'TOTE-BAG' }, validDays: 7 } }],
};

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

/** One measured load: requests per second, latency and the server's CPU per request. */
export interface HttpFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  notOk: number;
  cpuMicrosPerRequest: number | undefined;
}

/** Purchases at 50 connections for `duration` seconds, every request a new receipt of one of 1,000 members. */
function purchases(path: string, key: string | undefined, duration: number, next: () => number, occurredAt: string) {
  return autocannon({
    url: `${BASE}${path}`,
    connections: CONNECTIONS,
    duration,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }) },
    requests: [
      {
        setupRequest: (request) => {
          const sequence = next();
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
}

/** A load autocannon sends for a number of seconds. */
type Load = (duration: number) => ReturnType<typeof autocannon>;

/** Purchases, each a new receipt, dated a minute before the load starts. */
function purchaseLoad(path: string, key: string | undefined): Load {
  let sequence = 0;
  const next = () => (sequence += 1);
  const occurredAt = new Date(Date.now() - 60_000).toISOString();
  return (duration) => purchases(path, key, duration, next, occurredAt);
}

/** A till's lookups at 50 connections: each request the card of the next of the 1,000 members, as printed (with its space). */
function cardLookupLoad(key: string): Load {
  let sequence = 0;
  return (duration) =>
    autocannon({
      url: BASE,
      connections: CONNECTIONS,
      duration,
      headers: { authorization: `Bearer ${key}` },
      requests: [{ setupRequest: (request) => ({ ...request, method: 'GET', path: `${TENANT}/cards/${encodeURIComponent(cardOf((sequence += 1) % MEMBERS))}` }) }],
    });
}

/**
 * The warm-up (printed, not the figure: the first seconds of a process compile the request's path
 * and fill its caches, and their p99 is ~1.5 times the steady one), then the measured run, with
 * the server's CPU over it: CPU per request tells the cost apart from contention on a shared machine.
 */
async function measure(label: string, pid: number, load: Load): Promise<HttpFigures> {
  const warmUp = await load(WARM_UP_S);
  console.log(`${label} warm-up, not the figure: ${Math.round(warmUp.requests.average).toLocaleString('en')} req/s, p99 ${warmUp.latency.p99} ms (${WARM_UP_S} s)`);
  const cpuBefore = cpuSeconds(pid);
  const result = await load(DURATION_S);
  const cpuAfter = cpuSeconds(pid);
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    notOk: result.non2xx + result.errors + result.timeouts,
    cpuMicrosPerRequest: cpuBefore !== undefined && cpuAfter !== undefined ? Math.round(((cpuAfter - cpuBefore) * 1e6) / result.requests.total) : undefined,
  };
}

/** `what`: one request, in words ("purchase", "lookup"). */
function describe(figures: HttpFigures, anchor?: HttpFigures, what = 'purchase'): string {
  const ratio = anchor ? `, ${(figures.requestsPerSecond / anchor.requestsPerSecond).toFixed(2)} of the bare route` : '';
  const cpu = figures.cpuMicrosPerRequest === undefined ? '' : `, server CPU ${figures.cpuMicrosPerRequest} µs per ${what}`;
  return (
    `${Math.round(figures.requestsPerSecond).toLocaleString('en')} req/s${ratio}, p50 ${figures.p50} ms, p99 ${figures.p99} ms ` +
    `(${CONNECTIONS} connections, ${DURATION_S} s, ${figures.total.toLocaleString('en')} ${what}s, ${figures.notOk} not 2xx${cpu}; node ${START_FLAGS.join(' ')} as npm start)`
  );
}

function startServer(script: string, env: Record<string, string>) {
  return spawn(process.execPath, [...START_FLAGS, ...(process.env.SETIA_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), join(__dirname, script)], {
    env: { ...process.env, PORT: String(PORT), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stopServer(server: ReturnType<typeof spawn>): Promise<void> {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
}

/**
 * The anchor of the HTTP figures: a bare NestJS + Fastify route that validates the same purchase
 * body as the API and stores nothing (bare-route.main.ts), under the same load.
 */
export async function benchBareRoute(): Promise<HttpFigures> {
  const server = startServer('bare-route.main.js', {});
  try {
    await waitForHealth();
    const figures = await measure('HTTP bare route', server.pid!, purchaseLoad(`${TENANT}/purchases`, undefined));
    console.log(`HTTP bare route (NestJS + Fastify, the purchase body validated, nothing stored): ${describe(figures)}`);
    return figures;
  } finally {
    await stopServer(server);
  }
}

interface Lag {
  events: number | null;
  seconds: number;
}

/**
 * At the end of the all-in-one's run, as its /health says: how far behind the read models and the
 * relay were, and how long after the load they had caught up.
 */
async function backgroundLag(): Promise<string> {
  // A thread that does not answer /health in time reports no lag: counted as unknown, and asked again.
  const unknown: Lag = { events: null, seconds: Number.NaN };
  const lags = async () => {
    const { checks } = (await (await fetch(`${BASE}/health`)).json()) as { checks: { projector: { lag?: Lag }; relay: { lag?: Lag } } };
    return { projector: checks.projector.lag ?? unknown, relay: checks.relay.lag ?? unknown };
  };
  const atEnd = await lags();
  const started = Date.now();
  let now = atEnd;
  while ((now.projector.events !== 0 || now.relay.events !== 0) && Date.now() - started < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    now = await lags();
  }
  const lag = (l: Lag) => `${l.seconds.toFixed(2)} s (${l.events ?? '?'} events)`;
  return `; at the end of the run the read models were ${lag(atEnd.projector)} behind and the relay ${lag(atEnd.relay)}, both caught up ${Date.now() - started} ms later`;
}

/** The card of bench member `i`. */
const cardOf = (i: number) => `6001 ${i}`;

/** Setia on the embedded default in `dataDir`, one pos key sending every request: the per-key rate limit is lifted so it measures the server, not the limit. */
function startSetia(service: 'api' | 'setia', dataDir: string, synchronous: 'FULL' | 'NORMAL') {
  return startServer(`../apps/${service}/src/main.js`, {
    HOST: '127.0.0.1', SETIA_DATA_DIR: dataDir, SETIA_SQLITE_SYNCHRONOUS: synchronous, SETIA_ADMIN_KEY: ADMIN_KEY, SETIA_RATE_LIMIT: '1000000',
  });
}

/**
 * The bench tenant with its program and 1,000 members with their cards, once Setia answers; its pos
 * key. `campaigns`: created before the members enrol.
 */
async function benchTenant(campaigns: readonly object[] = [], program: object = BENCH_PROGRAM): Promise<string> {
  await waitForHealth();
  // Its receipts from a day back: the loads post purchases dated a minute before they start.
  await post('/v1/tenants', { tenantId: 'bench', receiptsSince: new Date(Date.now() - 86_400_000).toISOString() }, ADMIN_KEY);
  const admin = (await post(`${TENANT}/keys`, { role: 'admin' }, ADMIN_KEY)).key!;
  const pos = (await post(`${TENANT}/keys`, { role: 'pos' }, ADMIN_KEY)).key!;
  await post(`${TENANT}/program`, program, admin, 'PUT');
  for (const campaign of campaigns) await post(`${TENANT}/campaigns`, campaign, admin);
  for (let i = 0; i < MEMBERS; i++) await post(`${TENANT}/members`, { customerId: `m${i}`, cardNumber: cardOf(i) }, pos);
  return pos;
}

/**
 * Five campaigns running while the bench's purchases are made (from yesterday to tomorrow, so in
 * every zone): four apply to every purchase (a multiplier, bonus points, a product's lines, and
 * bonus points from a budget large enough for the whole run, so every purchase spends from it),
 * one to a category the purchases do not have.
 */
function benchCampaigns(): object[] {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const window = { from: day(-1), to: day(1) };
  return [
    { campaignId: 'double', name: 'Double points', ...window, effect: { multiplier: 2 }, priority: 1 },
    { campaignId: 'bonus', name: 'Bonus per receipt', ...window, effect: { bonusPoints: 5 } },
    { campaignId: 'sku', name: 'SKU-1 triple', ...window, effect: { sku: 'SKU-1', multiplier: 3 }, perMember: { points: 1_000_000 } },
    { campaignId: 'drinks', name: 'Drinks double', ...window, effect: { category: 'drinks', multiplier: 2 } },
    { campaignId: 'capped', name: 'Capped bonus', ...window, effect: { bonusPoints: 2 }, budget: { points: 50_000_000 } },
  ];
}

/**
 * Purchases per second through HTTP on the embedded default, driven by autocannon from this
 * process with 50 connections, every request a new receipt of one of 1,000 members, measured for
 * 10 s after 3 s of the same load. `service` is the API alone (projector and relay run apart) or
 * the all-in-one process, where the projector and the relay share the same two cores with the API.
 * `anchor`: the bare route's figures of the same run, printed as a ratio.
 */
export async function benchHttp(synchronous: 'FULL' | 'NORMAL' = 'FULL', service: 'api' | 'setia' = 'api', anchor?: HttpFigures): Promise<HttpFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'setia-bench-http-'));
  const server = startSetia(service, dataDir, synchronous);
  try {
    const pos = await benchTenant();
    const label = `HTTP purchases (${service === 'api' ? 'API alone' : 'all-in-one'}, sqlite synchronous=${synchronous})`;
    // The figure is of a server that has run a while, as through a store's day.
    const figures = await measure(label, server.pid!, purchaseLoad(`${TENANT}/purchases`, pos));
    const behind = service === 'setia' ? await backgroundLag() : '';
    console.log(`${label}: ${describe(figures, anchor)}${behind}`);
    return figures;
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Purchases per second as benchHttp measures them on the API alone, with two stamp cards and a
 * daily gift on (STAMP_CARD_PROGRAM): each purchase also stamps the cards, counts the day's spend
 * and, about every fourth, issues a voucher whose code goes into the index before the append.
 * `anchor`: the bare route's figures of the same run, printed as a ratio.
 */
export async function benchStampCardPurchases(anchor?: HttpFigures): Promise<HttpFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'setia-bench-stamps-'));
  const server = startSetia('api', dataDir, 'FULL');
  try {
    const pos = await benchTenant([], STAMP_CARD_PROGRAM);
    const label = 'HTTP purchases with two stamp cards and a daily gift (API alone, sqlite synchronous=FULL)';
    const figures = await measure(label, server.pid!, purchaseLoad(`${TENANT}/purchases`, pos));
    console.log(`${label}: ${describe(figures, anchor)}`);
    return figures;
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A till's card lookups per second (GET /cards/{cardNumber}, the till's summary) on the API alone,
 * each the card of the next of 1,000 members who have bought once, measured as the purchases are;
 * `anchor`: the bare route's figures of the same run, printed as a ratio.
 */
export async function benchCardLookup(anchor?: HttpFigures): Promise<HttpFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'setia-bench-cards-'));
  const server = startSetia('api', dataDir, 'FULL');
  try {
    const pos = await benchTenant();
    const occurredAt = new Date(Date.now() - 60_000).toISOString();
    for (let i = 0; i < MEMBERS; i++) {
      await post(`${TENANT}/purchases`, { receiptId: `L-${i}`, storeId: 'S1', customerId: `m${i}`, occurredAt, currency: 'IDR', total: 1_500_000, lines: [{ sku: 'SKU-1', quantity: 1, unitPrice: 1_500_000 }] }, pos);
    }
    const label = 'HTTP card lookups (API alone)';
    const figures = await measure(label, server.pid!, cardLookupLoad(pos));
    console.log(`${label}: ${describe(figures, anchor, 'lookup')}`);
    return figures;
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Purchases per second on the API alone with five campaigns running, one of them capped (every
 * purchase spends from its budget's slices), measured as the purchases are; `anchor`: the bare
 * route's figures of the same run, printed as a ratio.
 */
export async function benchCampaignPurchases(anchor?: HttpFigures): Promise<HttpFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'setia-bench-campaigns-'));
  const server = startSetia('api', dataDir, 'FULL');
  try {
    const pos = await benchTenant(benchCampaigns());
    const label = 'HTTP purchases with five campaigns running, one capped (API alone)';
    const figures = await measure(label, server.pid!, purchaseLoad(`${TENANT}/purchases`, pos));
    console.log(`${label}: ${describe(figures, anchor)}`);
    return figures;
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Quotes at 50 connections: each request the basket of the next of the 1,000 members, as the purchases' bodies without receipt and total. */
function quoteLoad(key: string): Load {
  let sequence = 0;
  const occurredAt = new Date(Date.now() - 60_000).toISOString();
  return (duration) =>
    autocannon({
      url: `${BASE}${TENANT}/quotes`,
      connections: CONNECTIONS,
      duration,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      requests: [
        {
          setupRequest: (request) => {
            sequence += 1;
            const unitPrice = 50_000 + (sequence % 20) * 10_000;
            return { ...request, body: JSON.stringify({ storeId: 'S1', customerId: `m${sequence % MEMBERS}`, occurredAt, currency: 'IDR', lines: [{ sku: 'SKU-1', quantity: 1, unitPrice }] }) };
          },
        },
      ],
    });
}

/**
 * Basket quotes per second on the API alone with the five campaigns running, for members who have
 * bought once, measured as the purchases are; `anchor`: the bare route's figures of the same run.
 */
export async function benchQuotes(anchor?: HttpFigures): Promise<HttpFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'setia-bench-quotes-'));
  const server = startSetia('api', dataDir, 'FULL');
  try {
    const pos = await benchTenant(benchCampaigns());
    const occurredAt = new Date(Date.now() - 60_000).toISOString();
    for (let i = 0; i < MEMBERS; i++) {
      await post(`${TENANT}/purchases`, { receiptId: `Q-${i}`, storeId: 'S1', customerId: `m${i}`, occurredAt, currency: 'IDR', total: 150_000, lines: [{ sku: 'SKU-1', quantity: 1, unitPrice: 150_000 }] }, pos);
    }
    const label = 'HTTP basket quotes with five campaigns running, one capped (API alone)';
    const figures = await measure(label, server.pid!, quoteLoad(pos));
    console.log(`${label}: ${describe(figures, anchor, 'quote')}`);
    return figures;
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One HTTP figure of the rounds: what it measures, and how, against the bare route of its round. */
export interface HttpBench {
  label: string;
  /** One request, in words ("purchase", "lookup"). */
  what?: string;
  run(anchor: HttpFigures): Promise<HttpFigures>;
}

/**
 * Rounds (benchRounds) of the bare route and the figures after it, each figure printed as it is
 * measured; then each figure's median over the rounds: requests per second, its ratio to the bare
 * route of its own round, p99 and server CPU.
 */
export async function benchHttpRounds(benches: HttpBench[]): Promise<void> {
  const rounds = benchRounds();
  const anchors: HttpFigures[] = [];
  const measured = benches.map((): HttpFigures[] => []);
  for (let round = 1; round <= rounds; round++) {
    if (rounds > 1) console.log(`HTTP round ${round} of ${rounds}`);
    const anchor = await benchBareRoute();
    anchors.push(anchor);
    for (const [i, bench] of benches.entries()) measured[i].push(await bench.run(anchor));
  }
  if (rounds === 1) return;
  console.log(`HTTP, the median of ${rounds} rounds (a ratio is to the bare route of its own round; each round's figure in brackets, in order):`);
  console.log(`  bare route: ${summary(anchors)}`);
  for (const [i, bench] of benches.entries()) console.log(`  ${bench.label}: ${summary(measured[i], anchors, bench.what)}`);
}

function summary(figures: HttpFigures[], anchors?: HttpFigures[], what = 'purchase'): string {
  const rates = figures.map((figure) => figure.requestsPerSecond);
  const parts = [`${Math.round(median(rates)).toLocaleString('en')} req/s (${perRound(rates, (rate) => Math.round(rate).toLocaleString('en'))})`];
  if (anchors) {
    const ratios = figures.map((figure, round) => figure.requestsPerSecond / anchors[round].requestsPerSecond);
    parts.push(`${median(ratios).toFixed(2)} of the bare route (${perRound(ratios, (ratio) => ratio.toFixed(2))})`);
  }
  const p99s = figures.map((figure) => figure.p99);
  parts.push(`p99 ${median(p99s)} ms (${perRound(p99s, String)})`);
  const cpus = figures.flatMap((figure) => (figure.cpuMicrosPerRequest === undefined ? [] : [figure.cpuMicrosPerRequest]));
  if (cpus.length === figures.length) parts.push(`server CPU ${Math.round(median(cpus))} µs per ${what} (${perRound(cpus, String)})`);
  return parts.join(', ');
}
