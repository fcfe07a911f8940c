import { BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

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

/**
 * Request bodies are checked against their DTO: unknown fields are refused, and the answer
 * names every field at fault.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const found = problems(errors);
      const first = found[0];
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: first ? first.messages[0] : 'the request body is not valid',
        field: first?.field,
        errors: found,
      });
    },
  });
}
