import { BadRequestException } from '@nestjs/common';

/** An integer query parameter within bounds, or its default when absent. */
export function pageNumber(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${name} must be an integer from ${min} to ${max}`, field: name });
  }
  return value;
}

/** A date-time as the API takes it: a year from 1000, a time and a UTC offset. */
export const INSTANT_PATTERN = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A required date-time query parameter with its UTC offset, returned in UTC. */
export function instantParam(name: string, raw: string | undefined): string {
  const valid = raw !== undefined && INSTANT_PATTERN.test(raw) && !Number.isNaN(Date.parse(raw));
  if (!valid) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${name} must be an ISO 8601 date-time with a UTC offset`, field: name });
  }
  return new Date(raw).toISOString();
}
