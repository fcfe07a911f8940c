import { seededRandom } from '../../../bench/ledger-generator';
import { instantOf, storedInstant } from './instant';

const SAMPLES = [
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
];

/** What new Date(text).toISOString() gives, or the name of the error it throws. */
function toISOStringOf(text: string): string {
  try {
    return new Date(text).toISOString();
  } catch (error) {
    return (error as Error).name;
  }
}

function storedInstantOf(text: string): string {
  try {
    return storedInstant(text);
  } catch (error) {
    return (error as Error).name;
  }
}

/** A date-time in the stored form with random fields, in range or not. */
const randomStoredForm = (random: () => number) => {
  const field = (width: number, max: number) => String(Math.floor(random() * max)).padStart(width, '0');
  return `${field(4, 3000)}-${field(2, 14)}-${field(2, 33)}T${field(2, 26)}:${field(2, 62)}:${field(2, 62)}.${field(3, 1000)}Z`;
};

describe('instantOf reads a date-time exactly as Date.parse does', () => {
  it.each(SAMPLES)('%j', (text) => {
    expect(instantOf(text)).toBe(Date.parse(text));
  });

  it('agrees with Date.parse on random fields in the stored form, in range or not', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 20_000; i++) {
      const text = randomStoredForm(random);
      expect([text, instantOf(text)]).toEqual([text, Date.parse(text)]);
    }
  });
});

describe('storedInstant writes a date-time exactly as toISOString does', () => {
  it.each([...SAMPLES, '2024-02-29T10:00:00.000Z', '2025-02-29T10:00:00.000Z', '2100-02-29T00:00:00.000Z', '2000-02-29T00:00:00.000Z', '2025-11-31T00:00:00.000Z', '2025-12-31T23:59:59.999Z'])('%j', (text) => {
    expect(storedInstantOf(text)).toBe(toISOStringOf(text));
  });

  it('agrees with toISOString on random fields in the stored form, in range or not, and keeps the text of a real date', () => {
    const random = seededRandom(5);
    let kept = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = randomStoredForm(random);
      expect([text, storedInstantOf(text)]).toEqual([text, toISOStringOf(text)]);
      if (storedInstantOf(text) === text) kept += 1;
    }
    expect(kept).toBeGreaterThan(1000);
  });
});
