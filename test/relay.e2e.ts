import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { SqliteEventStore } from '@setia/event-store';
import { CUSTOMER_EVENT_SCHEMAS, PROGRAM_EVENT_SCHEMAS, RelayService } from '@setia/messaging';
import { checkMessage, renderAsyncApi } from '../libs/messaging/src/asyncapi/asyncapi';
import { parse as parseYaml } from 'yaml';
import { loyaltyScenario } from './support/kafka-scenario';
import { buildRelay, spawnRelay } from './support/kafka';
import { eventually, startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';

/** The lines of the local sink as the binary-mode Kafka messages they stand for. */
function sinkMessages(dir: string) {
  return readdirSync(dir).flatMap((file) =>
    readFileSync(join(dir, file), 'utf8').trimEnd().split('\n').map((line) => {
      const { data, partitionkey, datacontenttype, ...attributes } = JSON.parse(line);
      const headers: Record<string, string> = { 'content-type': datacontenttype };
      for (const [name, value] of Object.entries(attributes)) headers[`ce_${name}`] = String(value);
      return { topic: file.replace(/\.jsonl$/, ''), key: partitionkey as string, value: JSON.stringify(data), headers, line };
    }),
  );
}

describe('relay on the embedded default (local sink)', () => {
  let setia: TestApp;
  beforeAll(async () => {
    Logger.overrideLogger(false);
    setia = await startSetia();
  });
  afterAll(() => setia.close());

  it('writes every customer and program event of a scenario once, in ledger order, each valid against the AsyncAPI document the API serves', async () => {
    const served = await setia.app.inject({ method: 'GET', url: '/docs/asyncapi.yaml' });
    expect(served.headers['content-type']).toBe('application/yaml; charset=utf-8');
    const asyncApi = parseYaml(served.body);
    expect(asyncApi).toEqual(parseYaml(renderAsyncApi()));
    // The all-in-one app runs the relay; without KAFKA_BROKERS it writes to <data dir>/outbox.
    const events = await loyaltyScenario(setia, 'sink_chain');
    const outbox = join(setia.dataDir, 'outbox');
    const [head] = await setia.store.readAll({ direction: 'backwards', maxCount: 1 });
    await setia.app.get(RelayService).relay.waitForCheckpoint(head.position, 10_000);

    expect(readdirSync(outbox).sort()).toEqual(['setia.sink_chain.customer.jsonl', 'setia.sink_chain.program.jsonl']);
    const messages = sinkMessages(outbox);
    expect(messages.map((m) => m.headers.ce_id).sort()).toEqual(events.map((e) => e.id).sort());
    for (const message of messages) expect({ id: message.headers.ce_id, problems: checkMessage(asyncApi, message) }).toEqual({ id: message.headers.ce_id, problems: [] });
    // Every message names what caused it: the request of the command, or the time that passed.
    expect(messages.filter((m) => !m.headers.ce_correlationid).map((m) => m.headers.ce_id)).toEqual([]);
    // Each member's events in ledger order.
    const byKey = new Map<string, number[]>();
    for (const m of messages) byKey.set(m.key, [...(byKey.get(m.key) ?? []), Number(m.headers.ce_revision)]);
    expect(byKey.size).toBe(6);
    for (const revisions of byKey.values()) expect(revisions).toEqual(revisions.map((_, i) => i));
    // The scenario covers every public event type, so every schema was checked against a real event.
    const types = new Set(messages.map((m) => m.headers.ce_type.split('.')[3]));
    expect([...types].sort()).toEqual([...Object.keys(CUSTOMER_EVENT_SCHEMAS), ...Object.keys(PROGRAM_EVENT_SCHEMAS)].sort());
    const text = messages.map((m) => m.line).join('\n');
    // No birthday value (the program's birthday rule and the bonus's reason may say the word).
    expect(text).not.toMatch(/6001 000|cardNumber|"birthday":"|199\d-0\d-17|0812 0000 1111/);
    // Nor a partner's gift-card code.
    expect(text).not.toContain('BIO-0001-SECRET');
  });
  it('a command\'s events are published with its request id as their correlation id, and the referrer\'s bonus with the friend\'s purchase\'s', async () => {
    const T = '/v1/tenants/correlated';
    const { PROGRAM, purchase } = await import('./support/program');
    await setia.request('PUT', `${T}/program`, PROGRAM, { 'x-request-id': 'admin-program-1' });
    await setia.request('POST', `${T}/members`, { customerId: 'sari', cardNumber: '7001 0001' }, { 'x-request-id': 'till-enrol-1' });
    const code = (await setia.request('GET', `${T}/customers/sari`)).body.referralCode;
    await setia.request('POST', `${T}/members`, { customerId: 'tono', cardNumber: '7001 0002', referralCode: code }, { 'x-request-id': 'till-enrol-2' });
    expect((await setia.request('POST', `${T}/purchases`, purchase('tono', 300_000), { 'x-request-id': 'till-purchase-1' })).status).toBe(201);
    const outbox = join(setia.dataDir, 'outbox');
    const published = await eventually(async () => {
      const [head] = await setia.store.readAll({ direction: 'backwards', maxCount: 1 });
      await setia.app.get(RelayService).relay.waitForCheckpoint(head.position, 10_000);
      const mine = sinkMessages(outbox).filter((m) => m.topic.startsWith('setia.correlated.'));
      return mine.some((m) => m.headers.ce_subject === 'sari' && m.headers.ce_type.endsWith('.PointsEarned.v1')) ? mine : undefined;
    });
    const correlation = (subject: string, type: string) =>
      published.filter((m) => m.headers.ce_subject === subject && m.headers.ce_type.endsWith(`.${type}.v1`)).map((m) => m.headers.ce_correlationid);
    expect(correlation('program', 'ProgramConfigured')).toEqual(['admin-program-1']);
    expect(correlation('sari', 'CustomerEnrolled')).toEqual(['till-enrol-1']);
    expect(correlation('tono', 'PurchaseRecorded')).toEqual(['till-purchase-1']);
    expect(correlation('sari', 'PointsEarned')).toEqual(['till-purchase-1']);
  });

});

describe('the relay process', () => {
  beforeAll(() => buildRelay(), 120_000);

  async function failsFast(env: Record<string, string>, expected: RegExp) {
    const started = Date.now();
    const relay = spawnRelay({ SETIA_DATA_DIR: `/tmp/setia-relay-fail-${process.pid}`, ...env });
    const code = await relay.exited;
    const elapsed = Date.now() - started;
    const errorLines = relay.stderr().trim().split('\n');
    expect({ code, errorLines }).toEqual({ code: 1, errorLines: [expect.stringMatching(expected)] });
    expect(elapsed).toBeLessThan(10_000);
  }

  it('refuses a malformed broker list with one line naming KAFKA_BROKERS', async () => {
    await failsFast({ KAFKA_BROKERS: 'localhost:9092,,kafka' }, /^configuration: KAFKA_BROKERS must be a comma-separated list of host:port/);
  }, 15_000);

  it('gives up on a broker that refuses connections within 10 s, with one line', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await failsFast({ KAFKA_BROKERS: `127.0.0.1:${port}` }, new RegExp(`^configuration: KAFKA_BROKERS 127.0.0.1:${port} cannot be reached: .*ECONNREFUSED`));
  }, 15_000);

  it('gives up on a "broker" that accepts connections but never answers within 10 s, with one line', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      await failsFast({ KAFKA_BROKERS: `127.0.0.1:${port}` }, new RegExp(`^configuration: KAFKA_BROKERS 127.0.0.1:${port} cannot be reached`));
    } finally {
      silent.close();
    }
  }, 15_000);

  it('publishes to the local sink without Kafka, serves /health and /health/ready and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'setia-relay-proc-'));
    try {
      const store = new SqliteEventStore(join(dir, 'events.sqlite'));
      const count = 120;
      for (let i = 0; i < count; i++) {
        await store.appendToStream(`customer-proc-c${i % 7}`, [{
          id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          type: 'PointsEarned',
          data: { reason: 'purchase', points: i, occurredAt: '2026-03-01T05:00:00.000Z', programRevision: 0 },
          metadata: { tenant: 'proc' },
        }]);
      }
      await store.close();
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const port = (probe.address() as AddressInfo).port;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      const relay = spawnRelay({ SETIA_DATA_DIR: dir, HOST: '127.0.0.1', RELAY_HEALTH_PORT: String(port), RELAY_BATCH_SIZE: '5' });
      const health = await eventually(async () => {
        const response = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
        const body = response ? ((await response.json()) as any) : undefined;
        return body?.checks?.relay?.published === count ? { status: response!.status, body } : undefined;
      }, 15_000);
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'up', checks: { relay: { state: 'live', connected: true, publisher: { kind: 'local-sink' }, lag: { events: 0 } } } });
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { relay: { state: 'live' } } });
      const messages = sinkMessages(join(dir, 'outbox'));
      expect(messages.map((m) => m.headers.ce_id)).toHaveLength(count);
      const asyncApi = parseYaml(renderAsyncApi());
      for (const message of messages) expect(checkMessage(asyncApi, message)).toEqual([]);
      relay.child.kill('SIGTERM');
      await relay.exited;
      expect(relay.stderr()).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
