/**
 * Dashboards count by the local calendar of the store where something happened: a purchase at
 * 23:30 in Jayapura (UTC+9) belongs to that day in Jayapura, not to the next day in UTC.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The local date, YYYY-MM-DD, of an instant in a time zone. */
export function localDate(instant: string, timeZone: string): string {
  const parts = formatter(timeZone).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The local month, YYYY-MM, of an instant in a time zone. */
export function localMonth(instant: string, timeZone: string): string {
  return localDate(instant, timeZone).slice(0, 7);
}

/** Whole months from one YYYY-MM to a later one (negative when `to` is earlier). */
export function monthsBetween(from: string, to: string): number {
  const [fromYear, fromMonth] = from.split('-').map(Number);
  const [toYear, toMonth] = to.split('-').map(Number);
  return (toYear - fromYear) * 12 + (toMonth - fromMonth);
}
