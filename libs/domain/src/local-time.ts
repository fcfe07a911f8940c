import { instantOf } from './instant';

/**
 * The local calendar of a time zone: a chain's stores span Asia/Jakarta (UTC+7) to Asia/Jayapura
 * (UTC+9), and days, months, expiries and birthdays are judged there, not in UTC. Pure: the time
 * zone database is the runtime's (Intl), read, never changed.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Offsets by zone, then by quarter hour (no zone changes its offset within one): Intl is slow, and purchases come in runs. */
const offsets = new Map<string, Map<number, number>>();
const MAX_OFFSETS = 50_000;

/** The zone's offset from UTC at an instant, in milliseconds (+7 h in Jakarta). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  let ofZone = offsets.get(timeZone);
  if (!ofZone) offsets.set(timeZone, (ofZone = new Map()));
  const quarter = Math.floor(epochMs / (15 * MINUTE_MS));
  let offset = ofZone.get(quarter);
  if (offset === undefined) {
    const parts = formatter(timeZone).formatToParts(new Date(epochMs));
    const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
    offset = wall - Math.floor(epochMs / 1000) * 1000;
    if (ofZone.size >= MAX_OFFSETS) ofZone.clear();
    ofZone.set(quarter, offset);
  }
  return offset;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Dates as text by their day since the epoch, and back: a chain's events fall on a few thousand
 * days, and every event's dashboards date it and count days from it.
 */
const datesByDay = new Map<number, string>();
const daysByDate = new Map<string, number>();
const MAX_DATES = 50_000;

/** YYYY-MM-DD of the UTC day an instant falls on. */
function dateText(epochMs: number): string {
  const epochDay = Math.floor(epochMs / DAY_MS);
  let text = datesByDay.get(epochDay);
  if (text === undefined) {
    const date = new Date(epochDay * DAY_MS);
    text = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
    if (datesByDay.size >= MAX_DATES) datesByDay.clear();
    datesByDay.set(epochDay, text);
  }
  return text;
}

/** Midnight UTC of a YYYY-MM-DD date, in milliseconds since the epoch. */
function dayOf(date: string): number {
  let epochMs = daysByDate.get(date);
  if (epochMs === undefined) {
    epochMs = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
    if (daysByDate.size >= MAX_DATES) daysByDate.clear();
    daysByDate.set(date, epochMs);
  }
  return epochMs;
}

/**
 * The last answer of localDate: one event is dated by the customer document and by several
 * dashboards in turn, each asking for the same instant in the same zone.
 */
let lastInstant = '';
let lastZone = '';
let lastDate = '';

/** The local date, YYYY-MM-DD, of an instant in a time zone. */
export function localDate(instant: string, timeZone: string): string {
  if (instant === lastInstant && timeZone === lastZone) return lastDate;
  const epochMs = instantOf(instant);
  lastDate = dateText(epochMs + zoneOffsetMs(epochMs, timeZone));
  lastInstant = instant;
  lastZone = timeZone;
  return lastDate;
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

/** The date `days` days after (or before) a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return dateText(dayOf(date) + days * DAY_MS);
}

/** The date `months` months after a date; a day the month does not have is its last (31 January + 1 month: 28 or 29 February). */
export function addMonths(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + months;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return `${pad(targetYear, 4)}-${pad(targetMonth + 1)}-${pad(Math.min(Number(date.slice(8, 10)), lastDay))}`;
}

/** The first day of the month after a date's month. */
export function firstOfNextMonth(date: string): string {
  return addMonths(`${date.slice(0, 8)}01`, 1);
}

const midnights = new Map<string, string>();

/** The instant a local day starts (its midnight), in the stored form: 2026-03-10 in Jakarta is 2026-03-09T17:00:00.000Z. */
export function localMidnight(date: string, timeZone: string): string {
  const key = `${timeZone}|${date}`;
  let instant = midnights.get(key);
  if (instant === undefined) {
    const wall = dayOf(date);
    // The offset at the guess, then at the instant it gives: right across an offset change too.
    let epochMs = wall - zoneOffsetMs(wall, timeZone);
    epochMs = wall - zoneOffsetMs(epochMs, timeZone);
    instant = new Date(epochMs).toISOString();
    if (midnights.size >= MAX_OFFSETS) midnights.clear();
    midnights.set(key, instant);
  }
  return instant;
}
