import { checkPath } from './names';
import type { FieldCondition, Filter, FindOptions, Scalar, SortDirection } from './read-store.port';

/**
 * The filter subset both adapters implement, with the same meaning everywhere:
 * - comparisons are type-bracketed as in MongoDB: `$lt: 5` matches numbers only, `$lt: "m"`
 *   strings only, `$lt: true` booleans only;
 * - a missing field never matches `$eq`, `$lt`, `$lte`, `$gt`, `$gte` or `$in`, and always
 *   matches `$ne` (unlike MongoDB's own `{f: null}`, null matches only a stored null);
 * - paths go through nested objects, not arrays.
 * Sorting puts null and missing first in ascending order (last in descending), as MongoDB does;
 * a sort field should hold one type (plus null / missing).
 */
export type Operator = '$eq' | '$ne' | '$lt' | '$lte' | '$gt' | '$gte' | '$in';

export interface Condition {
  path: string;
  op: Operator;
  value: Scalar | Scalar[];
}

const OPERATORS = new Set<string>(['$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$in']);

export function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function scalar(value: unknown, where: string): Scalar {
  if (!isScalar(value)) throw new Error(`read store: ${where} must be a string, finite number, boolean or null`);
  return value;
}

/** The filter as a flat list of conditions, checked. */
export function conditions(filter: Filter): Condition[] {
  const out: Condition[] = [];
  for (const [path, condition] of Object.entries(filter ?? {})) {
    checkPath(path);
    if (isOperatorObject(condition)) {
      for (const [op, value] of Object.entries(condition)) {
        if (!OPERATORS.has(op)) throw new Error(`read store: operator ${op} on "${path}" is not supported`);
        if (value === undefined) continue;
        if (op === '$in') {
          if (!Array.isArray(value)) throw new Error(`read store: $in on "${path}" needs an array`);
          out.push({ path, op, value: value.map((v) => scalar(v, `$in on "${path}"`)) });
        } else {
          out.push({ path, op: op as Operator, value: scalar(value, `${op} on "${path}"`) });
        }
      }
    } else {
      out.push({ path, op: '$eq', value: scalar(condition, `the value for "${path}"`) });
    }
  }
  return out;
}

function isOperatorObject(condition: FieldCondition): condition is Exclude<FieldCondition, Scalar> {
  return typeof condition === 'object' && condition !== null && !Array.isArray(condition);
}

/** The sort keys with `_id` ascending as the last tie-breaker (once). */
export function sortKeys(options: FindOptions | undefined): Array<[string, SortDirection]> {
  const keys: Array<[string, SortDirection]> = [];
  for (const [path, direction] of options?.sort ?? []) {
    checkPath(path);
    if (direction !== 1 && direction !== -1) throw new Error(`read store: sort direction for "${path}" must be 1 or -1`);
    keys.push([path, direction]);
    if (path === '_id') return keys;
  }
  keys.push(['_id', 1]);
  return keys;
}

/**
 * The cursor's values, one per sort key (the `_id` key takes the cursor's id). Keys after an
 * explicit `_id` key are never reached, so they are cut off by `sortKeys`.
 */
export function cursorValues(keys: Array<[string, SortDirection]>, after: NonNullable<FindOptions['after']>): Scalar[] {
  const explicit = keys.length - (keys[keys.length - 1][0] === '_id' ? 1 : 0);
  if (!Array.isArray(after.values) || after.values.length < explicit || typeof after.id !== 'string') {
    throw new Error(`read store: the cursor needs ${explicit} sort value(s) and an id`);
  }
  return keys.map(([path], i) => (path === '_id' ? after.id : scalar(after.values[i], `cursor value for "${path}"`)));
}

export function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`read store: limit must be a non-negative integer, got ${limit}`);
  return limit;
}
