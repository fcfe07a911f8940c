/**
 * Events of one customer's stream `customer-<tenant>-<customerId>`: the customer's ledger.
 * Times are ISO 8601 in UTC. Money is integer minor units. Every decision records the program
 * revision it used, so a replay reproduces it exactly.
 *
 * These are the ledger's own events: the facts a till or the member brings (enrolment, purchase,
 * return, redemption, feedback, a card replaced, erasure) and the moves of points and tiers that rules decide. A
 * rule's own events are in its module (rules/); CustomerEvent is the union of both.
 */
import type { EventContracts } from './event-contract';
import type { LotPoints } from './lots';
import { PERSONAL } from './event-contract';
import type { JsonSchema } from './json-schema';
import { countSchema as count, dateTimeSchema as dateTime, nonEmptyTextSchema as id } from './json-schema';
import type { RuleEvent, RuleReason } from './rules/registry';
import type { AppliedOffer, MemberDiscount } from './rules/offers';

export interface PurchaseLine {
  sku: string;
  category?: string;
  quantity: number;
  unitPrice: number;
  /** Taken off this line's price (quantity × unitPrice) at the till, in minor units. */
  discount?: number;
}

/** A discount on the whole receipt (a voucher, a member price on the basket), in minor units. */
export interface BasketDiscount {
  amount: number;
  description?: string;
}

export const CHARGE_KINDS = ['serviceCharge', 'tax'] as const;

/** What the receipt adds to its goods: a service charge, or tax where the prices do not include it. */
export interface ReceiptCharge {
  kind: (typeof CHARGE_KINDS)[number];
  amount: number;
}

export type CustomerEnrolled = {
  type: 'CustomerEnrolled';
  data: {
    customerId: string;
    /** Personal: stored encrypted with the customer's key; null once the personal data was erased. */
    cardNumber: string | null;
    /** Personal, like the card number: null once erased. */
    birthday?: string | null;
    /**
     * The month of the birthday (1-12), recorded apart from it: what rules may read of a birthday,
     * since the birthday itself is sealed and a replay cannot open it. Forgotten on erasure.
     */
    birthMonth?: number;
    homeStoreId?: string;
    /** The member's own code to share with friends. */
    referralCode: string;
    /** Set when a member's code brought this customer in. */
    referredBy?: { customerId: string; referralCode: string };
    /** The tier the member starts in, from the qualifying spend so far. */
    tier: string;
    enrolledAt: string;
    programRevision: number;
  };
};

export type PurchaseRecorded = {
  type: 'PurchaseRecorded';
  data: {
    receiptId: string;
    storeId: string;
    occurredAt: string;
    currency: string;
    total: number;
    lines: PurchaseLine[];
    /** Absent: none (as on every purchase recorded before receipts could carry them). */
    discounts?: BasketDiscount[];
    charges?: ReceiptCharge[];
    /** The member-only offers the till applied, in the order they priced the basket, and what each took off (rules/offers.ts); absent: none. */
    appliedOffers?: AppliedOffer[];
    /** The member's tier discount (the membership card's), when their tier has one. */
    memberDiscount?: MemberDiscount;
    programRevision: number;
  };
};

/**
 * Points credited by a rule; `reason` names the rule's reason (the registry lists them all). The
 * fields beyond the points say what they were for, as the rule records them.
 */
export type PointsEarned<Reason extends string = RuleReason> = {
  type: 'PointsEarned';
  data: {
    reason: Reason;
    points: number;
    /** The purchase, or the receipt the feedback was about. */
    receiptId?: string;
    feedbackId?: string;
    /** The store where the points were earned (for the referrer's bonus: the friend's store). */
    storeId?: string;
    /** For the referrer's bonus: the friend whose purchase qualified. */
    refereeId?: string;
    /** For purchase points: the tier whose multiplier applied. */
    tier?: string;
    /** For campaign points: the campaign that gave them. */
    campaignId?: string;
    /** When the lot these points make expires (the end of a local day); absent: never. */
    expiresAt?: string;
    /** Points of the lot that settled a debt (returns taken back beyond the lots), when there was one. */
    settles?: number;
    occurredAt: string;
    programRevision: number;
  };
};

/** Units of one receipt line that came back: the line by its index in the receipt, its sku, how many. */
export interface ReturnedLine {
  line: number;
  sku: string;
  quantity: number;
}

export type ReturnRecorded = {
  type: 'ReturnRecorded';
  data: {
    returnId: string;
    receiptId: string;
    storeId: string;
    occurredAt: string;
    /** What the return refunds (returned-goods.ts: when it names its goods, what they were paid). */
    amount: number;
    /** The goods that came back, by receipt line; absent: the return named an amount only. */
    lines?: ReturnedLine[];
    programRevision: number;
  };
};

export type PointsReversed = {
  type: 'PointsReversed';
  /**
   * `lots`: where the points were taken back from; what they do not cover became a debt.
   * `reason`: the reason of the points taken back, when not the earn rate's (`purchase`), and for
   * a campaign's, `campaignId`.
   */
  data: { returnId: string; receiptId: string; storeId: string; points: number; reason?: RuleReason; campaignId?: string; lots?: LotPoints[]; occurredAt: string };
};

/** What was left of lots at their expiry (or given back to lots already expired), taken. */
export type PointsExpired = {
  type: 'PointsExpired';
  data: { points: number; lots: LotPoints[]; occurredAt: string; programRevision: number };
};

export type TierChanged = {
  type: 'TierChanged';
  data: { from: string; to: string; qualifyingSpend: number; occurredAt: string; programRevision: number };
};

export type RewardRedeemed = {
  type: 'RewardRedeemed';
  data: {
    redemptionId: string;
    rewardId: string;
    storeId: string;
    points: number;
    /** The lots the points were taken from, earliest expiry first. */
    lots?: LotPoints[];
    occurredAt: string;
    programRevision: number;
  };
};

export type RedemptionCancelled = {
  type: 'RedemptionCancelled';
  /** storeId: where the reward was redeemed; lots: the redemption's, given their points back. */
  data: { redemptionId: string; storeId: string; points: number; lots?: LotPoints[]; occurredAt: string };
};

export type FeedbackSubmitted = {
  type: 'FeedbackSubmitted';
  data: {
    feedbackId: string;
    storeId: string;
    receiptId?: string;
    nps: number;
    csat?: number;
    /** Personal (free text may name anyone): stored encrypted; null once erased. */
    comment?: string | null;
    occurredAt: string;
  };
};

/**
 * The member's card was replaced (lost, damaged, re-issued): from now on the new number finds the
 * member at a till, and the old one finds no one.
 */
export type CardReplaced = {
  type: 'CardReplaced';
  data: {
    /** Personal, like the card number given at enrolment: stored encrypted; null once erased. */
    cardNumber: string | null;
    occurredAt: string;
  };
};

/**
 * The member asked to be forgotten: the key of their personal fields was destroyed, so the card
 * number, birthday and comments of earlier events can no longer be read. Carries no personal data.
 */
export type PersonalDataErased = {
  type: 'PersonalDataErased';
  data: { erasedAt: string };
};

/** The ledger's own events. */
export type LedgerEvent =
  | CustomerEnrolled
  | PurchaseRecorded
  | PointsEarned
  | ReturnRecorded
  | PointsReversed
  | PointsExpired
  | TierChanged
  | RewardRedeemed
  | RedemptionCancelled
  | FeedbackSubmitted
  | CardReplaced
  | PersonalDataErased;

/** Every event of a customer's stream: the ledger's own and those of the rules. */
export type CustomerEvent = LedgerEvent | RuleEvent;

export type CustomerEventType = CustomerEvent['type'];

export const PROGRAM_REVISION_SCHEMA: JsonSchema = {
  type: 'integer',
  minimum: 0,
  description: 'Revision of the tenant program (the ProgramConfigured event) whose rules this decision used.',
};
export const STORE_ID_SCHEMA = id('Store of the tenant where it happened.');
export const OCCURRED_AT_SCHEMA = dateTime('When it happened at the till or in the program (RFC 3339).');
const storeId = STORE_ID_SCHEMA;
const occurredAt = OCCURRED_AT_SCHEMA;

/** The month of a birthday written YYYY-MM-DD (or --MM-DD), when it is readable. */
const monthOf = (birthday: unknown) => {
  const month = typeof birthday === 'string' ? /^(?:\d{4}|-)-(\d{2})-\d{2}$/.exec(birthday)?.[1] : undefined;
  return month === undefined ? undefined : Number(month);
};


/** Points taken from (or given back to) lots, as every event that moves lot points records them. */
const LOTS_SCHEMA: JsonSchema = {
  type: 'array',
  description: 'The lots the points were taken from or given back to (lots are numbered from 1 by the order of the member\'s PointsEarned events).',
  items: {
    type: 'object',
    description: 'Points of one lot.',
    properties: {
      lotId: { type: 'integer', minimum: 1, description: 'The lot: the n-th PointsEarned of the ledger.' },
      points: count('Points of that lot.'),
      expiresAt: dateTime('When the lot expires, when it does.'),
    },
    required: ['lotId', 'points'],
    additionalProperties: false,
  },
};

/** What downstream systems receive of the ledger's events (rules publish theirs in their modules). */
/** The schema of what a purchase records of its offers (PurchaseRecorded), and of a quote's. */
export const APPLIED_OFFER_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'What an offer took off the purchase',
  properties: {
    offerId: id('The offer.'),
    discount: count('All it took off, in minor units.'),
    lines: {
      type: 'array',
      description: 'The lines it took its discount off (by their index in the receipt), when it priced lines.',
      items: { type: 'object', description: 'A line\'s discount.', properties: { line: count('The line\'s index in the receipt, from 0.'), discount: count('Taken off the line.') }, required: ['line', 'discount'], additionalProperties: false },
    },
  },
  required: ['offerId', 'discount'],
  additionalProperties: false,
};

export const MEMBER_DISCOUNT_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'The member\'s tier discount (the membership card\'s), taken off what the offers left.',
  properties: { tier: id('The tier held.'), percent: { type: 'integer', minimum: 1, maximum: 100, description: 'Its discount percentage.' }, discount: count('Taken off, in minor units.') },
  required: ['tier', 'percent', 'discount'],
  additionalProperties: false,
};

export const LEDGER_EVENT_CONTRACTS: EventContracts<LedgerEvent> = {
  CustomerEnrolled: {
    description:
      'A customer joined the membership program (buyer or customer becomes member). The card number and birthday are not published; birthMonth lets e-mail systems run birthday-month campaigns.',
    fields: {
      customerId: { unpublished: 'the customer id is published from the stream, for every customer event' },
      cardNumber: PERSONAL,
      birthday: PERSONAL,
      birthMonth: { unpublished: 'published as the derived birthMonth, which also reads a birthday recorded before the month was' },
      homeStoreId: id('The store the member calls home, when given at enrolment.'),
      referralCode: id('The member\'s own code to share with friends.'),
      referredBy: { unpublished: 'published as the derived referredBy, without the referrer\'s code (a code a member shares, not for every consumer)' },
      tier: id('The tier the member starts in.'),
      enrolledAt: dateTime('When the member enrolled (RFC 3339).'),
      programRevision: PROGRAM_REVISION_SCHEMA,
    },
    optional: ['homeStoreId'],
    derived: {
      referredBy: {
        schema: {
          type: 'object',
          description: 'Set when another member\'s code brought this customer in.',
          properties: { customerId: id('The referring member.') },
          required: ['customerId'],
          additionalProperties: false,
        },
        of: (data) => data.referredBy && { customerId: data.referredBy.customerId },
      },
      birthMonth: {
        schema: { type: 'integer', minimum: 1, maximum: 12, description: 'Month of the member\'s birthday (1-12), when given; the date itself is not published.' },
        of: (data) => data.birthMonth ?? monthOf(data.birthday),
      },
    },
  },
  PurchaseRecorded: {
    description: 'A purchase at a till. The first one makes a buyer, the next ones a (repeat) customer.',
    optional: ['discounts', 'charges', 'appliedOffers', 'memberDiscount'],
    fields: {
      receiptId: id('The receipt, unique within the tenant.'),
      storeId,
      occurredAt,
      currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 code.' },
      total: count('Total in minor units of the currency.'),
      lines: {
        type: 'array',
        description: 'What was bought.',
        items: {
          type: 'object',
          description: 'One receipt line.',
          properties: {
            sku: id('Stock keeping unit.'),
            category: { type: 'string', description: 'Product category, when the till sends one.' },
            quantity: { type: 'integer', minimum: 1, description: 'Units bought.' },
            unitPrice: count('Price of one unit in minor units.'),
            discount: count('Taken off the line\'s price (quantity × unitPrice) at the till, in minor units.'),
          },
          required: ['sku', 'quantity', 'unitPrice'],
          additionalProperties: false,
        },
      },
      discounts: {
        type: 'array',
        description: 'Discounts on the whole receipt, when it had any.',
        items: {
          type: 'object',
          description: 'One basket discount.',
          properties: { amount: count('Taken off the receipt, in minor units.'), description: { type: 'string', description: 'What the till called it.' } },
          required: ['amount'],
          additionalProperties: false,
        },
      },
      charges: {
        type: 'array',
        description: 'What the receipt added to its goods, when it added anything.',
        items: {
          type: 'object',
          description: 'One charge.',
          properties: {
            kind: { type: 'string', enum: CHARGE_KINDS, description: 'A service charge, or tax where the prices do not include it.' },
            amount: count('Added to the receipt, in minor units.'),
          },
          required: ['kind', 'amount'],
          additionalProperties: false,
        },
      },
      appliedOffers: { type: 'array', description: 'The member-only offers the till applied, in the order they priced the basket, and what each took off.', items: APPLIED_OFFER_SCHEMA },
      memberDiscount: MEMBER_DISCOUNT_SCHEMA,
      programRevision: PROGRAM_REVISION_SCHEMA,
    },
  },
  PointsEarned: {
    description: 'Points credited to the member by a rule of the program; reason names why.',
    fields: {
      // The reasons' enum is the registry's: see rules/registry.ts, which completes this schema.
      reason: { type: 'string', description: 'Why the points were earned: the reason of the rule that gave them.' },
      points: count('Points credited.'),
      receiptId: id('The purchase, or the receipt the feedback was about.'),
      feedbackId: id('For feedback points: the feedback.'),
      storeId: id('The store where the points were earned (for the referrer\'s bonus: the friend\'s store).'),
      refereeId: id('For the referrer\'s bonus: the friend whose purchase qualified.'),
      tier: id('For purchase points: the tier whose multiplier applied.'),
      campaignId: id('For campaign points: the campaign that gave them.'),
      expiresAt: dateTime('When the lot these points make expires (the end of a local day); absent: never.'),
      settles: count('Points of the lot that settled a debt left by a return, when there was one.'),
      occurredAt,
      programRevision: PROGRAM_REVISION_SCHEMA,
    },
    optional: ['receiptId', 'feedbackId', 'storeId', 'refereeId', 'tier', 'campaignId', 'expiresAt', 'settles'],
  },
  ReturnRecorded: {
    description: 'Goods of a receipt were returned, possibly in part: by the lines that came back, or by an amount only.',
    optional: ['lines'],
    fields: {
      returnId: id('The return, unique within the tenant.'),
      receiptId: id('The receipt the goods were bought on.'),
      storeId,
      occurredAt,
      amount: count('Refunded amount in minor units (for a return by lines: what those goods were paid, less the offers the goods kept no longer earn).'),
      lines: {
        type: 'array',
        description: 'The goods that came back, by receipt line, when the return named them.',
        items: {
          type: 'object',
          description: 'Units of one receipt line.',
          properties: {
            line: count('The line\'s index in the receipt, from 0.'),
            sku: id('Its stock keeping unit.'),
            quantity: { type: 'integer', minimum: 1, description: 'Units that came back.' },
          },
          required: ['line', 'sku', 'quantity'],
          additionalProperties: false,
        },
      },
      programRevision: PROGRAM_REVISION_SCHEMA,
    },
  },
  PointsReversed: {
    description: 'Points earned on returned goods taken back.',
    fields: {
      returnId: id('The return that caused it.'),
      receiptId: id('The receipt the points were earned on.'),
      storeId,
      points: count('Points taken back.'),
      // The reasons' enum is the registry's, as for PointsEarned.
      reason: { type: 'string', description: 'The reason of the points taken back, when not the earn rate\'s (purchase).' },
      campaignId: id('For a campaign\'s points: the campaign that gave them.'),
      lots: LOTS_SCHEMA,
      occurredAt,
    },
    optional: ['reason', 'campaignId', 'lots'],
  },
  PointsExpired: {
    description: 'What was left of lots at their expiry, taken; or points given back to lots that had expired.',
    fields: {
      points: count('Points expired.'),
      lots: LOTS_SCHEMA,
      occurredAt: dateTime('When they expired (RFC 3339): the end of the local day of the lots\' expiry.'),
      programRevision: PROGRAM_REVISION_SCHEMA,
    },
  },
  TierChanged: {
    description: 'The member moved to another tier (upgrade or downgrade).',
    fields: {
      from: id('Previous tier.'),
      to: id('New tier.'),
      qualifyingSpend: count('The qualifying spend that decided it, in minor units.'),
      occurredAt,
      programRevision: PROGRAM_REVISION_SCHEMA,
    },
  },
  RewardRedeemed: {
    description: 'Points exchanged for a reward of the catalogue.',
    fields: {
      redemptionId: id('The redemption, unique within the tenant.'),
      rewardId: id('The reward.'),
      storeId,
      points: count('Points spent.'),
      lots: LOTS_SCHEMA,
      occurredAt,
      programRevision: PROGRAM_REVISION_SCHEMA,
    },
    optional: ['lots'],
  },
  RedemptionCancelled: {
    description: 'A redemption was cancelled and its points given back.',
    fields: {
      redemptionId: id('The redemption cancelled.'),
      storeId: id('Where the reward was redeemed.'),
      points: count('Points given back.'),
      lots: LOTS_SCHEMA,
      occurredAt,
    },
    optional: ['lots'],
  },
  FeedbackSubmitted: {
    description:
      'Feedback after a visit or purchase. The free-text comment is not published (it may hold personal data); hasComment says whether there is one.',
    fields: {
      feedbackId: id('The feedback, unique within the tenant.'),
      storeId,
      receiptId: id('The receipt the feedback is about, when given.'),
      nps: { type: 'integer', minimum: 0, maximum: 10, description: 'Net promoter score, 0-10.' },
      csat: { type: 'integer', minimum: 1, maximum: 5, description: 'Customer satisfaction, 1-5, when given.' },
      comment: PERSONAL,
      occurredAt,
    },
    optional: ['receiptId', 'csat'],
    derived: {
      hasComment: {
        schema: { type: 'boolean', description: 'Whether the customer wrote a comment.' },
        required: true,
        of: (data) => typeof data.comment === 'string' && data.comment.trim().length > 0,
      },
    },
  },
  CardReplaced: {
    description:
      'The member\'s card was replaced (lost, damaged, re-issued): the new number finds the member at a till, the old one no one. The numbers are not published.',
    fields: {
      cardNumber: PERSONAL,
      occurredAt: dateTime('When the new card was given (RFC 3339).'),
    },
  },
  PersonalDataErased: {
    description:
      'The member asked to be forgotten: their card number, birthday and comments can no longer be read in Setia. Downstream systems (CRM, e-mail) should forget what they keep about the customer too; points and tiers stay.',
    fields: {
      erasedAt: dateTime('When the personal data was erased (RFC 3339).'),
    },
  },
};
