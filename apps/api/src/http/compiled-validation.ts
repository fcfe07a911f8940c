import { TransformationType } from 'class-transformer';
import type { MetadataStorage as TransformerMetadata } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationArguments } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/** One property's rules, taken once from class-validator's metadata. */
interface PropertyRules {
  property: string;
  /** IsOptional and the like: when one says no, the property's other rules are skipped. */
  conditions: ValidationMetadata[];
  /** Each decorator's checks (a decorator may register several). */
  checks: Array<{ metadata: ValidationMetadata; validate: (value: unknown, args: ValidationArguments) => unknown }>;
  nested: boolean;
  /** The class of a nested value as class-transformer makes it (@Type); undefined when it would not make one. */
  nestedClass?: Function;
}

/**
 * Whether an object passes every rule of its class; false also when it cannot tell. `plain`: the
 * object is the body as parsed, nested values plain objects too, not instances.
 */
type Accepts = (object: object, plain: boolean) => boolean;

// class-transformer keeps its decorators' metadata here; the package's index does not export it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformerMetadata = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerMetadata }).defaultMetadataStorage;

const UNDERSTOOD = new Set<string>([ValidationTypes.CUSTOM_VALIDATION, ValidationTypes.NESTED_VALIDATION, ValidationTypes.CONDITIONAL_VALIDATION]);
/** By class; null for a class with rules this check does not understand (validated the usual way). */
const compiled = new Map<Function, Accepts | null>();

const isCollection = (value: unknown): value is unknown[] | Set<unknown> | Map<unknown, unknown> =>
  Array.isArray(value) || value instanceof Set || value instanceof Map;
/** A check's yes: truthy, and not a promise (an async check is left to class-validator). */
const isTrue = (valid: unknown) => Boolean(valid) && typeof (valid as { then?: unknown }).then !== 'function';

/**
 * A quick yes to a valid DTO instance, with the rules its class declares through class-validator
 * (the one way DTOs are declared): the same rules class-validator would apply with whitelist and
 * forbidUnknownValues, without building an error object per property and looking the metadata up
 * on every request. It only ever says yes when class-validator would find nothing; when it says
 * no (or meets a rule it does not know, groups, async checks), class-validator validates and
 * writes the answer. Compiled once per class, after every DTO module has loaded.
 */
export function acceptsAsValid(object: object): boolean {
  const accepts = acceptorFor(object.constructor);
  return accepts !== null && accepts(object, false);
}

/**
 * The same quick yes for a body as parsed, before class-transformer: only for a class whose
 * instance would hold the body's very values (no @Transform, @Expose or @Exclude, nested classes
 * by @Type alone), so the body itself can stand for the instance. False when it cannot tell.
 */
export function acceptsPlainAsValid(target: Function, body: object): boolean {
  if (!onlyInstantiates(target)) return false;
  const accepts = acceptorFor(target);
  return accepts !== null && accepts(body, true);
}

const instantiatesOnly = new Map<Function, boolean>();

/** Whether class-transformer, from a JSON body, only makes instances of the class and its nested classes. */
function onlyInstantiates(target: Function): boolean {
  let only = instantiatesOnly.get(target);
  if (only === undefined) {
    instantiatesOnly.set(target, false); // a class nested in itself is left to the usual way
    only = transformsNothing(target);
    instantiatesOnly.set(target, only);
  }
  return only;
}

function transformsNothing(target: Function): boolean {
  if (transformerMetadata.getStrategy(target) !== 'none' || transformerMetadata.getExposedMetadatas(target).length > 0 || transformerMetadata.getExcludedMetadatas(target).length > 0) return false;
  const properties = getMetadataStorage().getTargetValidationMetadatas(target, '', false, false, undefined).map((metadata) => metadata.propertyName);
  return properties.every((property) => {
    if (transformerMetadata.findTransformMetadatas(target, property, TransformationType.PLAIN_TO_CLASS).length > 0) return false;
    const type = transformerMetadata.findTypeMetadata(target, property);
    if (!type) return true;
    if (type.options?.discriminator) return false;
    const nested = type.typeFunction();
    return typeof nested === 'function' && onlyInstantiates(nested);
  });
}

function acceptorFor(target: Function): Accepts | null {
  let accepts = compiled.get(target);
  if (accepts === undefined) {
    accepts = compile(target);
    compiled.set(target, accepts);
  }
  return accepts;
}

function compile(target: Function): Accepts | null {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(target, '', false, false, undefined);
  if (metadatas.length === 0) return null;
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    if (!UNDERSTOOD.has(metadata.type) || metadata.validateIf || metadata.groups?.length) return null;
    byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
  }
  const rules: PropertyRules[] = [];
  for (const [property, own] of byProperty) {
    const checks: PropertyRules['checks'] = [];
    for (const metadata of own.filter((m) => m.type === ValidationTypes.CUSTOM_VALIDATION)) {
      for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
        if (constraint.async) return null;
        checks.push({ metadata, validate: (value, args) => constraint.instance.validate(value, args) });
      }
    }
    rules.push({
      property,
      conditions: own.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION),
      checks,
      nested: own.some((m) => m.type === ValidationTypes.NESTED_VALIDATION),
      nestedClass: transformerMetadata.findTypeMetadata(target, property)?.typeFunction() as Function | undefined,
    });
  }
  const properties = new Set(byProperty.keys());
  // Read once: Function.prototype.name is a getter, and a costly one on the path of every request.
  const targetName = target.name;
  return (object, plain) => {
    // whitelist + forbidNonWhitelisted: a field without rules is refused.
    for (const key of Object.keys(object)) if (!properties.has(key)) return false;
    const fields = object as Record<string, unknown>;
    for (const { property, conditions, checks, nested, nestedClass } of rules) {
      const value = fields[property];
      if (!conditionsHold(conditions, object, value)) continue;
      for (const { metadata, validate } of checks) {
        const args: ValidationArguments = { targetName, property, object, value, constraints: metadata.constraints };
        if (metadata.each && isCollection(value)) {
          for (const each of value.values()) if (!isTrue(validate(each, args))) return false;
        } else if (!isTrue(validate(value, args))) return false;
      }
      if (plain) {
        // A plain value where class-transformer would make an instance: checked as one (objects and lists of them only).
        if (nestedClass && value !== undefined && !acceptsNestedPlain(value, nestedClass, nested)) return false;
        if (!nestedClass && nested && value !== undefined) return false;
      } else if (nested && value !== undefined && !acceptsNested(value)) return false;
    }
    return true;
  };
}

/** Whether every IsOptional-like condition lets the property's rules apply (a loop: no closure per property and request). */
function conditionsHold(conditions: ValidationMetadata[], object: object, value: unknown): boolean {
  for (let i = 0; i < conditions.length; i++) if (!conditions[i].constraints[0](object, value)) return false;
  return true;
}

/** A plain object, or a list of them, as the nested class; anything else is left to class-validator. */
function acceptsNestedPlain(value: unknown, nestedClass: Function, validated: boolean): boolean {
  const isPlainObject = (item: unknown): item is object => typeof item === 'object' && item !== null && !Array.isArray(item);
  const items = Array.isArray(value) ? value : [value];
  const accepts = acceptorFor(nestedClass);
  return items.every((item) => isPlainObject(item) && (!validated || (accepts !== null && accepts(item, true))));
}

/** A nested object, or each item of a list of them (holes skipped, as class-validator does). */
function acceptsNested(value: unknown): boolean {
  if (isCollection(value)) {
    for (const item of value instanceof Map ? value.values() : value) {
      if (item !== undefined && !acceptsNested(item)) return false;
    }
    return true;
  }
  return value instanceof Object && acceptsAsValid(value);
}
