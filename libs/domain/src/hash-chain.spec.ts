import { chainEvents, chainHash, matchesChainHash } from './hash-chain';

/** An event hashed after `previousHash` as the app appends it, with the text a store keeps of it. */
function appended(previousHash: string | null, data: Record<string, unknown>) {
  const metadata = { tenant: 'kopi', commandId: 'purchase:R-1', schemaVersion: 1 };
  const hash = chainHash(previousHash, { type: 'PurchaseRecorded', data, metadata });
  const stored = { ...metadata, hash };
  return { hash, event: { type: 'PurchaseRecorded', data, metadata: stored, storedText: { data: JSON.stringify(data), metadata: JSON.stringify(stored) } } };
}

describe('checking a chain hash on the stored text', () => {
  const data = { receiptId: 'R-1', total: 150_000, lines: [{ sku: 'KOPI', quantity: 2, unitPrice: 1.5 }], note: 'a "quoted" é' };

  it('an event as appended matches its hash, after the first event and after another', () => {
    for (const previous of [null, 'ab'.repeat(32)]) {
      const { hash, event } = appended(previous, data);
      expect(matchesChainHash(hash, previous, event)).toBe(true);
      expect(matchesChainHash(hash, 'cd'.repeat(32), event)).toBe(false);
    }
  });

  it('text that gives the hash is the answer, without serialising the parsed values again', () => {
    // Parsed values that no longer serialise to the hashed text: only the stored text can match.
    const { hash, event } = appended(null, data);
    const parsedOtherwise = { ...event, data: { ...data, total: 150_001 } };
    expect(chainHash(null, parsedOtherwise)).not.toBe(hash);
    expect(matchesChainHash(hash, null, parsedOtherwise)).toBe(true);
  });

  it('gives the answer chainHash gives when the text is in another form than the app writes', () => {
    const { hash, event } = appended(null, data);
    const { hash: _own, ...rest } = event.metadata;
    const otherForms = [
      { data: JSON.stringify(data, null, 2), metadata: event.storedText.metadata },
      { data: event.storedText.data, metadata: JSON.stringify({ hash, ...rest }) },
      { data: event.storedText.data, metadata: `${event.storedText.metadata.slice(0, -1)} }` },
    ];
    for (const storedText of otherForms) expect(matchesChainHash(hash, null, { ...event, storedText })).toBe(true);
  });

  it('altered data or metadata (as stored, so also as read) does not match', () => {
    const { hash, event } = appended(null, data);
    const altered = { ...data, total: 150_001 };
    expect(matchesChainHash(hash, null, { ...event, data: altered, storedText: { ...event.storedText, data: JSON.stringify(altered) } })).toBe(false);
    expect(matchesChainHash(hash, null, { ...event, metadata: { ...event.metadata, tenant: 'teh' }, storedText: { ...event.storedText, metadata: event.storedText.metadata.replace('kopi', 'teh') } })).toBe(false);
  });

  it('without stored text it is chainHash', () => {
    const { hash, event } = appended(null, data);
    const { storedText: _text, ...parsed } = event;
    expect(matchesChainHash(hash, null, parsed)).toBe(true);
    expect(matchesChainHash(hash, null, { ...parsed, type: 'ReturnRecorded' })).toBe(false);
  });
});

describe('chaining the events of a decision to append', () => {
  const data = { receiptId: 'R-1', total: 150_000, lines: [{ sku: 'KOPI', quantity: 2, unitPrice: 1.5 }], note: 'a "quoted" é\n' };
  const points = { reason: 'purchase', points: 15 };

  it('gives the hashes chainHash gives, each after the one before, and the text JSON.stringify gives of data and of metadata with the hash last', () => {
    for (const metadata of [{ tenant: 'kopi', commandId: 'purchase:R-1', schemaVersion: 1 }, {}]) {
      for (const previous of [null, 'ab'.repeat(32)]) {
        const [first, second] = chainEvents(previous, [{ type: 'PurchaseRecorded', data }, { type: 'PointsEarned', data: points }], metadata);
        expect(first.hash).toBe(chainHash(previous, { type: 'PurchaseRecorded', data, metadata }));
        expect(second.hash).toBe(chainHash(first.hash, { type: 'PointsEarned', data: points, metadata }));
        expect(first.storedText).toEqual({ data: JSON.stringify(data), metadata: JSON.stringify({ ...metadata, hash: first.hash }) });
        expect(second.storedText).toEqual({ data: JSON.stringify(points), metadata: JSON.stringify({ ...metadata, hash: second.hash }) });
        expect(matchesChainHash(second.hash, first.hash, { type: 'PointsEarned', data: points, metadata: { ...metadata, hash: second.hash }, storedText: second.storedText })).toBe(true);
      }
    }
  });

  it('refuses metadata that has a hash already', () => {
    expect(() => chainEvents(null, [{ type: 'PurchaseRecorded', data }], { tenant: 'kopi', hash: 'ab' })).toThrow(/no hash/);
  });
});
