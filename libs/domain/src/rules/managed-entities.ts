import { canonicalJson } from '../canonical-json';
import { IdAlreadyUsed } from '../errors';
import type { DomainError } from '../errors';
import type { JsonSchema } from '../json-schema';
import { arrayOf, dateTimeSchema } from '../json-schema';

/**
 * Program entities managed one at a time, each created and ended by a command of its own
 * (campaigns, offers): kept in the program's settings as created, with when, and when ended.
 */
export type Managed<T> = T & { createdAt: string; endedAt?: string };

/** The settings' schema: the entities as created, each with createdAt and, once ended, endedAt. */
export function managedSchema(description: string, created: JsonSchema): JsonSchema {
  return arrayOf(description, {
    ...created,
    properties: { ...created.properties, createdAt: dateTimeSchema('When it was created'), endedAt: dateTimeSchema('When it was ended, if it was') },
    required: [...created.required!, 'createdAt'],
  });
}

/**
 * Whether creating `entity` repeats what is there under its id (`idField` of the entity): the
 * same terms are a retry, with nothing to record; other terms under a taken id are refused.
 */
export function repeatsCreation<T extends object>(settings: ReadonlyArray<Managed<T>> | undefined, entity: T, idField: keyof T & string): boolean {
  const existing = settings?.find((known) => known[idField] === entity[idField]);
  if (!existing) return false;
  const { createdAt: _created, endedAt: _ended, ...asCreated } = existing;
  if (canonicalJson(asCreated) === canonicalJson(entity)) return true;
  throw new IdAlreadyUsed(idField, String(entity[idField]));
}

/** Whether ending the entity records something: not when it was ended already (a retry); refused with `notFound` when there is none. */
export function isToEnd<T extends object>(settings: ReadonlyArray<Managed<T>> | undefined, idField: keyof T & string, id: string, notFound: () => DomainError): boolean {
  const entity = settings?.find((known) => known[idField] === id);
  if (!entity) throw notFound();
  return entity.endedAt === undefined;
}

/** The settings with the entity created at `createdAt`. */
export const withCreated = <T extends object>(settings: ReadonlyArray<Managed<T>> | undefined, entity: T, createdAt: string): Array<Managed<T>> => [
  ...(settings ?? []),
  { ...entity, createdAt },
];

/** The settings with the entity of that id ended at `endedAt`. */
export const withEnded = <T extends object>(settings: ReadonlyArray<Managed<T>> | undefined, idField: keyof T & string, id: string, endedAt: string): Array<Managed<T>> =>
  (settings ?? []).map((entity) => (entity[idField] === id ? { ...entity, endedAt } : entity));
