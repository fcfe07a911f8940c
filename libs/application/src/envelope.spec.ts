import { createHash } from 'node:crypto';
import { envelope, nameBasedId } from './envelope';

describe('event ids: derived from tenant, command and place in the decision', () => {
  it('are the version 5 UUIDs Setia has always recorded, so a retry of an old command is recognised', () => {
    // Ids recorded by earlier versions of Setia (computed then with the uuid package's v5).
    expect(nameBasedId('toko/purchase:R-1/0')).toBe('49774cc3-1e98-549d-8c75-1e93fd572d95');
    expect(nameBasedId('toko/purchase:R-1/1')).toBe('45fbf3c5-5be3-5246-95f3-cd6c68d26a4d');
    expect(nameBasedId('toko/claim:receipt:R-1/0')).toBe('cccaaebf-289f-5655-ac3e-3b44899ef2e8');
    expect(nameBasedId('t/enrol:ü/0')).toBe('80507ac6-42f7-56d4-8013-f9afc3fd132b');
  });

  it('are the RFC 9562 version 5 UUID of every name, short or long, whatever name came before', () => {
    const namespace = Buffer.from('6f1c9e0a3b7d4d359a521f0e8c7b2d44', 'hex');
    const version5 = (name: string) => {
      const digest = createHash('sha1').update(namespace).update(name, 'utf8').digest();
      digest[6] = (digest[6] & 0x0f) | 0x50;
      digest[8] = (digest[8] & 0x3f) | 0x80;
      const hex = digest.toString('hex', 0, 16);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    };
    const names = ['a/' + 'x'.repeat(2000), 'b/c/0', 'é'.repeat(1024), '😀'.repeat(512), '', 'toko/purchase:R-1/1', 'x'.repeat(1025)];
    for (let i = 0; i < 64; i++) names.push(`t${i}/purchase:R-${'9'.repeat(i)}/${i % 3}`);
    for (const name of names) expect(nameBasedId(name)).toBe(version5(name));
  });

  it('the same decision enveloped again has the same ids; another command has others', () => {
    const events = [{ type: 'PurchaseRecorded', data: { total: 1 } }, { type: 'PointsEarned', data: { points: 1 } }];
    const first = envelope(events, 'purchase:R-1', { tenant: 'toko' });
    expect(first.map((e) => e.id)).toEqual(['49774cc3-1e98-549d-8c75-1e93fd572d95', '45fbf3c5-5be3-5246-95f3-cd6c68d26a4d']);
    expect(envelope(events, 'purchase:R-1', { tenant: 'toko' }).map((e) => e.id)).toEqual(first.map((e) => e.id));
    expect(envelope(events, 'purchase:R-2', { tenant: 'toko' })[0].id).not.toBe(first[0].id);
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
