const ZERO = 48;
const DAY_MS = 86_400_000;

/** The number written in `text` from `start` to `end` (decimal digits), or -1 when something else is there. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Whether `text` has the separators of the stored form `2026-03-01T09:30:00.000Z`. */
function storedForm(text: string): boolean {
  return (
    text.length === 24 &&
    text.charCodeAt(4) === 45 && // -
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 84 && // T
    text.charCodeAt(13) === 58 && // :
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(19) === 46 && // .
    text.charCodeAt(23) === 90 // Z
  );
}

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
 * Linear in the day, so day 30 of February is 2 March, as Date.UTC and Date.parse have it.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Milliseconds since the epoch of an ISO 8601 date-time, exactly as `Date.parse` reads it. The
 * rules compare dates on every decision and a replay decides a whole ledger again, so the form
 * Setia stores (`2026-03-01T09:30:00.000Z`) is read here directly, several times faster; any
 * other form, or a field at the edge of its range, goes to `Date.parse`.
 */
export function instantOf(iso: string): number {
  if (storedForm(iso)) {
    const year = digits(iso, 0, 4);
    const month = digits(iso, 5, 7);
    const day = digits(iso, 8, 10);
    const hour = digits(iso, 11, 13);
    const minute = digits(iso, 14, 16);
    const second = digits(iso, 17, 19);
    const millisecond = digits(iso, 20, 23);
    // Date.parse refuses minute 60 or month 13 (NaN) and reads 24:00 as the next midnight: those go to it.
    if (year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && millisecond >= 0) {
      return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond;
    }
  }
  return Date.parse(iso);
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) => (month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);

/**
 * The instant in the stored form, exactly as `new Date(iso).toISOString()` writes it (RangeError
 * when it is no date). A till's time already in that form is returned as it is, which is most of
 * them: a third of a microsecond against one for the Date, on every purchase.
 */
export function storedInstant(iso: string): string {
  if (storedForm(iso)) {
    const year = digits(iso, 0, 4);
    const month = digits(iso, 5, 7);
    const day = digits(iso, 8, 10);
    const hour = digits(iso, 11, 13);
    const minute = digits(iso, 14, 16);
    const second = digits(iso, 17, 19);
    const millisecond = digits(iso, 20, 23);
    if (year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && millisecond >= 0) {
      return iso;
    }
  }
  return new Date(iso).toISOString();
}
