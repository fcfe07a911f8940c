import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteCheckpointStore, SqliteEventStore } from '@setia/event-store';
import type { EventToAppend } from '@setia/event-store';
import type { EventPublisher, OutgoingMessage, PublisherStatus } from './publisher.port';
import { Relay } from './relay';

let n = 0;
const event = (type = 'PointsEarned'): EventToAppend => {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type,
    data: { reason: 'purchase', points: n, occurredAt: '2026-03-01T05:00:00.000Z', programRevision: 0 },
    metadata: { tenant: 'kopi' },
  };
};

/** Records what was acknowledged; fails the first `failures` publishes. */
class FakePublisher implements EventPublisher {
  acknowledged: OutgoingMessage[] = [];
  attempts = 0;
  closed = false;
  constructor(public failures = 0) {}
  async connect() {}
  async publish(messages: OutgoingMessage[]) {
    this.attempts += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('broker down');
    }
    this.acknowledged.push(...messages);
  }
  status(): PublisherStatus {
    return { kind: 'kafka', target: 'fake:9092', connected: this.failures === 0 };
  }
  async close() {
    this.closed = true;
  }
}

describe('the relay', () => {
  beforeAll(() => Logger.overrideLogger(false));
  let dir: string;
  let store: SqliteEventStore;
  let checkpoints: SqliteCheckpointStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'setia-relay-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous: 'NORMAL', pollIntervalMs: 10 });
    checkpoints = new SqliteCheckpointStore(join(dir, 'events.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    checkpoints.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes customer and program events in store order, skips internal streams, and checkpoints the last position', async () => {
    await store.appendToStream('customer-kopi-alice', [event(), event()]);
    await store.appendToStream('claim-kopi-receipt-R1', [event('Claimed')]);
    await store.appendToStream('customer-kopi-bob', [event()]);
    const last = await store.appendToStream('claim-kopi-receipt-R2', [event('Claimed')]);
    const publisher = new FakePublisher();
    const relay = new Relay(store, checkpoints, publisher, { batchSize: 2 });
    await relay.start();
    await relay.waitForCheckpoint(last.position, 5000);
    expect(publisher.acknowledged.map((m) => `${m.key}#${m.headers.ce_revision}`)).toEqual([
      'customer-kopi-alice#0', 'customer-kopi-alice#1', 'customer-kopi-bob#0',
    ]);
    expect(await checkpoints.load('relay')).toBe(last.position);
    expect(relay.status()).toMatchObject({ published: 3, skipped: 2, connected: true });
    expect(await relay.health()).toMatchObject({ lag: { events: 0, seconds: 0 } });
    await relay.stop();
    expect(publisher.closed).toBe(true);
  });

  it('moves the checkpoint only after the publisher acknowledged, retrying a failing publisher and saying disconnected meanwhile', async () => {
    const publisher = new FakePublisher(3);
    const saves: string[] = [];
    const spied = { load: (name: string) => checkpoints.load(name), save: async (name: string, position: string) => {
      // Every event up to this position must have been acknowledged already.
      expect(publisher.acknowledged.at(-1)!.position <= position).toBe(true);
      expect(publisher.acknowledged.length).toBeGreaterThan(0);
      saves.push(position);
      await checkpoints.save(name, position);
    } };
    const relay = new Relay(store, spied, publisher, { retryInitialMs: 20, retryMaxMs: 40 });
    await relay.start();
    const last = await store.appendToStream('customer-kopi-alice', [event(), event(), event()]);
    const states: string[] = [];
    const sampler = setInterval(() => states.push(`${relay.status().state}:${relay.status().connected}`), 5);
    await relay.waitForCheckpoint(last.position, 5000);
    clearInterval(sampler);
    expect(publisher.attempts).toBe(4);
    expect(states).toContain('disconnected:false');
    expect(relay.status()).toMatchObject({ connected: true, disconnections: 1, lastError: { message: 'broker down' } });
    expect(relay.status().disconnectedSince).toBeUndefined();
    expect(saves).toEqual([last.position]);
    await relay.stop();
  });

  it('resumes from its checkpoint after a restart: nothing published twice, nothing skipped', async () => {
    await store.appendToStream('customer-kopi-alice', [event(), event()]);
    const first = new FakePublisher();
    const relay = new Relay(store, checkpoints, first);
    await relay.start();
    await relay.waitForCheckpoint((await store.readAll({ direction: 'backwards', maxCount: 1 }))[0].position, 5000);
    await relay.stop();
    const last = await store.appendToStream('customer-kopi-alice', [event()]);
    const second = new FakePublisher();
    const again = new Relay(store, checkpoints, second);
    await again.start();
    await again.waitForCheckpoint(last.position, 5000);
    await again.stop();
    expect(first.acknowledged.map((m) => m.headers.ce_revision)).toEqual(['0', '1']);
    expect(second.acknowledged.map((m) => m.headers.ce_revision)).toEqual(['2']);
  });

  it('stops promptly while it is waiting to retry, leaving the checkpoint where it was', async () => {
    const publisher = new FakePublisher(1_000_000);
    const relay = new Relay(store, checkpoints, publisher, { retryInitialMs: 10_000 });
    await relay.start();
    await store.appendToStream('customer-kopi-alice', [event()]);
    while (publisher.attempts === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    await relay.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await checkpoints.load('relay')).toBeUndefined();
  });

  it('fails to start with the publisher\'s error when it cannot connect', async () => {
    const publisher = new FakePublisher();
    publisher.connect = async () => {
      throw new Error('configuration: KAFKA_BROKERS 127.0.0.1:1 cannot be reached');
    };
    const relay = new Relay(store, checkpoints, publisher);
    await expect(relay.start()).rejects.toThrow('cannot be reached');
    expect(relay.status()).toMatchObject({ state: 'stopped' });
  });
});
