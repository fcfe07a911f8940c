import { CUSTOMER_EVENT_CONTRACTS, PROGRAM_EVENT_CONTRACTS, publishedSchema } from '@setia/domain';
import type { CustomerEventType, EventContract, JsonSchema, ProgramEventType } from '@setia/domain';

/**
 * The public schema of every published event: what downstream systems (CRM, e-mail, push, BI)
 * receive as the JSON body of a message. They are made from the domain's event contracts (the
 * ledger's in customer.events.ts, each rule's in its module), which say of every recorded field
 * whether it is published: a field added to an event that its contract leaves out does not compile.
 * These schemas are the single source for two things:
 * - the mapping: a body holds exactly the properties a schema names (anything else in the stored
 *   event, such as a member's card number or birthday, is never published);
 * - the AsyncAPI document, generated from them (served by the API at /docs/asyncapi.yaml).
 *
 * The public schema has its own version (the `.v1` of the CloudEvents type), independent of the
 * stored events' schemaVersion: stored events may be upcast, the public contract stays.
 */

export type { JsonSchema };

export const PUBLIC_SCHEMA_VERSION = 1;

const dateTime = (description: string): JsonSchema => ({ type: 'string', format: 'date-time', description });
const id = (description: string): JsonSchema => ({ type: 'string', minLength: 1, description });

function schemasOf<Type extends string>(contracts: Record<Type, EventContract<object>>, leading: Record<string, JsonSchema>): Record<Type, JsonSchema> {
  return Object.fromEntries(Object.entries<EventContract<object>>(contracts).map(([type, contract]) => [type, publishedSchema(contract, leading)])) as Record<Type, JsonSchema>;
}

/** Payload schemas of the customer events, keyed by event type; the customer id (the stream's) comes first. */
export const CUSTOMER_EVENT_SCHEMAS: Record<CustomerEventType, JsonSchema> = schemasOf(CUSTOMER_EVENT_CONTRACTS, {
  customerId: id('The customer (same as the CloudEvents subject).'),
});

/** Payload schemas of the program events, keyed by event type; the revision (the stream's) comes first. */
export const PROGRAM_EVENT_SCHEMAS: Record<ProgramEventType, JsonSchema> = schemasOf(PROGRAM_EVENT_CONTRACTS, {
  revision: { type: 'integer', minimum: 0, description: 'The program revision this event created.' },
});

/**
 * The message headers of the CloudEvents Kafka binding, binary mode. Extensions (lower-case
 * letters and digits only, as CloudEvents requires) carry the ledger revision and the correlation
 * chain. The tenant is in ce_source and the topic; when the store recorded the event is the Kafka
 * record's timestamp. Headers are kept few: each costs the producer per message.
 */
export const CLOUD_EVENT_HEADERS_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'CloudEvents 1.0 attributes as Kafka headers (binary content mode).',
  properties: {
    ce_specversion: { type: 'string', const: '1.0', description: 'CloudEvents version.' },
    ce_id: { type: 'string', format: 'uuid', description: 'The event id: the same event re-sent after a crash has the same ce_id; consumers drop duplicates by it.' },
    ce_source: { type: 'string', pattern: '^/setia/tenants/[a-z0-9][a-z0-9_]*$', description: 'The tenant program that produced it: /setia/tenants/<tenant>.' },
    ce_type: { type: 'string', pattern: '^id\\.setia\\.loyalty\\.[A-Za-z]+\\.v[0-9]+$', description: 'id.setia.loyalty.<EventType>.v<public schema version>.' },
    ce_time: dateTime('When it happened (the event\'s occurredAt, enrolledAt or configuredAt; else when it was recorded), RFC 3339 UTC.'),
    ce_subject: id('The customer id for customer events; "program" for program events.'),
    'content-type': { type: 'string', const: 'application/json', description: 'The body is JSON.' },
    ce_revision: { type: 'string', pattern: '^[0-9]+$', description: 'Extension: 0-based revision of the event in its stream (the member\'s ledger); increases by one per event of a key.' },
    ce_correlationid: id('Extension: correlation id of the request that caused it, when known.'),
    ce_causationid: id('Extension: the event that caused it, for process-manager reactions.'),
  },
  required: ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time', 'ce_subject', 'content-type', 'ce_revision'],
  additionalProperties: false,
};
