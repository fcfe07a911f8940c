import { decodeAppend, decodeCommitRequest, encodeAppend } from './sqlite-writer';
import type { StreamRows } from './sqlite-writer';

describe('an append encoded for the writer thread', () => {
  it('decodes to what was encoded, whatever its texts hold', () => {
    const append: StreamRows[] = [
      { stream: 'claim-t-receipt-12:34', expected: 'no_stream', rows: [{ id: '1:2', type: '3', data: '{"note":"9:x\\u0000"}', metadata: '{}' }] },
      { stream: 'customer-t-ñ😀', expected: 41, rows: [{ id: 'a', type: 'PointsEarned', data: '"é😀:"', metadata: '' }, { id: '', type: ':', data: '0', metadata: '12:' }] },
      { stream: 'program-t', expected: 0, rows: [] },
      { stream: '\u0000', expected: 'any', rows: [{ id: '\u0000:', type: '10', data: 'null', metadata: '{"hash":"ab"}' }] },
      { stream: 'customer-t-2', expected: 'stream_exists', rows: [{ id: 'x'.repeat(5000), type: 'T', data: '[]', metadata: '{}' }] },
    ];
    expect(decodeAppend(encodeAppend(append))).toEqual(append);
  });

  it('keeps the appends of a commit apart, and its snapshots as they are', () => {
    const first: StreamRows[] = [{ stream: 'customer-t-1', expected: 3, rows: [{ id: 'i', type: 'PurchaseRecorded', data: '{"total":10}', metadata: '{"tenant":"t"}' }] }];
    const second: StreamRows[] = [
      { stream: 'claim-t-receipt-R1', expected: 'no_stream', rows: [{ id: 'j', type: 'IdClaimed', data: '{}', metadata: '{}' }] },
      { stream: 'customer-t-2', expected: 12, rows: [] },
    ];
    const snapshots: Array<[string, { revision: number; hash: string | null; fold: string; bytes: Buffer }]> = [['customer-t-1', { revision: 3, hash: null, fold: 'f', bytes: Buffer.from([1, 2]) }]];
    expect(decodeCommitRequest({ appends: [encodeAppend(first), encodeAppend(second)], snapshots })).toEqual({ appends: [first, second], snapshots });
  });
});
