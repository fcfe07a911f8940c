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

/** The fields readStoredForm read last: year, month, day, hour, minute, second, millisecond. */
const fields = new Int32Array(7);
const [YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, MILLISECOND] = [0, 1, 2, 3, 4, 5, 6];

/**
 * Whether `text` is in the stored form with each field in its range (a day up to 31), its fields
 * then in `fields`: read into one array, the callers build nothing per date. Date.parse refuses
 * minute 60 or month 13 (NaN) and reads 24:00 as the next midnight: those are out of range here.
 */
function readStoredForm(text: string): boolean {
  if (!storedForm(text)) return false;
  fields[YEAR] = digits(text, 0, 4);
  fields[MONTH] = digits(text, 5, 7);
  fields[DAY] = digits(text, 8, 10);
  fields[HOUR] = digits(text, 11, 13);
  fields[MINUTE] = digits(text, 14, 16);
  fields[SECOND] = digits(text, 17, 19);
  fields[MILLISECOND] = digits(text, 20, 23);
  return (
    fields[YEAR] >= 1000 &&
    fields[MONTH] >= 1 && fields[MONTH] <= 12 &&
    fields[DAY] >= 1 && fields[DAY] <= 31 &&
    fields[HOUR] >= 0 && fields[HOUR] <= 23 &&
    fields[MINUTE] >= 0 && fields[MINUTE] <= 59 &&
    fields[SECOND] >= 0 && fields[SECOND] <= 59 &&
    fields[MILLISECOND] >= 0
  );
}

/**
 * Milliseconds since the epoch of an ISO 8601 date-time, exactly as `Date.parse` reads it. The
 * rules compare dates on every decision and a replay decides a whole ledger again, so the form
 * Setia stores (`2026-03-01T09:30:00.000Z`) is read here directly, several times faster; any
 * other form, or a field at the edge of its range, goes to `Date.parse`.
 */
export function instantOf(iso: string): number {
  if (readStoredForm(iso)) {
    return daysFromCivil(fields[YEAR], fields[MONTH], fields[DAY]) * DAY_MS + ((fields[HOUR] * 60 + fields[MINUTE]) * 60 + fields[SECOND]) * 1000 + fields[MILLISECOND];
  }
  return Date.parse(iso);
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) => (month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);

/**
 * The instant in the stored form, exactly as `new Date(iso).toISOString()` writes it (RangeError
 * when it is no date). A till's time already in that form is returned as it is, which is most of
 * them, on every purchase, without making a Date.
 */
export function storedInstant(iso: string): string {
  if (readStoredForm(iso) && fields[DAY] <= daysInMonth(fields[YEAR], fields[MONTH])) return iso;
  return new Date(iso).toISOString();
}
