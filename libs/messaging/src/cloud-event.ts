import { CUSTOMER_EVENT_CONTRACTS, derivedValues, PROGRAM_EVENT_CONTRACTS } from '@setia/domain';
import type { EventContract } from '@setia/domain';
import type { RecordedEvent } from '@setia/event-store';
import { CUSTOMER_EVENT_SCHEMAS, PROGRAM_EVENT_SCHEMAS, PUBLIC_SCHEMA_VERSION } from './public-schemas';
import type { JsonSchema } from './public-schemas';
import type { OutgoingMessage } from './publisher.port';

/**
 * Topic layout: two topics per tenant (retail chain).
 *
 * - `setia.<tenant>.customer`: every event of every member's ledger (enrolment, purchases,
 *   returns, points, tiers, redemptions, feedback, referrals). Key = the customer's stream
 *   (`customer-<tenant>-<customerId>`), so one member's events land in one partition in ledger
 *   order; created with the configured partition count (KAFKA_TOPIC_PARTITIONS).
 * - `setia.<tenant>.program`: the program's rule changes (ProgramConfigured). One stream, one
 *   key: created with one partition.
 *
 * Why per tenant: chains are separate customers of Setia; a topic per chain lets each chain's
 * CRM subscribe to its own events only (ACLs on the prefix `setia.<tenant>.`), gives per-chain
 * retention and keeps one chain's burst from delaying another's consumers. Why not one topic per
 * event type: a consumer reacting to a member (e-mail after a tier upgrade, points expiring) needs
 * that member's events in one ordered log. Internal streams (`claim-…`) are never published.
 */
export const TOPIC_PREFIX = 'setia';
export const customerTopic = (tenant: string, prefix = TOPIC_PREFIX) => `${prefix}.${tenant}.customer`;
export const programTopic = (tenant: string, prefix = TOPIC_PREFIX) => `${prefix}.${tenant}.program`;

export const CLOUD_EVENT_TYPE_PREFIX = 'id.setia.loyalty';
export const cloudEventType = (eventType: string) => `${CLOUD_EVENT_TYPE_PREFIX}.${eventType}.v${PUBLIC_SCHEMA_VERSION}`;
export const cloudEventSource = (tenant: string) => `/setia/tenants/${tenant}`;

const CUSTOMER_STREAM = /^customer-([a-z0-9][a-z0-9_]*)-(.+)$/;
const PROGRAM_STREAM = /^program-([a-z0-9][a-z0-9_]*)$/;

/** Why an event was not published. */
export type Skip = { skipped: 'internal' | 'unknown-type'; reason: string };

/**
 * The Kafka message for one stored event (CloudEvents Kafka binding, binary mode), or why it is
 * not published: internal streams are skipped quietly, an event type without a public schema is
 * reported (publishing it unreviewed could leak personal data).
 */
export function toMessage(event: RecordedEvent, options: { topicPrefix?: string } = {}): OutgoingMessage | Skip {
  const customer = CUSTOMER_STREAM.exec(event.streamName);
  const program = customer ? null : PROGRAM_STREAM.exec(event.streamName);
  if (!customer && !program) return { skipped: 'internal', reason: `stream ${event.streamName} is internal` };
  const tenant = (customer ?? program)![1];
  const schema = ((customer ? CUSTOMER_EVENT_SCHEMAS : PROGRAM_EVENT_SCHEMAS) as Record<string, JsonSchema>)[event.type];
  if (!schema) return { skipped: 'unknown-type', reason: `event type ${event.type} in ${event.streamName} has no public schema` };

  const data = (event.data ?? {}) as Record<string, unknown>;
  const contract = ((customer ? CUSTOMER_EVENT_CONTRACTS : PROGRAM_EVENT_CONTRACTS) as Record<string, EventContract<object>>)[event.type];
  // What the body has that the stored data has not: the stream's customer id or revision, the derived fields.
  const derived = Object.assign(customer ? { customerId: customer[2] } : { revision: event.revision }, derivedValues(contract, data));
  const value = JSON.stringify(project(schema, data, derived));
  const headers: Record<string, string> = {
    ce_specversion: '1.0',
    ce_id: event.id,
    ce_source: cloudEventSource(tenant),
    ce_type: cloudEventType(event.type),
    ce_time: occurrenceTime(data) ?? event.recordedAt.toISOString(),
    ce_subject: customer ? customer[2] : 'program',
    'content-type': 'application/json',
    ce_revision: String(event.revision),
  };
  const { correlationId, causationId } = event.metadata ?? {};
  if (typeof correlationId === 'string' && correlationId) headers.ce_correlationid = correlationId;
  if (typeof causationId === 'string' && causationId) headers.ce_causationid = causationId;
  return {
    topic: customer ? customerTopic(tenant, options.topicPrefix) : programTopic(tenant, options.topicPrefix),
    key: event.streamName,
    value,
    headers,
    timestamp: event.recordedAt.getTime(),
    position: event.position,
  };
}

export function isSkip(result: OutgoingMessage | Skip): result is Skip {
  return 'skipped' in result;
}

/**
 * Keeps exactly the properties the schema names, recursively: nothing unreviewed is published.
 * `derived` values stand in for the stored ones at the top level.
 */
export function project(schema: JsonSchema, value: unknown, derived?: Record<string, unknown>): unknown {
  return projectorOf(schema)(value, derived);
}

type Projector = (value: unknown, derived?: Record<string, unknown>) => unknown;
const projectors = new WeakMap<JsonSchema, Projector>();

/** A schema's projection, worked out once (its property names, their projections): the relay runs it per event. */
function projectorOf(schema: JsonSchema): Projector {
  let projector = projectors.get(schema);
  if (projector) return projector;
  if (schema.type === 'object' && schema.properties) {
    const keys = Object.keys(schema.properties);
    const children = keys.map((key) => projectorOf(schema.properties![key]));
    projector = (value, derived) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const property = derived !== undefined && key in derived ? derived[key] : (value as Record<string, unknown>)[key];
        if (property !== undefined) out[key] = children[i](property);
      }
      return out;
    };
  } else if (schema.type === 'array' && schema.items) {
    const items = projectorOf(schema.items);
    projector = (value) => (Array.isArray(value) ? value.map((item) => items(item)) : value);
  } else {
    projector = (value) => value;
  }
  projectors.set(schema, projector);
  return projector;
}

const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The time of the occurrence in UTC, when the event has one. */
function occurrenceTime(data: Record<string, unknown>): string | undefined {
  for (const field of ['occurredAt', 'enrolledAt', 'configuredAt', 'erasedAt']) {
    const raw = data[field];
    if (typeof raw !== 'string') continue;
    if (UTC_MILLIS.test(raw)) return raw;
    const time = new Date(raw);
    if (!Number.isNaN(time.getTime())) return time.toISOString();
  }
  return undefined;
}
