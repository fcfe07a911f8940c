const ZERO = 48;

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

/**
 * Milliseconds since the epoch of an ISO 8601 date-time, exactly as `Date.parse` reads it. The
 * rules compare dates on every decision and a replay decides a whole ledger again, so the form
 * Setia stores (`2026-03-01T09:30:00.000Z`) is read here directly, several times faster; any
 * other form, or a field at the edge of its range, goes to `Date.parse`.
 */
export function instantOf(iso: string): number {
  if (iso.length === 24 && iso[4] === '-' && iso[7] === '-' && iso[10] === 'T' && iso[13] === ':' && iso[16] === ':' && iso[19] === '.' && iso[23] === 'Z') {
    const year = digits(iso, 0, 4);
    const month = digits(iso, 5, 7);
    const day = digits(iso, 8, 10);
    const hour = digits(iso, 11, 13);
    const minute = digits(iso, 14, 16);
    const second = digits(iso, 17, 19);
    const millisecond = digits(iso, 20, 23);
    // Date.UTC reads years below 100 as 19xx and rolls over what Date.parse refuses (minute 60, month 13).
    if (year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && millisecond >= 0) {
      return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
    }
  }
  return Date.parse(iso);
}
