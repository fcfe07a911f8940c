/**
 * How the console writes figures: numbers in the browser's locale, money in the program's
 * currency with the minor units Setia records, dates and times in the store's or tenant's zone.
 */

/**
 * Digits after the decimal point of the amounts Setia records, by currency. ISO 4217 (and Intl)
 * give the Rupiah two, but Rupiah amounts are recorded in whole rupiah (the sen is not used), so
 * Rp is written without decimals; every other currency follows ISO 4217 (RM with two, for sen).
 */
const RECORDED_DIGITS: Record<string, number> = { IDR: 0 };

export function minorUnitDigits(currency: string): number {
  return RECORDED_DIGITS[currency] ?? new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount in minor units, e.g. 1200000 IDR → "Rp 1.200.000" (id-ID), 1250 MYR → "RM 12.50" (en-MY). */
export function formatMoney(minorUnits: number, currency: string, locale?: string): string {
  const digits = minorUnitDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    minorUnits / 10 ** digits,
  );
}

export function formatNumber(value: number, locale?: string, fractionDigits = 0): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(value);
}

/** A rate between 0 and 1 as a percentage with one decimal; a dash when there is nothing to divide. */
export function formatRate(rate: number | null, locale?: string): string {
  if (rate === null || !Number.isFinite(rate)) return '–';
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate);
}

/** An instant in a time zone, e.g. "20 Nov 2026, 19:30 GMT+7". */
export function formatInstant(instant: string, timeZone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone, timeZoneName: 'short' }).format(
    new Date(instant),
  );
}

/** A local calendar day `YYYY-MM-DD` as the reader writes dates (it is already the store's day). */
export function formatDay(day: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** A month `YYYY-MM`, e.g. "Nov 2026". */
export function formatMonth(month: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

/** How long ago, in words: "2 s ago", "3 min ago", "5 hr ago", "3 days ago" (never in the future: clocks differ a little). */
export function formatAge(milliseconds: number, locale?: string): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  const words = new Intl.RelativeTimeFormat(locale, { numeric: 'always', style: 'narrow' });
  if (seconds < 60) return words.format(-seconds, 'second');
  if (seconds < 3600) return words.format(-Math.floor(seconds / 60), 'minute');
  if (seconds < 2 * 86_400) return words.format(-Math.floor(seconds / 3600), 'hour');
  return words.format(-Math.floor(seconds / 86_400), 'day');
}

/** A checkpoint (an event store position) as an event number when it is one, e.g. "00000000000000001234" → 1234. */
export function eventNumber(checkpoint: string): string {
  return /^\d+$/.test(checkpoint) ? formatNumber(Number(checkpoint)) : checkpoint;
}

/** The local calendar month of an instant in a zone, `YYYY-MM`. */
export function monthIn(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', timeZone }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}`;
}

/** `YYYY-MM` plus `n` months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The last day of a month, `YYYY-MM-DD`. */
export function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to && months.length < 600; month = addMonths(month, 1)) months.push(month);
  return months;
}
