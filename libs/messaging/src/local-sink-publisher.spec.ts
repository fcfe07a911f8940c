import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalSinkPublisher } from './local-sink-publisher';
import type { OutgoingMessage } from './publisher.port';

const message = (topic: string, id: string, body: unknown): OutgoingMessage => ({
  topic,
  key: 'customer-kopi-alice',
  value: JSON.stringify(body),
  headers: { ce_specversion: '1.0', ce_id: id, ce_type: 'id.setia.loyalty.PointsEarned.v1', 'content-type': 'application/json' },
  timestamp: 0,
  position: '1',
});

describe('the local sink', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'setia-sink-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends one structured CloudEvent per line to one file per topic, across publishes and restarts', async () => {
    const sink = new LocalSinkPublisher(join(dir, 'outbox'));
    await sink.connect();
    await sink.publish([message('setia.kopi.customer', 'a', { points: 1 }), message('setia.kopi.program', 'b', { revision: 0 }), message('setia.kopi.customer', 'c', { points: 2 })]);
    await sink.close();
    const again = new LocalSinkPublisher(join(dir, 'outbox'));
    await again.connect();
    await again.publish([message('setia.kopi.customer', 'd', { points: 3 })]);
    await again.close();

    expect(readdirSync(join(dir, 'outbox')).sort()).toEqual(['setia.kopi.customer.jsonl', 'setia.kopi.program.jsonl']);
    const text = readFileSync(join(dir, 'outbox', 'setia.kopi.customer.jsonl'), 'utf8');
    expect(text.split('\n')[0]).toBe(
      '{"specversion":"1.0","id":"a","type":"id.setia.loyalty.PointsEarned.v1","datacontenttype":"application/json","partitionkey":"customer-kopi-alice","data":{"points":1}}',
    );
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.id)).toEqual(['a', 'c', 'd']);
    expect(lines[0]).toEqual({
      specversion: '1.0', id: 'a', type: 'id.setia.loyalty.PointsEarned.v1', datacontenttype: 'application/json',
      partitionkey: 'customer-kopi-alice', data: { points: 1 },
    });
    expect(again.status()).toMatchObject({ kind: 'local-sink', connected: false });
  });

  it('rejects a publish it could not write, and says so on its status', async () => {
    const sink = new LocalSinkPublisher(join(dir, 'outbox'));
    await sink.connect();
    await expect(sink.publish([message('../escape', 'x', {})])).rejects.toThrow(/not a topic name/);
    expect(sink.status()).toMatchObject({ connected: false, lastError: { message: 'not a topic name: ../escape' } });
    await sink.close();
  });
});
