/**
 * The public schema of every published event: what downstream systems (CRM, e-mail, push, BI)
 * receive as the JSON body of a message. These are the single source for two things:
 * - the mapping: a body holds exactly the properties a schema names (anything else in the stored
 *   event, such as a member's card number or birthday, is never published);
 * - docs/asyncapi.yaml, generated from them and checked against them by a test.
 *
 * The public schema has its own version (the `.v1` of the CloudEvents type), independent of the
 * stored events' schemaVersion: stored events may be upcast, the public contract stays.
 */

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  description?: string;
  format?: string;
  pattern?: string;
  enum?: readonly (string | number)[];
  const?: string | number | boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minItems?: number;
  allOf?: JsonSchema[];
  examples?: unknown[];
};

export const PUBLIC_SCHEMA_VERSION = 1;

const dateTime = (description: string): JsonSchema => ({ type: 'string', format: 'date-time', description });
const id = (description: string): JsonSchema => ({ type: 'string', minLength: 1, description });
const count = (description: string): JsonSchema => ({ type: 'integer', minimum: 0, description });
const programRevision: JsonSchema = {
  type: 'integer',
  minimum: 0,
  description: 'Revision of the tenant program (the ProgramConfigured event) whose rules this decision used.',
};
const customerId = id('The customer (same as the CloudEvents subject).');
const storeId = id('Store of the tenant where it happened.');
const occurredAt = dateTime('When it happened at the till or in the program (RFC 3339).');

function object(description: string, properties: Record<string, JsonSchema>, required: string[]): JsonSchema {
  return { type: 'object', description, properties, required, additionalProperties: false };
}

/** Payload schemas of the customer events, keyed by event type. */
export const CUSTOMER_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  CustomerEnrolled: object(
    'A customer joined the membership program (buyer or customer becomes member). The card number and birthday are not published; birthMonth lets e-mail systems run birthday-month campaigns.',
    {
      customerId,
      homeStoreId: id('The store the member calls home, when given at enrolment.'),
      birthMonth: { type: 'integer', minimum: 1, maximum: 12, description: 'Month of the member\'s birthday (1-12), when given; the date itself is not published.' },
      referralCode: id('The member\'s own code to share with friends.'),
      referredBy: object('Set when another member\'s code brought this customer in.', { customerId: id('The referring member.') }, ['customerId']),
      tier: id('The tier the member starts in.'),
      enrolledAt: dateTime('When the member enrolled (RFC 3339).'),
      programRevision,
    },
    ['customerId', 'referralCode', 'tier', 'enrolledAt', 'programRevision'],
  ),
  PurchaseRecorded: object(
    'A purchase at a till. The first one makes a buyer, the next ones a (repeat) customer.',
    {
      customerId,
      receiptId: id('The receipt, unique within the tenant.'),
      storeId,
      occurredAt,
      currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 code.' },
      total: count('Total in minor units of the currency.'),
      lines: {
        type: 'array',
        description: 'What was bought.',
        items: object(
          'One receipt line.',
          {
            sku: id('Stock keeping unit.'),
            category: { type: 'string', description: 'Product category, when the till sends one.' },
            quantity: { type: 'integer', minimum: 1, description: 'Units bought.' },
            unitPrice: count('Price of one unit in minor units.'),
          },
          ['sku', 'quantity', 'unitPrice'],
        ),
      },
      programRevision,
    },
    ['customerId', 'receiptId', 'storeId', 'occurredAt', 'currency', 'total', 'lines', 'programRevision'],
  ),
  PointsEarned: object(
    'Points credited to the member: for a purchase, a feedback, or a referral.',
    {
      customerId,
      reason: { type: 'string', enum: ['purchase', 'feedback', 'referral'], description: 'Why the points were earned.' },
      points: count('Points credited.'),
      receiptId: id('The purchase, or the receipt the feedback was about.'),
      feedbackId: id('For feedback points: the feedback.'),
      storeId: id('The store where the points were earned (for the referrer\'s bonus: the friend\'s store).'),
      refereeId: id('For the referrer\'s bonus: the friend whose purchase qualified.'),
      tier: id('For purchase points: the tier whose multiplier applied.'),
      occurredAt,
      programRevision,
    },
    ['customerId', 'reason', 'points', 'occurredAt', 'programRevision'],
  ),
  ReturnRecorded: object(
    'Goods of a receipt were returned, possibly in part.',
    {
      customerId,
      returnId: id('The return, unique within the tenant.'),
      receiptId: id('The receipt the goods were bought on.'),
      storeId,
      occurredAt,
      amount: count('Returned amount in minor units.'),
      programRevision,
    },
    ['customerId', 'returnId', 'receiptId', 'storeId', 'occurredAt', 'amount', 'programRevision'],
  ),
  PointsReversed: object(
    'Points earned on returned goods taken back.',
    {
      customerId,
      returnId: id('The return that caused it.'),
      receiptId: id('The receipt the points were earned on.'),
      storeId,
      points: count('Points taken back.'),
      occurredAt,
    },
    ['customerId', 'returnId', 'receiptId', 'storeId', 'points', 'occurredAt'],
  ),
  TierChanged: object(
    'The member moved to another tier (upgrade or downgrade).',
    {
      customerId,
      from: id('Previous tier.'),
      to: id('New tier.'),
      qualifyingSpend: count('The qualifying spend that decided it, in minor units.'),
      occurredAt,
      programRevision,
    },
    ['customerId', 'from', 'to', 'qualifyingSpend', 'occurredAt', 'programRevision'],
  ),
  RewardRedeemed: object(
    'Points exchanged for a reward of the catalogue.',
    {
      customerId,
      redemptionId: id('The redemption, unique within the tenant.'),
      rewardId: id('The reward.'),
      storeId,
      points: count('Points spent.'),
      occurredAt,
      programRevision,
    },
    ['customerId', 'redemptionId', 'rewardId', 'storeId', 'points', 'occurredAt', 'programRevision'],
  ),
  RedemptionCancelled: object(
    'A redemption was cancelled and its points given back.',
    {
      customerId,
      redemptionId: id('The redemption cancelled.'),
      storeId: id('Where the reward was redeemed.'),
      points: count('Points given back.'),
      occurredAt,
    },
    ['customerId', 'redemptionId', 'storeId', 'points', 'occurredAt'],
  ),
  FeedbackSubmitted: object(
    'Feedback after a visit or purchase. The free-text comment is not published (it may hold personal data); hasComment says whether there is one.',
    {
      customerId,
      feedbackId: id('The feedback, unique within the tenant.'),
      storeId,
      receiptId: id('The receipt the feedback is about, when given.'),
      nps: { type: 'integer', minimum: 0, maximum: 10, description: 'Net promoter score, 0-10.' },
      csat: { type: 'integer', minimum: 1, maximum: 5, description: 'Customer satisfaction, 1-5, when given.' },
      hasComment: { type: 'boolean', description: 'Whether the customer wrote a comment.' },
      occurredAt,
    },
    ['customerId', 'feedbackId', 'storeId', 'nps', 'hasComment', 'occurredAt'],
  ),
  ReferralQualified: object(
    'In the friend\'s (referee\'s) stream: the friend\'s purchase qualified the referral; the referrer\'s bonus follows as PointsEarned with reason referral in the referrer\'s stream.',
    {
      customerId,
      referrerId: id('The member whose code brought the friend in.'),
      receiptId: id('The qualifying purchase.'),
      storeId,
      referrerBonus: count('Points the referrer gets.'),
      refereeBonus: count('Points the friend gets.'),
      occurredAt,
      programRevision,
    },
    ['customerId', 'referrerId', 'receiptId', 'storeId', 'referrerBonus', 'refereeBonus', 'occurredAt', 'programRevision'],
  ),
  PersonalDataErased: object(
    'The member asked to be forgotten: their card number, birthday and comments can no longer be read in Setia. Downstream systems (CRM, e-mail) should forget what they keep about the customer too; points and tiers stay.',
    {
      customerId,
      erasedAt: dateTime('When the personal data was erased (RFC 3339).'),
    },
    ['customerId', 'erasedAt'],
  ),
};

const store = object('A store of the chain.', { storeId: id('The store.'), timeZone: id('IANA time zone of the store.') }, ['storeId', 'timeZone']);

/** Payload schemas of the program events, keyed by event type. */
export const PROGRAM_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  ProgramConfigured: object(
    'The tenant\'s program rules as of this revision; decisions name the revision they used (programRevision).',
    {
      revision: { type: 'integer', minimum: 0, description: 'The program revision this event created.' },
      configuredAt: dateTime('When the rules were configured (RFC 3339).'),
      program: object(
        'The rules.',
        {
          currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 code of all amounts.' },
          timeZone: id('IANA time zone of the chain\'s head office.'),
          stores: { type: 'array', items: store, description: 'The stores.' },
          earn: object('Earn rule.', { spendPerPoint: { type: 'integer', minimum: 1, description: 'Spend in minor units per point.' } }, ['spendPerPoint']),
          tiers: {
            type: 'array',
            description: 'Tiers in ascending order of qualifying spend.',
            items: object(
              'A tier.',
              {
                name: id('Tier name.'),
                minQualifyingSpend: count('Qualifying spend to reach the tier, minor units.'),
                multiplier: { type: 'number', minimum: 0, description: 'Points multiplier.' },
              },
              ['name', 'minQualifyingSpend', 'multiplier'],
            ),
          },
          rewards: {
            type: 'array',
            description: 'Reward catalogue.',
            items: object('A reward.', { rewardId: id('The reward.'), points: count('Points it costs.') }, ['rewardId', 'points']),
          },
          referral: object(
            'Referral rule.',
            {
              referrerBonus: count('Points for the referrer.'),
              refereeBonus: count('Points for the friend.'),
              minQualifyingPurchase: count('Smallest qualifying purchase, minor units.'),
            },
            ['referrerBonus', 'refereeBonus', 'minQualifyingPurchase'],
          ),
          feedback: object('Feedback rule.', { bonus: count('Points for a feedback.') }, ['bonus']),
        },
        ['currency', 'timeZone', 'stores', 'earn', 'tiers', 'rewards', 'referral', 'feedback'],
      ),
    },
    ['revision', 'configuredAt', 'program'],
  ),
};

/**
 * The message headers of the CloudEvents Kafka binding, binary mode. Extensions (lower-case
 * letters and digits only, as CloudEvents requires) carry the ledger revision and the correlation
 * chain. The tenant is in ce_source and the topic; when the store recorded the event is the Kafka
 * record's timestamp. Headers are kept few: each costs the producer per message.
 */
export const CLOUD_EVENT_HEADERS_SCHEMA: JsonSchema = object(
  'CloudEvents 1.0 attributes as Kafka headers (binary content mode).',
  {
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
  ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time', 'ce_subject', 'content-type', 'ce_revision'],
);
