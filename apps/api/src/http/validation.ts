import { BadRequestException } from '@nestjs/common';
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { ValidationError, ValidatorOptions } from 'class-validator';
import { acceptsAsValid, acceptsPlainAsValid } from './compiled-validation';

interface FieldProblem {
  field: string;
  messages: string[];
}

/** Flattens nested validation errors into `lines[0].quantity`-style field paths. */
function problems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints).map((m) => rename(m, error.property, field)) }] : [];
    return [...own, ...problems(error.children ?? [], field)];
  });
}

/** Messages name the property; give them the full path so a nested field is found. */
function rename(message: string, property: string, field: string): string {
  return message.startsWith(`${property} `) ? `${field}${message.slice(property.length)}` : message;
}

export const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/** Parameter types that are values, not DTO classes. */
const VALUE_TYPES = new Set<unknown>([String, Boolean, Number, Array, Object, Buffer, Date]);

/**
 * Request bodies are checked against their DTO (class-validator rules, class-transformer for
 * nested classes and trimming): unknown fields are refused, and the answer names every field at
 * fault. Nest's ValidationPipe does the same, and on every request also guards against what a
 * parsed JSON body cannot hold (sparse arrays, binary values) or fastify's parser already refuses
 * (prototype keys), a cost on every purchase. In this API only bodies are DTOs; path and query values
 * have their own pipes (params.ts, paging.ts).
 */
export class BodyValidationPipe implements PipeTransform {
  transform(value: unknown, { type, metatype, data }: ArgumentMetadata): unknown {
    // `?tier=a&tier=b` reads as a list; no query parameter of this API is one.
    if (type === 'query' && Array.isArray(value)) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${data} is given more than once`, field: data });
    }
    if (type === 'custom' || !metatype || VALUE_TYPES.has(metatype)) return value;
    if (type !== 'body') throw new Error(`${metatype.name} for ${type} ${data ?? ''}: only request bodies are DTOs`);
    // A body that is not an object (null, text, a list) is checked as an empty one: every required field is named.
    const plain = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
    // Where class-transformer would only make instances holding the same values, the body as parsed is the DTO.
    if (acceptsPlainAsValid(metatype, plain)) return plain;
    const body = plainToInstance(metatype, plain) as object;
    if (acceptsAsValid(body)) return body;
    const errors = validateSync(body, VALIDATOR_OPTIONS);
    if (errors.length > 0) throw badRequest(errors);
    return body;
  }
}

function badRequest(errors: ValidationError[]): BadRequestException {
  const found = problems(errors);
  const first = found[0];
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: first ? first.messages[0] : 'the request body is not valid',
    field: first?.field,
    errors: found,
  });
}
