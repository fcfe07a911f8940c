import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { memberId, SCALE_TENANT } from './histories';
import { buildWorld, distPath, eventStoreBytes, startApi } from './world';
import type { World } from './world';

const CONNECTIONS = 50;
const DURATION_S = 10;
const WARM_UP_S = 3;
const HOT_SET = 1_000;
/** Members of the store every figure is set beside: the size of the existing benches (about 100,000 events). */
const SMALL_MEMBERS = 4_000;

interface Http {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  notOk: number;
}

/** What one world measured. */
interface Figures {
  members: number;
  events: number;
  buildSeconds: number;
  bytesPerEvent: number;
  spread: Http;
  hot: Http;
  /** The same spread purchases, the connections split between two API processes on the one store. */
  spreadTwoApis: Http;
  apiPeakRss: number;
  projector: Step;
  rebuild: Step;
  relaySink: Step;
  relayKafka?: Step;
  verify: Step;
}

interface Step {
  events: number;
  seconds: number;
  peakRss: number;
}

/** Purchases at `connections` connections, each a new receipt of the member `pick(sequence)` gives. */
function purchases(base: string, key: string, prefix: string, pick: (sequence: number) => number, duration: number, connections = CONNECTIONS) {
  let sequence = 0;
  const occurredAt = new Date(Date.now() - 60_000).toISOString();
  return autocannon({
    url: `${base}/v1/tenants/${SCALE_TENANT}/purchases`,
    connections,
    duration,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    requests: [
      {
        setupRequest: (request) => {
          sequence += 1;
          const total = 50_000 + (sequence % 20) * 10_000;
          const body = { receiptId: `${prefix}-${sequence}`, storeId: 'JKT-01', customerId: memberId(pick(sequence)), occurredAt, currency: 'IDR', total, lines: [{ sku: 'SKU-1', quantity: 1, unitPrice: total }] };
          return { ...request, body: JSON.stringify(body) };
        },
      },
    ],
  });
}

async function measureHttp(base: string, key: string, prefix: string, pick: (sequence: number) => number): Promise<Http> {
  await purchases(base, key, `${prefix}W`, pick, WARM_UP_S);
  const result = await purchases(base, key, prefix, (sequence) => pick(sequence + 1_000_003), DURATION_S);
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, notOk: result.non2xx + result.errors + result.timeouts };
}

/**
 * The spread purchases with their connections split between two API processes on the one store
 * (each deciding for whichever member comes, as behind a load balancer with no affinity): what a
 * second process adds when both share one SQLite writer lock. The two halves pick members apart.
 */
async function measureTwoApis(bases: [string, string], key: string, pick: (sequence: number) => number): Promise<Http> {
  const half = CONNECTIONS / 2;
  const run = (prefix: string, offset: number, duration: number) =>
    Promise.all(bases.map((base, n) => purchases(base, key, `${prefix}${n}`, (sequence) => pick(2 * (sequence + offset) + n), duration, half)));
  await run('TWOW', 0, WARM_UP_S);
  const results = await run('TWO', 2_000_003, DURATION_S);
  return {
    requestsPerSecond: results.reduce((sum, result) => sum + result.requests.average, 0),
    p50: Math.max(...results.map((result) => result.latency.p50)),
    p99: Math.max(...results.map((result) => result.latency.p99)),
    total: results.reduce((sum, result) => sum + result.requests.total, 0),
    notOk: results.reduce((sum, result) => sum + result.non2xx + result.errors + result.timeouts, 0),
  };
}

/** Peak RSS of a running process (VmHWM), in bytes. */
function peakRssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'))!;
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** A step of step.js in a process of its own. */
function step(what: string, dataDir: string): Step {
  const out = execFileSync(process.execPath, [join(__dirname, 'step.js'), what, dataDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop()!) as Step;
}

/** A CLI of Setia (`npm run rebuild`, `npm run ledger -- verify`) on the data dir, timed with its peak RSS by /usr/bin/time. */
function cli(args: string[], dataDir: string, events: number): Step {
  const timeFile = join(dataDir, 'time.txt');
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, process.execPath, ...args], { env: { ...process.env, SETIA_DATA_DIR: dataDir }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (${run.status}): ${run.stdout.slice(-2000)}${run.stderr.slice(-2000)}`);
  const [seconds, kb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { events, seconds, peakRss: kb * 1024 };
}

/** Everything measured on a world of `members` members, built in a directory removed afterwards. */
async function measureWorld(members: number, workers: number): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), `setia-scale-${members}-`));
  try {
    const world: World = await buildWorld(dataDir, { members, seed: 1, workers, log: console.log });
    const bytesPerEvent = eventStoreBytes(dataDir) / world.events;
    console.log(
      `world of ${members.toLocaleString('en')} members: ${world.events.toLocaleString('en')} events (${(world.events / members).toFixed(1)} a member) in ${world.seconds.toFixed(0)} s = ` +
        `${Math.round(world.events / world.seconds).toLocaleString('en')} events/s (${workers} worker threads), ${bytesPerEvent.toFixed(0)} bytes on disk per event, ${world.refused} commands refused`,
    );
    const projector = step('projector', dataDir);
    console.log(`  projector catch-up: ${describeStep(projector)}`);
    const rebuild = cli([distPath('apps/projector/src/rebuild.js')], dataDir, world.events);
    console.log(`  npm run rebuild: ${describeStep(rebuild)}`);
    const relaySink = step('relay-sink', dataDir);
    console.log(`  relay → local sink: ${describeStep(relaySink)}`);
    const relayKafka = process.env.KAFKA_BROKERS ? step('relay-kafka', dataDir) : undefined;
    console.log(`  relay → kafka: ${relayKafka ? describeStep(relayKafka) : 'NOT run (set KAFKA_BROKERS to a running broker)'}`);
    const verify = cli([distPath('apps/cli/src/main.js'), 'ledger', 'verify', '--tenant', SCALE_TENANT, '--no-read-model'], dataDir, world.events);
    console.log(`  npm run ledger -- verify: ${describeStep(verify)}`);
    // The purchases last: they add to the history the steps above measure on the world as built.
    const api = await startApi(dataDir);
    let spread: Http;
    let hot: Http;
    let spreadTwoApis: Http;
    let apiPeakRss: number;
    // Spread: a stride through all members, so nearly every purchase is of a member not seen in the run.
    const stride = 999_983 % members || 1;
    const spreadPick = (sequence: number) => (sequence * stride) % members;
    try {
      spread = await measureHttp(api.base, world.pos, 'SPREAD', spreadPick);
      hot = await measureHttp(api.base, world.pos, 'HOT', (sequence) => sequence % Math.min(HOT_SET, members));
      apiPeakRss = peakRssOf(api.pid);
      const second = await startApi(dataDir);
      try {
        spreadTwoApis = await measureTwoApis([api.base, second.base], world.pos, (sequence) => spreadPick(sequence + 5_000_011));
      } finally {
        await second.stop();
      }
    } finally {
      await api.stop();
    }
    console.log(`  HTTP spread: ${describeHttp(spread)}; hot set: ${describeHttp(hot)}; API peak RSS ${mib(apiPeakRss)}`);
    console.log(`  HTTP spread over two API processes on the store: ${describeHttp(spreadTwoApis)}`);
    return { members, events: world.events, buildSeconds: world.seconds, bytesPerEvent, spread, hot, spreadTwoApis, apiPeakRss, projector, rebuild, relaySink, relayKafka, verify };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const mib = (bytes: number) => `${Math.round(bytes / 1_048_576)} MiB`;
const rate = (s: Step) => s.events / s.seconds;
const describeHttp = (h: Http) => `${Math.round(h.requestsPerSecond)} req/s, p50 ${h.p50} ms, p99 ${h.p99} ms (${h.total} purchases, ${h.notOk} not 2xx)`;
const describeStep = (s: Step) => `${s.events.toLocaleString('en')} events in ${s.seconds.toFixed(1)} s = ${Math.round(rate(s)).toLocaleString('en')} events/s, peak RSS ${mib(s.peakRss)}`;

/** The figures of both worlds side by side, each with its ratio to the small store's, and the issue's targets. */
function report(small: Figures, large: Figures): void {
  const rows: Array<[string, number, number, (n: number) => string]> = [];
  const n = (digits = 0) => (value: number) => value.toLocaleString('en', { maximumFractionDigits: digits });
  rows.push(['events', small.events, large.events, n()]);
  rows.push(['build, events/s', small.events / small.buildSeconds, large.events / large.buildSeconds, n()]);
  rows.push(['bytes on disk per event', small.bytesPerEvent, large.bytesPerEvent, n()]);
  rows.push(['purchases spread over all members, req/s', small.spread.requestsPerSecond, large.spread.requestsPerSecond, n()]);
  rows.push(['  their p99, ms', small.spread.p99, large.spread.p99, n()]);
  rows.push([`purchases on a hot set of ${HOT_SET}, req/s`, small.hot.requestsPerSecond, large.hot.requestsPerSecond, n()]);
  rows.push(['  their p99, ms', small.hot.p99, large.hot.p99, n()]);
  rows.push(['spread purchases, two API processes, req/s', small.spreadTwoApis.requestsPerSecond, large.spreadTwoApis.requestsPerSecond, n()]);
  rows.push(['  their p99, ms', small.spreadTwoApis.p99, large.spreadTwoApis.p99, n()]);
  rows.push(['API peak RSS, MiB', small.apiPeakRss / 1_048_576, large.apiPeakRss / 1_048_576, n()]);
  for (const [label, key] of [['projector catch-up', 'projector'], ['npm run rebuild', 'rebuild'], ['relay → local sink', 'relaySink'], ['relay → kafka', 'relayKafka'], ['ledger verify', 'verify']] as const) {
    const a = small[key];
    const b = large[key];
    if (!a || !b) continue;
    rows.push([`${label}, events/s`, rate(a), rate(b), n()]);
    rows.push([`  its peak RSS, MiB`, a.peakRss / 1_048_576, b.peakRss / 1_048_576, n()]);
  }
  console.log(`\n${'figure'.padEnd(46)}${`empty (${small.members.toLocaleString('en')} members)`.padStart(24)}${`${large.members.toLocaleString('en')} members`.padStart(22)}${'ratio'.padStart(8)}`);
  for (const [label, a, b, format] of rows) console.log(`${label.padEnd(46)}${format(a).padStart(24)}${format(b).padStart(22)}${(b / a).toFixed(2).padStart(8)}`);
  const checks: Array<[string, boolean]> = [
    ['spread purchases ≥ 0.8 of the empty store’s', large.spread.requestsPerSecond >= 0.8 * small.spread.requestsPerSecond],
    ['spread purchases p99 ≤ 25 ms', large.spread.p99 <= 25],
    ['API peak RSS ≤ 1 GiB', large.apiPeakRss <= 1 << 30],
    ['verify ≥ 100,000 events/s', rate(large.verify) >= 100_000],
    ['projector within 20% of the empty store’s', rate(large.projector) >= 0.8 * rate(small.projector)],
    ['relay (local sink) within 20% of the empty store’s', rate(large.relaySink) >= 0.8 * rate(small.relaySink)],
  ];
  console.log('');
  for (const [check, held] of checks) console.log(`${held ? 'held    ' : 'NOT held'}  ${check}`);
}

/** `npm run bench:scale -- --members N [--workers W]`: the small store, then the large one, then both side by side. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const at = args.indexOf(`--${name}`);
    return at < 0 ? fallback : Number(args[at + 1]);
  };
  const members = option('members', 1_000_000);
  const workers = option('workers', availableParallelism());
  const small = await measureWorld(option('small', SMALL_MEMBERS), workers);
  const large = await measureWorld(members, workers);
  report(small, large);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
