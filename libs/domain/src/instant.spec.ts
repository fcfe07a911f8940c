import { seededRandom } from '../../../bench/ledger-generator';
import { instantOf } from './instant';

describe('instantOf reads a date-time exactly as Date.parse does', () => {
  it.each([
    '2026-03-01T09:30:00.000Z',
    '2024-02-29T23:59:59.999Z',
    '1970-01-01T00:00:00.000Z',
    '2025-02-30T00:00:00.000Z',
    '2025-04-31T12:00:00.000Z',
    '2025-01-01T24:00:00.000Z',
    '2025-01-01T23:60:00.000Z',
    '2025-01-01T23:59:60.000Z',
    '2025-13-01T00:00:00.000Z',
    '2025-00-10T00:00:00.000Z',
    '2025-01-00T00:00:00.000Z',
    '2025-01-32T00:00:00.000Z',
    '0099-01-01T00:00:00.000Z',
    '0000-01-01T00:00:00.000Z',
    '2026-03-01T09:30:00.000+07:00',
    '2026-03-01T16:30:00+07:00',
    '2026-03-01T09:30:00Z',
    '2026-03-01T09:30:00.000z',
    '2026-03-01',
    '2026-03-01T09:3a:00.000Z',
    '2026-03-01 09:30:00.000Z',
    '+02026-03-01T09:30:00.000Z',
    '',
    'not a date',
  ])('%j', (text) => {
    expect(instantOf(text)).toBe(Date.parse(text));
  });

  it('agrees with Date.parse on random fields in the stored form, in range or not', () => {
    const random = seededRandom(3);
    const field = (width: number, max: number) => String(Math.floor(random() * max)).padStart(width, '0');
    for (let i = 0; i < 20_000; i++) {
      const text = `${field(4, 3000)}-${field(2, 14)}-${field(2, 33)}T${field(2, 26)}:${field(2, 62)}:${field(2, 62)}.${field(3, 1000)}Z`;
      expect([text, instantOf(text)]).toEqual([text, Date.parse(text)]);
    }
  });
});
