import { localDate } from './local-time';

/** Intl's own answer, instant by instant, to compare the remembered offsets with. */
const formats = new Map<string, Intl.DateTimeFormat>();
const intlDate = (instant: string, timeZone: string) => {
  if (!formats.has(timeZone)) formats.set(timeZone, new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }));
  return formats.get(timeZone)!.format(new Date(instant));
};

describe('localDate against Intl, instant by instant (offsets remembered per quarter hour)', () => {
  it.each([
    ['2026-03-10T14:59:59.999Z', 'Asia/Jayapura', '2026-03-10'],
    ['2026-03-10T15:00:00.000Z', 'Asia/Jayapura', '2026-03-11'],
    ['2026-03-10T16:59:59.999Z', 'Asia/Jakarta', '2026-03-10'],
    ['2026-03-10T17:00:00.000Z', 'Asia/Jakarta', '2026-03-11'],
    // Half-hour and quarter-hour zones: the day turns in the middle of a UTC hour.
    ['2026-03-10T18:29:59.999Z', 'Asia/Kolkata', '2026-03-10'],
    ['2026-03-10T18:30:00.000Z', 'Asia/Kolkata', '2026-03-11'],
    ['2026-03-10T18:14:59.999Z', 'Asia/Kathmandu', '2026-03-10'],
    ['2026-03-10T18:15:00.000Z', 'Asia/Kathmandu', '2026-03-11'],
  ])('%s in %s is %s', (instant, zone, date) => {
    expect(localDate(instant, zone)).toBe(date);
    expect(localDate(instant, zone)).toBe(date);
  });

  it('agrees with Intl every 13 minutes through a year, across daylight saving changes (Adelaide: a half-hour zone that moves its clocks; New York)', () => {
    const wrong: string[] = [];
    for (const zone of ['Australia/Adelaide', 'America/New_York', 'Asia/Makassar']) {
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 13 * 60_000) {
        const instant = new Date(ms).toISOString();
        if (localDate(instant, zone) !== intlDate(instant, zone)) wrong.push(`${instant} ${zone}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('an instant with an offset rather than Z is read as it is', () => {
    expect(localDate('2026-03-10T23:30:00+09:00', 'Asia/Jayapura')).toBe('2026-03-10');
    expect(localDate('2026-03-10T23:30:00+09:00', 'Asia/Jakarta')).toBe('2026-03-10');
  });
});
