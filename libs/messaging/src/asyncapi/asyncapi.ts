import { cloudEventType } from '../cloud-event';
import { CLOUD_EVENT_HEADERS_SCHEMA, CUSTOMER_EVENT_SCHEMAS, PROGRAM_EVENT_SCHEMAS, PUBLIC_SCHEMA_VERSION } from '../public-schemas';
import type { JsonSchema } from '../public-schemas';
import type { OutgoingMessage } from '../publisher.port';
import { validate } from './json-schema';
import { stringify } from 'yaml';

const KAFKA_BINDING_VERSION = '0.5.0';

const CHANNELS = {
  customerEvents: {
    address: 'setia.{tenant}.customer',
    keyPattern: '^customer-[a-z0-9][a-z0-9_]*-.+$',
    title: 'Customer ledger events of a tenant',
    description:
      'Every event of every member\'s ledger of one tenant (retail chain). Key: the customer\'s stream, ' +
      '`customer-<tenant>-<customerId>`, so one member\'s events are in one partition in ledger order ' +
      '(ce_revision 0, 1, 2, ...). Partitions: KAFKA_TOPIC_PARTITIONS (default 6), created by the relay when missing. ' +
      'Delivery is at least once: after a relay crash a batch may be sent again with the same ce_id; drop duplicates by ce_id.',
    schemas: CUSTOMER_EVENT_SCHEMAS,
  },
  programEvents: {
    address: 'setia.{tenant}.program',
    keyPattern: '^program-[a-z0-9][a-z0-9_]*$',
    title: 'Program rule changes of a tenant',
    description:
      'The tenant\'s loyalty program rules (earn rate, tiers, rewards, referral and feedback bonuses) each time they change, and each campaign created or ended. ' +
      'Key: `program-<tenant>`; one partition. Customer events name the program revision they were decided with (programRevision).',
    schemas: PROGRAM_EVENT_SCHEMAS,
  },
} as const;

const titleOf = (type: string) => type.replace(/([a-z])([A-Z])/g, '$1 $2');

/** The AsyncAPI 3.0 document of the relay's topics and messages, built from the public schemas. */
export function buildAsyncApi(): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, JsonSchema> = { CloudEventHeaders: CLOUD_EVENT_HEADERS_SCHEMA };

  for (const [channelId, channel] of Object.entries(CHANNELS)) {
    const channelMessages: Record<string, unknown> = {};
    for (const [type, schema] of Object.entries(channel.schemas)) {
      schemas[type] = schema;
      messages[type] = {
        name: type,
        title: titleOf(type),
        summary: schema.description,
        contentType: 'application/json',
        headers: {
          allOf: [
            { $ref: '#/components/schemas/CloudEventHeaders' },
            { type: 'object', properties: { ce_type: { type: 'string', const: cloudEventType(type) } } },
          ],
        },
        payload: { $ref: `#/components/schemas/${type}` },
        bindings: {
          kafka: { key: { type: 'string', pattern: channel.keyPattern }, bindingVersion: KAFKA_BINDING_VERSION },
        },
      };
      channelMessages[type] = { $ref: `#/components/messages/${type}` };
    }
    channels[channelId] = {
      address: channel.address,
      title: channel.title,
      description: channel.description,
      parameters: { tenant: { description: 'The tenant (retail chain) id: lower-case letters, digits and underscores.' } },
      messages: channelMessages,
    };
    operations[`publish${channelId[0].toUpperCase()}${channelId.slice(1)}`] = {
      action: 'send',
      title: `The relay publishes ${channel.title.toLowerCase()}`,
      channel: { $ref: `#/channels/${channelId}` },
      messages: Object.keys(channelMessages).map((type) => ({ $ref: `#/channels/${channelId}/messages/${type}` })),
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Setia domain events',
      version: `${PUBLIC_SCHEMA_VERSION}.0.0`,
      description:
        'Every domain event of the Setia loyalty backend, published by the relay from the event store to Kafka, ' +
        'in the CloudEvents Kafka binding, binary content mode: the CloudEvents attributes are `ce_*` headers, ' +
        'the body is the event\'s public JSON schema below. Personal data is limited to what consumers need: ' +
        'no card number, birthday (only the birth month) or feedback comment is published. ' +
        'ce_id is the event id: a re-sent event keeps it, so consumers drop duplicates by it. ' +
        'Without Kafka configured, the relay writes the same events to `<SETIA_DATA_DIR>/outbox/<topic>.jsonl`, ' +
        'one structured-mode CloudEvent (JSON) per line, with `partitionkey` = the Kafka key.',
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: '{brokers}',
        protocol: 'kafka',
        description: 'The brokers named in KAFKA_BROKERS.',
        variables: { brokers: { default: '127.0.0.1:9092', description: 'host:port of a bootstrap broker.' } },
      },
    },
    channels,
    operations,
    components: { messages, schemas },
  };
}

export const ASYNCAPI_HEADER = [
  'AsyncAPI 3.0 description of the events the Setia relay publishes.',
  'Generated from the domain\'s event contracts (libs/messaging/src/public-schemas.ts); served by the API at /docs/asyncapi.yaml.',
].join('\n');

export function renderAsyncApi(): string {
  const header = ASYNCAPI_HEADER.split('\n').map((line) => `# ${line}`).join('\n');
  return `${header}\n${stringify(buildAsyncApi(), { aliasDuplicateObjects: false, lineWidth: 0 })}`;
}

/**
 * Problems of one published message against an AsyncAPI document (parsed): its topic must be a
 * channel's address, its ce_type one of that channel's messages, and its key, headers and body
 * valid against that message's schemas. An empty array when it conforms.
 */
export function checkMessage(document: any, message: Pick<OutgoingMessage, 'topic' | 'key' | 'value' | 'headers'>): string[] {
  const channel = Object.values<any>(document.channels ?? {}).find((candidate) => {
    const pattern = String(candidate.address)
      .split(/\{[a-zA-Z]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[a-z0-9][a-z0-9_]*');
    return new RegExp(`^${pattern}$`).test(message.topic);
  });
  if (!channel) return [`topic ${message.topic} is no channel of the document`];
  const type = /^id\.setia\.loyalty\.([A-Za-z]+)\.v\d+$/.exec(message.headers.ce_type ?? '')?.[1];
  if (!type || !channel.messages?.[type]) return [`${message.topic}: ce_type ${message.headers.ce_type} is not a message of channel ${channel.address}`];
  const ref = channel.messages[type].$ref as string;
  const definition = ref ? (ref.slice(2).split('/').reduce((node: any, part) => node?.[part], document) as any) : channel.messages[type];
  let body: unknown;
  try {
    body = JSON.parse(message.value);
  } catch {
    return [`${type}: body is not JSON`];
  }
  const problems = [
    ...validate(definition.headers, message.headers, document, 'headers').map((problem) => `${type} ${problem}`),
    ...validate(definition.payload, body, document, 'payload').map((problem) => `${type} ${problem}`),
  ];
  const keySchema = definition.bindings?.kafka?.key;
  if (keySchema) problems.push(...validate(keySchema, message.key, document, 'key').map((problem) => `${type} ${problem}`));
  return problems;
}
