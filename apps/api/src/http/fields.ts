import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { CARD_NUMBER_PATTERN, CARD_NUMBER_RULE, ID_PATTERN } from '@setia/domain';
import { INSTANT_PATTERN } from './paging';
import { ArrayMaxSize, IsArray, IsInt, IsISO8601, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

/**
 * Field decorators shared by the request bodies, so every id, amount and date is checked the
 * same way everywhere and documented in the OpenAPI page.
 */

export { ID_PATTERN };

/**
 * A field that may be left out; given, it is checked, null included (class-validator's IsOptional
 * would let null through, and the document says the field is never null).
 */
export const Optional = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
const ID_RULE = 'letters, digits and . _ : @ - (at most 128, starting with a letter or digit)';

export function IdField(description: string, options: { optional?: boolean; example?: string } = {}) {
  const doc = { description, pattern: ID_PATTERN.source, maxLength: 128, ...(options.example !== undefined && { example: options.example }) };
  return applyDecorators(
    ...(options.optional ? [Optional(), ApiPropertyOptional(doc)] : [ApiProperty(doc)]),
    IsString(),
    Matches(ID_PATTERN, { message: ({ property }) => `${property} must be ${ID_RULE}` }),
  );
}

/** A list of ids (at most `maxItems`), each checked as an id field is. */
export function IdsField(description: string, maxItems: number, options: { optional?: boolean; example?: string[] } = {}) {
  const doc = { description, type: 'array' as const, maxItems, items: { type: 'string', pattern: ID_PATTERN.source, maxLength: 128 }, ...(options.example !== undefined && { example: options.example }) };
  return applyDecorators(
    ...(options.optional ? [Optional(), ApiPropertyOptional(doc)] : [ApiProperty(doc)]),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    Matches(ID_PATTERN, { each: true, message: ({ property }) => `${property} must be ids of ${ID_RULE}` }),
  );
}

/** Integer minor units of the currency (sen, rupiah); never fractions, never negative. */
export function MoneyField(description: string, options: { min?: number; optional?: boolean; example?: number } = {}) {
  const min = options.min ?? 0;
  const doc = { description: `${description} (integer minor units)`, type: 'integer' as const, minimum: min, maximum: Number.MAX_SAFE_INTEGER, example: options.example ?? Math.max(min, 125000) };
  return applyDecorators(
    ...(options.optional ? [Optional(), ApiPropertyOptional(doc)] : [ApiProperty(doc)]),
    IsInt({ message: ({ property }) => `${property} must be an integer amount in minor units` }),
    Min(min, { message: ({ property }) => `${property} must be at least ${min}` }),
    Max(Number.MAX_SAFE_INTEGER, { message: ({ property }) => `${property} is too large` }),
  );
}

export function IntegerField(description: string, min: number, max: number, options: { optional?: boolean; example?: number } = {}) {
  const doc = { description, type: 'integer' as const, minimum: min, maximum: max, ...(options.example !== undefined && { example: options.example }) };
  return applyDecorators(
    ...(options.optional ? [Optional(), ApiPropertyOptional(doc)] : [ApiProperty(doc)]),
    IsInt({ message: ({ property }) => `${property} must be an integer` }),
    Min(min, { message: ({ property }) => `${property} must be at least ${min}` }),
    Max(max, { message: ({ property }) => `${property} must be at most ${max}` }),
  );
}

/** An instant with its UTC offset (a till's local time is ambiguous without it), stored in UTC. */
export function InstantField(description: string, options: { optional?: boolean } = {}) {
  const doc = { description: `${description} (ISO 8601 with offset)`, format: 'date-time', pattern: INSTANT_PATTERN.source, example: '2026-11-20T19:30:00+07:00' };
  return applyDecorators(
    ...(options.optional ? [Optional(), ApiPropertyOptional(doc)] : [ApiProperty(doc)]),
    IsISO8601({ strict: true, strictSeparator: true }, { message: ({ property }) => `${property} must be an ISO 8601 date-time` }),
    Matches(INSTANT_PATTERN, {
      message: ({ property }) => `${property} must be a date-time with a time and a UTC offset, e.g. 2026-11-20T19:30:00+07:00`,
    }),
  );
}

/** A calendar date, YYYY-MM-DD. */
export function DateField(description: string, options: { optional?: boolean } = {}) {
  // Years from 1000: what IsISO8601's strict check takes.
  const doc = { description, format: 'date', pattern: '^[1-9]\\d{3}-\\d{2}-\\d{2}$', example: '1990-04-17' };
  return applyDecorators(
    ...(options.optional ? [Optional(), ApiPropertyOptional(doc)] : [ApiProperty(doc)]),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a date YYYY-MM-DD` }),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: ({ property }) => `${property} must be a date YYYY-MM-DD` }),
  );
}

export function TextField(description: string, maxLength: number, options: { optional?: boolean; pattern?: string; example?: string } = {}) {
  const doc = { description, maxLength, ...(options.pattern && { pattern: options.pattern }), ...(options.example && { example: options.example }) };
  return applyDecorators(
    ...(options.optional ? [Optional(), ApiPropertyOptional(doc)] : [ApiProperty(doc)]),
    IsString({ message: ({ property }) => `${property} must be text` }),
    MaxLength(maxLength, { message: ({ property }) => `${property} must be at most ${maxLength} characters` }),
  );
}

/** Trims surrounding white space from text fields before they are checked. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

const CARD_NUMBER_DOCUMENTED = /^[A-Za-z0-9-][A-Za-z0-9 -]{2,62}[A-Za-z0-9-]$/;

/** A membership card number as printed on the card (spaces and dashes allowed), trimmed. */
export function CardNumberField(description: string) {
  return applyDecorators(
    Trim(),
    // Documented without the spaces trimming takes off, so that what the document allows is taken.
    TextField(description, 64, { pattern: CARD_NUMBER_DOCUMENTED.source, example: '6001 0001' }),
    Matches(CARD_NUMBER_PATTERN, { message: ({ property }) => `${property} must be ${CARD_NUMBER_RULE}` }),
  );
}
