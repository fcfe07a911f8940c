import { addMonths, formatAge, formatInstant, formatMoney, lastDayOf, minorUnitDigits, monthIn, monthsBetween } from './format';

describe('console formats: money in the program currency, months in the tenant zone', () => {
  it('writes Rupiah without decimals and Ringgit with two, from minor units', () => {
    expect(minorUnitDigits('IDR')).toBe(0);
    expect(minorUnitDigits('MYR')).toBe(2);
    const spaced = (text: string) => text.replace(/\s/g, ' ');
    expect(spaced(formatMoney(1_200_000, 'IDR', 'id-ID'))).toBe('Rp 1.200.000');
    expect(spaced(formatMoney(1_250, 'MYR', 'en-MY'))).toBe('RM 12.50');
    expect(spaced(formatMoney(1_250, 'MYR', 'id-ID'))).toBe('MYR 12,50');
  });

  it('judges the month of an instant in the zone: 23:30 on 31 Dec in Jakarta is still December there, January in Jayapura', () => {
    const instant = new Date('2026-12-31T16:30:00Z');
    expect(monthIn(instant, 'Asia/Jakarta')).toBe('2026-12');
    expect(monthIn(instant, 'Asia/Jayapura')).toBe('2027-01');
  });

  it('counts months across years and knows their last days', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(lastDayOf('2028-02')).toBe('2028-02-29');
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });

  it('writes an instant in the store\'s zone: the same instant is 23:30 in Jakarta and 01:30 the next day in Jayapura', () => {
    expect(formatInstant('2026-11-20T16:30:00Z', 'Asia/Jakarta', 'en-GB')).toBe('20 Nov 2026, 23:30 GMT+7');
    expect(formatInstant('2026-11-20T16:30:00Z', 'Asia/Jayapura', 'en-GB')).toBe('21 Nov 2026, 01:30 GMT+9');
  });

  it('says how old an event is in seconds, minutes, hours, then days, never in the future', () => {
    expect(formatAge(2_400, 'en')).toBe('2s ago');
    expect(formatAge(-1_500, 'en')).toBe('0s ago');
    expect(formatAge(3 * 60_000 + 10_000, 'en')).toBe('3m ago');
    expect(formatAge(47 * 3_600_000, 'en')).toBe('47h ago');
    expect(formatAge(3 * 86_400_000 + 5_000, 'en')).toBe('3d ago');
  });
});
