import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { purchase } from './support/program';
import { freePort, spawnSetia } from './support/spawned-setia';
import type { SpawnedSetia } from './support/spawned-setia';

const TENANT = 'metered';
const root = join(__dirname, '..');

interface Sample {
  labels: Record<string, string>;
  value?: number;
  count?: number;
  sum?: number;
  buckets?: Record<string, number>;
}
type Families = Record<string, { type: string; help: string; samples: Sample[] }>;

/** The Prometheus project's own text parser (scripts/promparse, built with Go on first use), not prom-client. */
const promparse = execFileSync('bash', [join(root, 'scripts/promparse.sh'), 'install'], { encoding: 'utf8', timeout: 10 * 60_000 }).trim();

function parse(text: string): Families {
  return JSON.parse(execFileSync(promparse, { input: text, encoding: 'utf8' })) as Families;
}

async function scrape(setia: SpawnedSetia): Promise<Families> {
  const answer = await setia.send('GET', '/metrics');
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parse(answer.text);
}

/** Each sample's value (counters) or count (histograms), by its labels. */
function byLabels(families: Families, name: string, field: 'value' | 'count' = 'value'): Map<string, number> {
  return new Map((families[name]?.samples ?? []).map((sample) => [JSON.stringify(sample.labels), sample[field] ?? 0]));
}

/** What moved between two scrapes, by labels; unmoved series left out. */
function moved(before: Families, after: Families, name: string, field: 'value' | 'count' = 'value'): Record<string, number> {
  const was = byLabels(before, name, field);
  return Object.fromEntries(
    [...byLabels(after, name, field)].map(([labels, value]) => [labels, value - (was.get(labels) ?? 0)]).filter(([, delta]) => delta !== 0),
  );
}

const series = (labels: Record<string, string>) => JSON.stringify(labels);

describe('GET /metrics of the all-in-one (npm start), read with the Prometheus parser', () => {
  let setia: SpawnedSetia;
  beforeAll(async () => {
    setia = await spawnSetia('apps/setia/src/main.js');
  }, 60_000);
  afterAll(() => setia?.cleanUp());

  it('the command counters move by exactly the commands sent, by kind and outcome, the referral bonus from the projector thread included', async () => {
    const { pos } = await setia.provision(TENANT);
    const path = (route: string) => `/v1/tenants/${TENANT}/${route}`;
    const post = async (route: string, body?: unknown) => setia.send('POST', path(route), body, pos);
    const status = async (route: string, body?: unknown) => (await post(route, body)).status;
    const before = await scrape(setia);

    const ani = await post('members', { customerId: 'ani', cardNumber: '6001 1001' });
    expect(ani.status).toBe(201);
    expect(await status('members', { customerId: 'budi', cardNumber: '6001 1002', referralCode: ani.body.referralCode })).toBe(201);
    expect(await status('members', { customerId: 'citra', cardNumber: '6001 1003' })).toBe(201);
    const first = purchase('ani', 1_500_000);
    expect(await status('purchases', first)).toBe(201);
    expect(await status('purchases', first)).toBe(201); // the till's retry: repeated
    const otherBody = { ...first, total: 1_600_000, lines: [{ sku: 'SKU-1', category: 'food', quantity: 1, unitPrice: 1_600_000 }] };
    expect(await status('purchases', otherBody)).toBe(409); // the same receipt with another body: refused
    expect(await status('purchases', purchase('budi', 250_000))).toBe(201); // his first qualifying purchase: ani's referral bonus follows
    expect(await status('purchases', { ...purchase('budi', 50_000), total: -1 })).toBe(400); // malformed: never a command
    expect(await status('redemptions', { redemptionId: 'RD-1', customerId: 'citra', rewardId: 'COFFEE', storeId: 'JKT-01' })).toBe(409); // no points: refused
    expect(await status('redemptions', { redemptionId: 'RD-2', customerId: 'ani', rewardId: 'COFFEE', storeId: 'JKT-01' })).toBe(201);
    expect(await status('redemptions/RD-2/cancel')).toBe(200);
    expect(await status('returns', { returnId: 'RT-1', receiptId: first.receiptId, storeId: 'JKT-01', customerId: 'ani', occurredAt: first.occurredAt, amount: 100_000 })).toBe(201);
    expect(await status('feedback', { feedbackId: 'FB-1', customerId: 'ani', storeId: 'JKT-01', receiptId: first.receiptId, nps: 10 })).toBe(201);

    // The referrer's bonus is the process manager's command, on the projector's thread.
    const bonus = series({ kind: 'referrer-bonus', outcome: 'recorded' });
    let after = await scrape(setia);
    for (const deadline = Date.now() + 10_000; moved(before, after, 'setia_commands_total')[bonus] === undefined && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await scrape(setia);
    }
    expect(moved(before, after, 'setia_commands_total')).toEqual({
      [series({ kind: 'enrol', outcome: 'recorded' })]: 3,
      [series({ kind: 'purchase', outcome: 'recorded' })]: 2,
      [series({ kind: 'purchase', outcome: 'repeated' })]: 1,
      [series({ kind: 'purchase', outcome: 'refused' })]: 1,
      [series({ kind: 'redemption', outcome: 'refused' })]: 1,
      [series({ kind: 'redemption', outcome: 'recorded' })]: 1,
      [series({ kind: 'cancel-redemption', outcome: 'recorded' })]: 1,
      [series({ kind: 'return', outcome: 'recorded' })]: 1,
      [series({ kind: 'feedback', outcome: 'recorded' })]: 1,
      [bonus]: 1,
    });
    expect(after.setia_commands_total.type).toBe('COUNTER');

    // HTTP latency by method, route template and status: every request above, once (scrapes aside).
    const requests = moved(before, after, 'setia_http_request_duration_seconds', 'count');
    const route = (method: string, template: string, code: number) => series({ method, route: `/v1/tenants/:tenant/${template}`, status: String(code) });
    expect(Object.fromEntries(Object.entries(requests).filter(([labels]) => !labels.includes('"/metrics"')))).toEqual({
      [route('POST', 'members', 201)]: 3,
      [route('POST', 'purchases', 201)]: 3,
      [route('POST', 'purchases', 409)]: 1,
      [route('POST', 'purchases', 400)]: 1,
      [route('POST', 'redemptions', 409)]: 1,
      [route('POST', 'redemptions', 201)]: 1,
      [route('POST', 'redemptions/:redemptionId/cancel', 200)]: 1,
      [route('POST', 'returns', 201)]: 1,
      [route('POST', 'feedback', 201)]: 1,
    });
    expect(after.setia_http_request_duration_seconds.type).toBe('HISTOGRAM');

    // Every recorded command appended once, on one of the threads (others append too: keys, claims released...).
    const appends = moved(before, after, 'setia_event_store_append_duration_seconds', 'count')[series({ adapter: 'sqlite' })];
    expect(appends).toBeGreaterThanOrEqual(11);
    expect(moved(before, after, 'setia_read_store_write_duration_seconds', 'count')[series({ adapter: 'sqlite' })]).toBeGreaterThan(0);
  });

  it("the lags of the projector and the relay and the scheduler's backlog (their threads' gauges), and the process's own metrics", async () => {
    const gauges = ['setia_projector_lag_events', 'setia_projector_lag_seconds', 'setia_relay_lag_events', 'setia_relay_lag_seconds'];
    // Both threads catch up on their own time: the gauges are read once each has.
    let families = await scrape(setia);
    const behind = () => gauges.some((name) => families[name].samples[0].value !== 0);
    for (const deadline = Date.now() + 10_000; behind() && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      families = await scrape(setia);
    }
    // Nothing of the scheduler's waits: the tenant's program has no rule decided by time.
    for (const name of [...gauges, 'setia_scheduler_due_customers', 'setia_scheduler_overdue_seconds']) {
      expect(families[name]).toMatchObject({ type: 'GAUGE', samples: [{ labels: {}, value: 0 }] });
    }
    expect(families.process_cpu_seconds_total.samples[0].value).toBeGreaterThan(0);
    expect(families.nodejs_eventloop_lag_p99_seconds.type).toBe('GAUGE');
  });
});

describe('GET /metrics of the services run apart (API, projector, relay)', () => {
  it('each serves its own metrics in the Prometheus format', async () => {
    const api = await spawnSetia('apps/api/src/main.js');
    const relayPort = String(await freePort());
    const [projector, relay] = await Promise.all([
      spawnSetia('apps/projector/src/main.js', {}, api.dataDir),
      spawnSetia('apps/relay/src/main.js', { RELAY_HEALTH_PORT: relayPort }, api.dataDir, `http://127.0.0.1:${relayPort}`),
    ]);
    try {
      const families = async (service: SpawnedSetia) => Object.keys(await scrape(service));
      expect(await families(api)).toEqual(expect.arrayContaining(['setia_http_request_duration_seconds', 'setia_event_store_append_duration_seconds', 'process_cpu_seconds_total']));
      expect(await families(api)).not.toContain('setia_projector_lag_events');
      expect(await families(projector)).toEqual(
        expect.arrayContaining(['setia_projector_lag_events', 'setia_projector_lag_seconds', 'setia_scheduler_due_customers', 'setia_scheduler_overdue_seconds', 'process_cpu_seconds_total']),
      );
      expect(await families(relay)).toEqual(expect.arrayContaining(['setia_relay_lag_events', 'setia_relay_lag_seconds', 'process_cpu_seconds_total']));
    } finally {
      await Promise.all([projector.cleanUp({ keepData: true }), relay.cleanUp({ keepData: true })]);
      await api.cleanUp();
    }
  }, 60_000);
});
