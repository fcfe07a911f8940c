import type { JsonSchema } from './json-schema';

/** A personal field: sealed with the customer's key in the store, erasable, never published. */
export const PERSONAL = { personal: true } as const;
export type Personal = typeof PERSONAL;

/** A field kept in the store but not published, and why (the reason is for the reader of the contract). */
export interface Unpublished {
  unpublished: string;
}

/** What becomes of one recorded field: published under this schema, personal, or unpublished. */
export type FieldContract = JsonSchema | Personal | Unpublished;

/** A published field computed from the recorded data (e.g. the month of a birthday). */
export interface DerivedField<Data> {
  schema: JsonSchema;
  required?: boolean;
  of(data: Data): unknown;
}

/**
 * What an event type promises: for every field the domain records, whether it is published and
 * under which schema, or personal, or unpublished. The compiler refuses a contract that leaves a
 * recorded field out, so a field added to an event is never silently dropped from, or leaked to,
 * what downstream systems receive.
 */
export interface EventContract<Data> {
  description: string;
  fields: { [K in keyof Data]-?: FieldContract };
  /** Published fields that may be absent (the optional ones of the data, or derived ones not always given). */
  optional?: readonly string[];
  derived?: Record<string, DerivedField<Data>>;
}

/** The contracts of a union of events, one per type: a type without its contract does not compile. */
export type EventContracts<Event extends { type: string; data: object }> = {
  [Type in Event['type']]: EventContract<Extract<Event, { type: Type }>['data']>;
};

export function isPersonal(field: FieldContract): field is Personal {
  return 'personal' in field;
}

function isUnpublished(field: FieldContract): field is Unpublished {
  return 'unpublished' in field;
}

/** The recorded fields of a contract that are personal. */
export function personalFields(contract: EventContract<object>): string[] {
  return Object.entries(contract.fields as Record<string, FieldContract>)
    .filter(([, field]) => isPersonal(field))
    .map(([name]) => name);
}

/**
 * The JSON Schema of the published body: `leading` properties first (e.g. the customer id, which
 * is the stream's and not in the data), then the published and derived fields.
 */
export function publishedSchema(contract: EventContract<object>, leading: Record<string, JsonSchema> = {}): JsonSchema {
  const properties: Record<string, JsonSchema> = { ...leading };
  for (const [name, field] of Object.entries(contract.fields as Record<string, FieldContract>)) {
    if (!isPersonal(field) && !isUnpublished(field)) properties[name] = field;
  }
  for (const [name, derived] of Object.entries(contract.derived ?? {})) properties[name] = derived.schema;
  const optional = new Set([...(contract.optional ?? []), ...Object.entries(contract.derived ?? {}).filter(([, d]) => !d.required).map(([name]) => name)]);
  return {
    type: 'object',
    description: contract.description,
    properties,
    required: Object.keys(properties).filter((name) => !optional.has(name)),
    additionalProperties: false,
  };
}

/** The published values computed from an event's data, by field. */
export function derivedValues(contract: EventContract<object>, data: object): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, derived] of Object.entries(contract.derived ?? {})) {
    const value = derived.of(data);
    if (value !== undefined) values[name] = value;
  }
  return values;
}
