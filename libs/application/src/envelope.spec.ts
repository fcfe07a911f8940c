import { createHash } from 'node:crypto';
import { recordedEventId } from '@setia/event-store';
import { envelope } from './envelope';

describe('event ids: a name of tenant, command and place in the decision; recorded under that name and the content', () => {
  const events = [{ type: 'PurchaseRecorded', data: { total: 1, at: '2026-01-10T03:00:00.000Z' } }, { type: 'PointsEarned', data: { points: 1 } }];
  const recorded = (event: ReturnType<typeof envelope>[number]) => recordedEventId(event.id, event.type, event.storedText!.data, event.storedText!.metadata);

  it('names each event by tenant, command and place', () => {
    expect(envelope(events, 'purchase:R-1', { tenant: 'toko' }).map((e) => e.id)).toEqual(['toko/purchase:R-1/0', 'toko/purchase:R-1/1']);
    expect(envelope(events, 'claim:receipt:R-1', { tenant: 'toko' }).map((e) => e.id)).toEqual(['toko/claim:receipt:R-1/0', 'toko/claim:receipt:R-1/1']);
  });

  it('the same decision enveloped again is recorded under the same ids: a retry of it is a repeat', () => {
    const first = envelope(events, 'purchase:R-1', { tenant: 'toko' }, 'f'.repeat(64)).map(recorded);
    expect(envelope(events, 'purchase:R-1', { tenant: 'toko' }, 'f'.repeat(64)).map(recorded)).toEqual(first);
    expect(new Set(first).size).toBe(2);
  });

  it('the same command decided again with another clock reading, or after another event, is recorded under other ids: a conflict', () => {
    const first = envelope(events, 'purchase:R-1', { tenant: 'toko' }, 'f'.repeat(64)).map(recorded);
    const later = [{ ...events[0], data: { ...events[0].data, at: '2026-01-10T03:00:01.000Z' } }, events[1]];
    const again = envelope(later, 'purchase:R-1', { tenant: 'toko' }, 'f'.repeat(64)).map(recorded);
    // The second event's data is the same, but it chains to another first event: its hash differs.
    expect(again[0]).not.toBe(first[0]);
    expect(again[1]).not.toBe(first[1]);
    const elsewhere = envelope(events, 'purchase:R-1', { tenant: 'toko' }, 'e'.repeat(64)).map(recorded);
    expect(elsewhere.some((id) => first.includes(id))).toBe(false);
  });
});

describe('hash chain of an enveloped decision', () => {
  it('each event hashes the previous hash, its type, data and metadata (without the hash), as verifiers recompute it', () => {
    const [first, second] = envelope([{ type: 'A', data: { n: 1 } }, { type: 'B', data: { n: 2 } }], 'c:1', { tenant: 't', principal: 'k' }, 'f'.repeat(64));
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    const metadata = { tenant: 't', commandId: 'c:1', schemaVersion: 1, principal: 'k' };
    expect(first.metadata.hash).toBe(sha256(JSON.stringify({ previousHash: 'f'.repeat(64), type: 'A', data: { n: 1 }, metadata })));
    expect(second.metadata.hash).toBe(sha256(JSON.stringify({ previousHash: first.metadata.hash, type: 'B', data: { n: 2 }, metadata })));
  });

  it('records the metadata of every event in the order Setia has always written it', () => {
    const [event] = envelope([{ type: 'A', data: { n: 1 } }], 'c:1', { tenant: 't', principal: 'k', causationId: 'e-1', correlationId: 'r-1' });
    expect(Object.keys(event.metadata)).toEqual(['tenant', 'commandId', 'schemaVersion', 'correlationId', 'causationId', 'principal', 'hash']);
    expect(Object.keys(envelope([{ type: 'A', data: {} }], 'c:1', { tenant: 't' })[0].metadata)).toEqual(['tenant', 'commandId', 'schemaVersion', 'hash']);
  });

  it('carries the data and metadata of each event as JSON text for the store, the same text JSON.stringify gives', () => {
    const events = envelope([{ type: 'A', data: { n: 1, note: 'a "quoted" é' } }, { type: 'B', data: {} }], 'c:1', { tenant: 't' });
    for (const event of events) expect(event.storedText).toEqual({ data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata) });
  });
});
