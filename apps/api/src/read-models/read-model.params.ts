import { ID_PATTERN } from '@setia/domain';
import { NO_STORE } from '@setia/projections';
import { BadRequestException, UnprocessableEntityException } from '@nestjs/common';

const bad = (field: string, message: string) =>
  new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${field} ${message}`, field });

/** The query parameters' rules as the OpenAPI document states them, next to the checks. */
export const DAY_SCHEMA = { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
export const MONTH_SCHEMA = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' } as const;
export const STORE_FILTER_SCHEMA = { type: 'string', pattern: `^(${NO_STORE}|${ID_PATTERN.source.slice(1, -1)})$` } as const;

/** An optional calendar date query parameter, YYYY-MM-DD. */
export function dateParam(field: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) throw bad(field, 'must be a date YYYY-MM-DD');
  return raw;
}

/** An optional month query parameter, YYYY-MM. */
export function monthParam(field: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(raw)) throw bad(field, 'must be a month YYYY-MM');
  return raw;
}

export function oneOfParam<T extends string>(field: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!allowed.includes(raw as T)) throw bad(field, `must be one of ${allowed.join(', ')}`);
  return raw as T;
}

/**
 * An optional store filter of a dashboard: a store id, or `-` for the rows of no store (new
 * members without a home store, docs/read-models.md).
 */
export function storeParam(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw !== NO_STORE && !ID_PATTERN.test(raw)) throw bad('storeId', `must be a store id or ${NO_STORE} (no store)`);
  return raw;
}

export function textParam(field: string, raw: string | undefined, pattern: RegExp): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!pattern.test(raw)) throw bad(field, 'is not a valid value');
  return raw;
}

export interface Cursor {
  values: Array<string | number | boolean | null>;
  id: string;
}

/** Cursors are opaque to clients: base64url of the last row's sort values. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function cursorParam(raw: string | undefined): Cursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    const cursor = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (Array.isArray(cursor.values) && typeof cursor.id === 'string') return cursor;
  } catch {
    // falls through to the 400 below
  }
  // Well formed as the document says a cursor is, but none this API gave out.
  throw new UnprocessableEntityException({ statusCode: 422, error: 'Unprocessable Entity', message: 'cursor is not a cursor this API gave out', field: 'cursor' });
}
