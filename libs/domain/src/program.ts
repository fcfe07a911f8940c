import { InvalidProgram } from './errors';
import type { JsonSchema } from './json-schema';
import { arrayOf, idSchema, objectOf } from './json-schema';
import type { RuleSettings } from './rules/registry';

/**
 * A tenant's program: what every rule shares (the currency and the stores with their time zones)
 * and each rule's settings under the rule's name (see rules/registry.ts).
 * Money is always integer minor units of the program's currency (sen, rupiah).
 */
export interface ProgramCore {
  /** ISO 4217 code. */
  currency: string;
  /** IANA time zone of the chain's head office, the default for stores. */
  timeZone: string;
  stores: Store[];
  /**
   * What one point is worth when redeemed, in minor units: the stand-alone value of the points
   * liability (IFRS 15). Absent: the liability is counted in points only.
   */
  pointValue?: number;
  /**
   * How many days after a purchase a till may still post its receipt (a till that was offline, a
   * receipt keyed in later). Absent: DEFAULT_LATE_RECEIPT_DAYS.
   */
  lateReceiptDays?: number;
}

/** A receipt may reach Setia up to a year after the purchase unless the program says otherwise. */
export const DEFAULT_LATE_RECEIPT_DAYS = 365;

export type Program = ProgramCore & RuleSettings;

export interface Store {
  storeId: string;
  timeZone: string;
}

/** The program as a decision sees it: the rules and the revision that recorded them. */
export interface ProgramVersion {
  revision: number;
  rules: Program;
  /**
   * When the revision was configured: what falls due as time passes is decided from then on
   * (a rule switched on does not reach back before it).
   */
  since?: string;
}

/** A field of the program at fault, named from the program's root (`tiers[2].minQualifyingSpend`). */
export type ProgramProblem = (field: string, problem: string) => never;

export const failProgram: ProgramProblem = (field, problem) => {
  throw new InvalidProgram(`${field}: ${problem}`, field);
};

const timeZoneSchema = (description: string): JsonSchema => ({ type: 'string', format: 'iana-time-zone', description, examples: ['Asia/Jakarta'] });

/** The settings every rule shares; each rule adds its own (see rules/registry.ts). */
export const PROGRAM_CORE_SCHEMA: { [K in keyof ProgramCore]-?: JsonSchema } = {
  currency: { type: 'string', format: 'iso-4217', description: 'ISO 4217 code of all amounts', examples: ['IDR'] },
  timeZone: timeZoneSchema('IANA time zone of the chain\'s head office, the default for stores'),
  stores: arrayOf(
    'The stores of the chain',
    objectOf<Store>('A store of the chain', {
      storeId: idSchema('Store id, unique within the tenant'),
      timeZone: timeZoneSchema('Local time zone of the store (IANA)'),
    }),
    { minItems: 1, maxItems: 10_000 },
  ),
  pointValue: { type: 'integer', minimum: 0, maximum: 1_000_000_000, description: 'What one point is worth when redeemed, in minor units (the liability\'s value); absent: none given', examples: [100] },
  lateReceiptDays: {
    type: 'integer',
    minimum: 0,
    maximum: 3650,
    description: `How many days after a purchase its receipt may still be posted; an older one is refused (422). Absent: ${DEFAULT_LATE_RECEIPT_DAYS}`,
    examples: [30],
  },
};

/** The settings every program has (the others may be left out). */
export const PROGRAM_CORE_REQUIRED: ReadonlyArray<keyof ProgramCore> = ['currency', 'timeZone', 'stores'];

/** The checks of what every rule shares; the first problem found names its field. */
export function validateProgramCore(program: ProgramCore, fail: ProgramProblem = failProgram): void {
  if (!isTimeZone(program.timeZone)) fail('timeZone', `${program.timeZone} is not an IANA time zone`);
  if (program.stores.length === 0) fail('stores', 'a program needs at least one store');
  const storeIds = new Set<string>();
  program.stores.forEach((store, i) => {
    if (storeIds.has(store.storeId)) fail(`stores[${i}].storeId`, `store ${store.storeId} appears twice`);
    storeIds.add(store.storeId);
    if (!isTimeZone(store.timeZone)) fail(`stores[${i}].timeZone`, `${store.timeZone} is not an IANA time zone`);
  });
  if (program.pointValue !== undefined && !isNonNegativeInteger(program.pointValue)) fail('pointValue', 'must be a whole amount in minor units, not negative');
  if (program.lateReceiptDays !== undefined && !isNonNegativeInteger(program.lateReceiptDays)) fail('lateReceiptDays', 'must be a whole number of days, not negative');
}

export function findStore(program: ProgramCore, storeId: string): Store | undefined {
  return program.stores.find((store) => store.storeId === storeId);
}

export const isNonNegativeInteger = (n: number) => Number.isSafeInteger(n) && n >= 0;
export const isPositiveInteger = (n: number) => Number.isSafeInteger(n) && n > 0;

/** An IANA zone name the runtime's time zone database knows (a pure look-up, no I/O). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}
