import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, ResponsesObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { CARD_NUMBER_PATTERN, ID_PATTERN, TENANT_ID_PATTERN } from '@setia/domain';
import { VOUCHER_CODE_PATTERN } from '../customers/vouchers';
import { ANSWER_COMPONENTS, ANSWER_SCHEMAS } from './answer-schemas';

/**
 * What every refusal answers (ProblemFilter, the access guard, the pipes): the status again, a
 * name for the error, a message naming the field at fault, and with a body's problems each field's.
 */
export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'A refusal: what was wrong, naming the field at fault when there is one. Nothing was recorded.',
  properties: {
    statusCode: { type: 'integer', description: 'The HTTP status, again' },
    error: { type: 'string', description: 'The error\'s name: the HTTP reason, or the domain error (TotalMismatch, InsufficientPoints…)' },
    message: { type: 'string' },
    field: { type: 'string', description: 'The field at fault (`lines[0].quantity`, `tenant`, `asOf`…)' },
    errors: {
      type: 'array',
      description: 'Every field at fault in a request body',
      items: { type: 'object', properties: { field: { type: 'string' }, messages: { type: 'array', items: { type: 'string' } } }, required: ['field', 'messages'] },
    },
  },
  required: ['statusCode', 'message'],
};

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

const REFUSALS: Record<number, string> = {
  400: 'Malformed: a field, path or query parameter breaks its rule (named in `field`)',
  401: 'No key, or a key that is not valid',
  403: 'The key\'s role (or stores) may not do this',
  404: 'No such tenant, or no such thing in it',
  409: 'A conflict: an id already used with another request, points too short, the customer changed at the same time…',
  413: 'The request body, or what it would record, is too large',
  414: 'A path parameter far longer than any id',
  422: 'Well formed, but against the program\'s rules or the ledger (named in `field`)',
  429: 'This key sent too many requests: retry after the seconds the message gives',
  503: 'Setia is stopping, or cannot check a token now',
};

/** Path parameters by name, with the pattern their pipe (params.ts) checks. */
const PATH_PATTERNS: Record<string, RegExp> = { tenant: TENANT_ID_PATTERN, cardNumber: CARD_NUMBER_PATTERN, code: VOUCHER_CODE_PATTERN };

/**
 * Completes the document Nest writes from the controllers and DTOs: every operation declares its
 * success answer's schema, generated from the type its controller method answers (answers.ts),
 * every operation under /v1 the refusals it can answer with their body (Problem), and path
 * parameters the patterns their pipes check.
 */
export function declareAnswers(document: OpenAPIObject): void {
  // A request body's DTO takes its own fields only (BodyValidationPipe: whitelist, forbidNonWhitelisted).
  // (Answer schemas come after: theirs say whether other fields may appear.)
  for (const schema of Object.values(document.components?.schemas ?? {})) {
    if (!('$ref' in schema) && schema.type === 'object' && schema.additionalProperties === undefined) schema.additionalProperties = false;
  }
  const schemas = document.components?.schemas ?? {};
  for (const name of Object.keys(ANSWER_COMPONENTS)) if (name in schemas) throw new Error(`answer schema ${name} has the name of a request schema`);
  document.components = { ...document.components, schemas: { ...schemas, ...ANSWER_COMPONENTS, Problem: PROBLEM_SCHEMA } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation: OperationObject | undefined = item[method];
      if (!operation) continue;
      for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
        if (parameter.in === 'path') parameter.schema = { type: 'string', pattern: (PATH_PATTERNS[parameter.name] ?? ID_PATTERN).source };
      }
      // Every operation of the API has its answer in answers.ts (test/openapi.e2e.ts); an app made of
      // other controllers (a test's) has none.
      const answer = operation.operationId === undefined ? undefined : ANSWER_SCHEMAS[operation.operationId];
      if (answer) {
        // An answer typed as any in the code (a few read-model answers) is documented as any JSON object.
        const schema = Object.keys(answer).every((key) => key === 'description') ? { type: 'object' as const } : answer;
        for (const [status, response] of Object.entries(operation.responses)) {
          if (/^2/.test(status) && response && !('$ref' in response)) response.content = { 'application/json': { schema } };
        }
      }
      if (!path.startsWith('/v1/')) continue;
      const writes = method !== 'get';
      const inPath = path.includes('{');
      const statuses = [400, 401, 403, 404, 422, 429, 503, ...(writes ? [409] : []), ...(operation.requestBody ? [413] : []), ...(inPath ? [414] : [])];
      const refusals: ResponsesObject = {};
      for (const status of statuses.sort((a, b) => a - b)) refusals[status] = { description: REFUSALS[status], content: { 'application/json': { schema: PROBLEM_REF } } };
      operation.responses = { ...operation.responses, ...refusals };
    }
  }
}
