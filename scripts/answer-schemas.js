// Writes apps/api/src/http/answer-schemas.ts: the JSON Schema (in OpenAPI 3.0's dialect) of every
// operation's answer, generated from the types of the controller methods that give them
// (apps/api/src/http/answers.ts). `npm run answers` after changing an answer; a spec fails while
// the file is not what this script writes.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const TJS = require('typescript-json-schema');

const root = join(__dirname, '..');
const OUT = join(root, 'apps/api/src/http/answer-schemas.ts');

/** A component's name as OpenAPI allows it: `Record<string,HealthReport>` → `Record_string_HealthReport_`. */
const componentName = (name) => decodeURIComponent(name).replace(/[^A-Za-z0-9._-]/g, '_');

/** JSON Schema draft 7 as OpenAPI 3.0 takes it: nullable instead of a null type, refs to components. */
function toOpenApi(schema) {
  if (Array.isArray(schema)) return schema.map(toOpenApi);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema') continue;
    if (key === '$ref') out.$ref = `#/components/schemas/${componentName(value.replace('#/definitions/', ''))}`;
    else if (key === 'const') out.enum = [value];
    else if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toOpenApi(sub)]));
    else if (key === 'definitions') out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [componentName(name), toOpenApi(sub)]));
    else out[key] = toOpenApi(value);
  }
  // A type with an index signature comes out as patternProperties, which OpenAPI 3.0 lacks (and
  // Omit<> of one as no properties at all): an object whose fields the type does not list.
  if (out.patternProperties) {
    delete out.patternProperties;
    delete out.additionalProperties;
  }
  if (Array.isArray(out.type)) {
    const types = out.type.filter((type) => type !== 'null');
    const nullable = types.length < out.type.length;
    if (types.length === 1) out.type = types[0];
    else {
      delete out.type;
      out.anyOf = types.map((type) => ({ type }));
    }
    if (nullable) out.nullable = true;
  }
  for (const key of ['anyOf', 'oneOf']) {
    if (!out[key]) continue;
    const others = out[key].filter((sub) => !(sub.type === 'null' && Object.keys(sub).length === 1));
    if (others.length < out[key].length) {
      if (others.length === 1 && !others[0].$ref) {
        Object.assign(out, others[0]);
        delete out[key];
      } else out[key] = others;
      out.nullable = true;
    }
  }
  if (out.nullable && out.enum && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

function answerSchemas() {
  const program = TJS.programFromConfig(join(root, 'tsconfig.json'), [join(root, 'apps/api/src/http/answers.ts')]);
  const schema = TJS.generateSchema(program, 'Answers', { required: true, ignoreErrors: true, strictNullChecks: true });
  if (!schema) throw new Error('no schema for Answers');
  const { definitions = {}, properties } = toOpenApi(schema);
  return { answers: properties, schemas: definitions };
}

function render({ answers, schemas }) {
  return `// Written by \`npm run answers\` (scripts/answer-schemas.js) from apps/api/src/http/answers.ts; do not edit.
/* eslint-disable */
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** Each operation's answer, by operation id. */
export const ANSWER_SCHEMAS: Record<string, SchemaObject | ReferenceObject> = ${JSON.stringify(answers, null, 2)};

/** The schemas the answers refer to. */
export const ANSWER_COMPONENTS: Record<string, SchemaObject | ReferenceObject> = ${JSON.stringify(schemas, null, 2)};
`;
}

module.exports = { answerSchemas, render, OUT };

if (require.main === module) {
  writeFileSync(OUT, render(answerSchemas()));
  console.log(`wrote ${OUT}`);
}
