import { BadRequestException } from '@nestjs/common';
import type { PipeTransform } from '@nestjs/common';
import { ID_PATTERN, isTimeZone } from '@setia/domain';
import type { JsonSchema } from '@setia/domain';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';

/**
 * Request bodies whose shape the domain publishes as JSON Schema (the program, made of each
 * rule's settings) are checked against that schema, so the API, its OpenAPI document and the
 * published contract cannot drift. Every problem is named by its field path, as the DTO bodies'.
 */
const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
ajv.addFormat('iana-time-zone', { type: 'string', validate: isTimeZone });
ajv.addFormat('iso-4217', { type: 'string', validate: (code: string) => isCurrencyCode(code) });
// A decimal step such as 0.0001 means "at most 4 decimal places", exactly: floating-point
// division (ajv's own multipleOf) lets a number written with an exponent, such as 5e-324, through.
ajv.removeKeyword('multipleOf');
ajv.addKeyword({ keyword: 'multipleOf', type: 'number', schemaType: 'number', validate: (step: number, value: number) => isMultipleOf(value, step) });

/** The ISO 4217 codes the runtime knows: the currencies a program and a receipt may name. */
export const CURRENCY_CODES: readonly string[] = Intl.supportedValuesOf('currency').filter((code) => /^[A-Z]{3}$/.test(code));
const CURRENCIES = new Set(CURRENCY_CODES);
const isCurrencyCode = (code: string) => CURRENCIES.has(code);
/** IANA time zones by their canonical names: what the document lists (isTimeZone also takes their aliases). */
const TIME_ZONES: readonly string[] = Intl.supportedValuesOf('timeZone').filter(isTimeZone);

function isMultipleOf(value: number, step: number): boolean {
  const decimals = -Math.log10(step);
  if (Number.isInteger(decimals)) return Number.isFinite(value) && Number(value.toFixed(decimals)) === value;
  return Number.isInteger(value / step);
}

const ID_RULE = 'letters, digits and . _ : @ - (at most 128, starting with a letter or digit)';

/** `/tiers/1/multiplier` → `tiers[1].multiplier`. */
function fieldOf(instancePath: string, child?: string): string {
  const parts = instancePath.split('/').slice(1);
  if (child !== undefined) parts.push(child);
  return parts.reduce((field, part) => (/^\d+$/.test(part) ? `${field}[${part}]` : field ? `${field}.${part}` : part), '');
}

const TYPE_NAMES: Record<string, string> = { integer: 'an integer', number: 'a number', string: 'text', array: 'a list', object: 'an object', boolean: 'true or false' };

/** A problem in the words of the API's other answers. */
function problemOf(error: ErrorObject): { field: string; message: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const field = fieldOf(error.instancePath, params.missingProperty as string);
      return { field, message: `${field} is required` };
    }
    case 'additionalProperties': {
      const field = fieldOf(error.instancePath, params.additionalProperty as string);
      return { field, message: `property ${field} should not exist` };
    }
  }
  const field = fieldOf(error.instancePath) || 'body';
  const rule = ((): string => {
    switch (error.keyword) {
      case 'type':
        return `must be ${TYPE_NAMES[params.type as string] ?? params.type}`;
      case 'minimum':
        return `must be at least ${params.limit}`;
      case 'maximum':
        return `must be at most ${params.limit}`;
      case 'multipleOf':
        return `must be a number with at most ${Math.round(-Math.log10(error.schema as number))} decimal places`;
      case 'minLength':
        return `must be at least ${params.limit} characters`;
      case 'maxLength':
        return `must be at most ${params.limit} characters`;
      case 'minItems':
        return `must have at least ${params.limit} items`;
      case 'maxItems':
        return `must have at most ${params.limit} items`;
      case 'pattern':
        return params.pattern === ID_PATTERN.source ? `must be ${ID_RULE}` : `must match ${params.pattern}`;
      case 'format':
        return params.format === 'iana-time-zone' ? 'must be an IANA time zone such as Asia/Jakarta' : params.format === 'iso-4217' ? 'must be an ISO 4217 currency code such as IDR or MYR' : `must be a ${params.format}`;
      case 'enum':
        return `must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
      default:
        return error.message ?? 'is not valid';
    }
  })();
  return { field, message: `${field} ${rule}` };
}

/** Checks a body against a JSON Schema: 400 naming every field at fault, or the body as it is. */
export class JsonSchemaBody implements PipeTransform {
  private readonly check: ValidateFunction;

  constructor(schema: JsonSchema) {
    this.check = ajv.compile(schema);
  }

  transform(value: unknown): unknown {
    if (this.check(value)) return value;
    const problems = (this.check.errors ?? []).map(problemOf);
    const found = [...new Map(problems.map((problem) => [`${problem.field}\u0000${problem.message}`, problem])).values()];
    const first = found[0];
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: first?.message ?? 'the request body is not valid',
      field: first?.field,
      errors: found.map(({ field, message }) => ({ field, messages: [message] })),
    });
  }
}

/**
 * A JSON Schema as the OpenAPI 3.0 document takes it: `examples` becomes `example`, `const` an
 * enum of one; the custom formats stay (OpenAPI allows any format name).
 */
export function openApiSchema(schema: JsonSchema): Record<string, unknown> {
  const { examples, const: constant, properties, items, allOf, ...rest } = schema;
  return {
    ...rest,
    ...(examples !== undefined && examples.length > 0 && { example: examples[0] }),
    ...(constant !== undefined && { enum: [constant] }),
    // The custom formats' values, listed, so a client or fuzzer knows which strings are meant.
    ...(schema.format === 'iso-4217' && { enum: CURRENCY_CODES }),
    ...(schema.format === 'iana-time-zone' && { enum: TIME_ZONES }),
    ...(properties && { properties: Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, openApiSchema(property)])) }),
    ...(items && { items: openApiSchema(items) }),
    ...(allOf && { allOf: allOf.map(openApiSchema) }),
  };
}
