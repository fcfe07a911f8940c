/**
 * A small JSON Schema checker for the keywords docs/asyncapi.yaml uses: $ref (local `#/...`),
 * type, properties, required, additionalProperties, items, minItems, enum, const, minimum, maximum,
 * minLength, pattern, allOf, and format date-time / uuid. Returns every problem, each with its path.
 */
export function validate(schema: unknown, value: unknown, root: unknown = schema, path = '$'): string[] {
  const s = resolve(schema, root) as Record<string, any>;
  const problems: string[] = [];
  const fail = (problem: string) => problems.push(`${path}: ${problem}`);

  if (s.allOf) for (const part of s.allOf as unknown[]) problems.push(...validate(part, value, root, path));
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((type) => hasType(type, value))) {
      fail(`expected ${types.join(' or ')}, got ${describe(value)}`);
      return problems;
    }
  }
  if (s.const !== undefined && value !== s.const) fail(`expected ${JSON.stringify(s.const)}, got ${JSON.stringify(value)}`);
  if (s.enum && !(s.enum as unknown[]).includes(value)) fail(`expected one of ${JSON.stringify(s.enum)}, got ${JSON.stringify(value)}`);
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) fail(`${value} is below the minimum ${s.minimum}`);
    if (s.maximum !== undefined && value > s.maximum) fail(`${value} is above the maximum ${s.maximum}`);
  }
  if (typeof value === 'string') {
    if (s.minLength !== undefined && value.length < s.minLength) fail(`shorter than ${s.minLength}`);
    if (s.pattern !== undefined && !new RegExp(s.pattern as string, 'u').test(value)) fail(`"${value}" does not match ${s.pattern}`);
    if (s.format === 'date-time' && !isDateTime(value)) fail(`"${value}" is not an RFC 3339 date-time`);
    if (s.format === 'uuid' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) fail(`"${value}" is not a UUID`);
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) fail(`fewer than ${s.minItems} items`);
    if (s.items) value.forEach((item, i) => problems.push(...validate(s.items, item, root, `${path}[${i}]`)));
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    for (const name of (s.required ?? []) as string[]) if (object[name] === undefined) fail(`missing required property ${name}`);
    for (const [name, property] of Object.entries(object)) {
      if (name in properties) problems.push(...validate(properties[name], property, root, `${path}.${name}`));
      else if (s.additionalProperties === false) fail(`property ${name} is not allowed`);
    }
  }
  return problems;
}

function resolve(schema: unknown, root: unknown): unknown {
  let current = schema as Record<string, unknown>;
  for (let depth = 0; current && typeof current.$ref === 'string'; depth++) {
    if (depth > 32) throw new Error('$ref loop');
    const ref = current.$ref as string;
    if (!ref.startsWith('#/')) throw new Error(`only local $ref is supported: ${ref}`);
    let target: any = root;
    for (const part of ref.slice(2).split('/')) {
      target = target?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    if (target === undefined) throw new Error(`$ref ${ref} points nowhere`);
    current = target;
  }
  return current;
}

function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value));
}
