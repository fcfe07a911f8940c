import { addDays, addMonths, firstOfNextMonth, localDate, localMidnight, localMonth, monthsBetween, zoneOffsetMs } from './local-time';

describe('the local calendar of a time zone', () => {
  it('the same UTC instant is 23:30 in Jakarta and 01:30 the next day in Jayapura', () => {
    expect(localDate('2026-03-10T16:30:00.000Z', 'Asia/Jakarta')).toBe('2026-03-10');
    expect(localDate('2026-03-10T16:30:00.000Z', 'Asia/Jayapura')).toBe('2026-03-11');
    expect(localMonth('2026-03-31T15:30:00.000Z', 'Asia/Makassar')).toBe('2026-03');
    expect(localMonth('2026-03-31T16:30:00.000Z', 'Asia/Makassar')).toBe('2026-04');
  });

  it('a local day starts at its midnight: earlier in UTC the further east the store', () => {
    expect(localMidnight('2026-03-11', 'Asia/Jakarta')).toBe('2026-03-10T17:00:00.000Z');
    expect(localMidnight('2026-03-11', 'Asia/Jayapura')).toBe('2026-03-10T15:00:00.000Z');
    expect(localMidnight('2026-03-11', 'Asia/Kuala_Lumpur')).toBe('2026-03-10T16:00:00.000Z');
    expect(localMidnight('2026-03-11', 'UTC')).toBe('2026-03-11T00:00:00.000Z');
  });

  it('across a daylight-saving change the midnight takes the offset of that night', () => {
    // Clocks in Sydney go back an hour on 5 April 2026 (UTC+11 to UTC+10).
    expect(localMidnight('2026-04-05', 'Australia/Sydney')).toBe('2026-04-04T13:00:00.000Z');
    expect(localMidnight('2026-04-06', 'Australia/Sydney')).toBe('2026-04-05T14:00:00.000Z');
    expect(zoneOffsetMs(Date.parse('2026-04-06T00:00:00Z'), 'Australia/Sydney')).toBe(10 * 3_600_000);
  });

  it('months are added in the calendar: a day the month lacks becomes its last', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-05-31', 12)).toBe('2027-05-31');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(firstOfNextMonth('2026-12-17')).toBe('2027-01-01');
    expect(monthsBetween('2025-11', '2026-02')).toBe(3);
  });
});
