/**
 * JSON Schema (the subset Setia's published contracts use), as plain data: the program's settings,
 * the public body of every event, and through them the API's and the AsyncAPI documents.
 */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  description?: string;
  format?: string;
  pattern?: string;
  enum?: readonly (string | number)[];
  const?: string | number | boolean;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  allOf?: JsonSchema[];
  examples?: unknown[];
};

/** The keys of T that may be absent. */
export type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

/**
 * An object schema naming every property of T (the compiler refuses one left out); those listed
 * as optional may be absent, every other one is required. Nothing else is allowed.
 */
export function objectOf<T>(
  description: string,
  properties: { [K in keyof T]-?: JsonSchema },
  optional: readonly OptionalKeys<T>[] = [],
): JsonSchema {
  const names = Object.keys(properties);
  return {
    type: 'object',
    description,
    properties: properties as Record<string, JsonSchema>,
    required: names.filter((name) => !(optional as readonly string[]).includes(name)),
    additionalProperties: false,
  };
}

export const arrayOf = (description: string, items: JsonSchema, limits: { minItems?: number; maxItems?: number } = {}): JsonSchema => ({
  type: 'array',
  description,
  items,
  ...limits,
});

/** Ids of a tenant's things (customers, stores, receipts...), as ID_PATTERN in streams.ts. */
export const idSchema = (description: string): JsonSchema => ({ type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$', description });
export const textSchema = (description: string, maxLength = 64): JsonSchema => ({ type: 'string', minLength: 1, maxLength, description });
export const dateTimeSchema = (description: string): JsonSchema => ({ type: 'string', format: 'date-time', description });
export const integerSchema = (description: string, minimum = 0, maximum = 1_000_000_000): JsonSchema => ({ type: 'integer', minimum, maximum, description });
/** An amount in minor units of the program's currency. */
export const moneySchema = (description: string, minimum = 0): JsonSchema => ({ type: 'integer', minimum, maximum: Number.MAX_SAFE_INTEGER, description });

/** Published fields: what the event recorded, described for downstream systems. */
export const nonEmptyTextSchema = (description: string): JsonSchema => ({ type: 'string', minLength: 1, description });
export const countSchema = (description: string): JsonSchema => ({ type: 'integer', minimum: 0, description });
