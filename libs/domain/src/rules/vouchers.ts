import type { RewardRedeemed } from '../customer.events';
import { OCCURRED_AT_SCHEMA, PROGRAM_REVISION_SCHEMA, STORE_ID_SCHEMA } from '../customer.events';
import { DomainError, InsufficientPoints, UnknownStore } from '../errors';
import { instantOf } from '../instant';
import type { JsonSchema } from '../json-schema';
import { arrayOf, idSchema, integerSchema, nonEmptyTextSchema, objectOf } from '../json-schema';
import { addDays, localDate, localMidnight } from '../local-time';
import { PersistentMap } from '../persistent-map';
import type { ProgramCore, ProgramProblem, ProgramVersion } from '../program';
import { findStore, isPositiveInteger } from '../program';
import type { Rule } from './rule';

/**
 * The member's wallet of vouchers: one-time benefits (a free item, an amount or a percent off)
 * used at the till by code. A voucher is issued by a rule (a full stamp card, a daily gift) or
 * bought with points: this rule's settings are the vouchers a member may redeem points for,
 * `[{rewardId, points, reward}]`, beside the points catalogue. Every rule names what it issues with
 * the same `reward: {voucher, validDays}`.
 *
 * A voucher's id is decided from what issued it (`card:<cardId>:<n>`, `redemption:<id>`, …), so a
 * replay decides the same; its code, a bearer secret, is never recorded: the application derives
 * it from the id with a key of the tenant kept outside the event store, and finds the voucher by
 * it. A use is a command on the member's stream, so two tills using one voucher at the same moment
 * get one use and one refusal; a cancelled use makes the voucher usable again.
 */

export type VoucherBenefit =
  | { kind: 'freeItem'; sku?: string; category?: string }
  | { kind: 'amountOff'; amount: number }
  | { kind: 'percentOff'; percent: number };

/** What a rule issues: the benefit and how many local days after the day of issue it stays valid. */
export interface VoucherReward {
  voucher: VoucherBenefit;
  validDays: number;
}

/** A voucher the member may buy with points. */
export interface VoucherOffer {
  rewardId: string;
  points: number;
  reward: VoucherReward;
}

/** What issued a voucher: the rule, and its card, gift or reward. */
export interface VoucherSource {
  rule: string;
  id: string;
}

export type VoucherIssued = {
  type: 'VoucherIssued';
  data: {
    voucherId: string;
    benefit: VoucherBenefit;
    /** The end of the last local day it may be used (exclusive). */
    validUntil: string;
    source: VoucherSource;
    /** The purchase that issued it (a full stamp card, a daily gift). */
    receiptId?: string;
    /** The redemption that bought it with points. */
    redemptionId?: string;
    storeId?: string;
    occurredAt: string;
    programRevision: number;
  };
};

/** A voucher withdrawn before it was used: what issued it was undone (a return, a cancelled redemption). */
export type VoucherVoided = {
  type: 'VoucherVoided';
  data: { voucherId: string; reason: 'return' | 'cancellation'; returnId?: string; redemptionId?: string; storeId: string; occurredAt: string; programRevision: number };
};

export type VoucherUsed = {
  type: 'VoucherUsed';
  data: { voucherId: string; storeId: string; receiptId: string; occurredAt: string; programRevision: number };
};

/** The till undid a use: the voucher may be used again. */
export type VoucherUseCancelled = {
  type: 'VoucherUseCancelled';
  data: { voucherId: string; storeId: string; receiptId: string; occurredAt: string; programRevision: number };
};

export type WalletEvent = VoucherIssued | VoucherVoided | VoucherUsed | VoucherUseCancelled;

/** A till uses the voucher on a receipt (the application found it by its code). */
export type UseVoucher = {
  type: 'UseVoucher';
  data: { customerId: string; voucherId: string; storeId: string; receiptId: string; now: string; program: ProgramVersion };
};

/** A till undoes the voucher's use. */
export type CancelVoucherUse = {
  type: 'CancelVoucherUse';
  data: { customerId: string; voucherId: string; now: string; program: ProgramVersion };
};

export interface VoucherState {
  voucherId: string;
  benefit: VoucherBenefit;
  validUntil: string;
  source: VoucherSource;
  issuedAt: string;
  receiptId?: string;
  redemptionId?: string;
  use: { storeId: string; receiptId: string; usedAt: string } | null;
  voided: boolean;
}

export type VoucherStatus = 'active' | 'used' | 'voided' | 'expired';

export function voucherStatus(voucher: VoucherState, now: string): VoucherStatus {
  if (voucher.voided) return 'voided';
  if (voucher.use) return 'used';
  return instantOf(now) >= instantOf(voucher.validUntil) ? 'expired' : 'active';
}

/** The wallet: every voucher issued to the member, by id, in the order issued. */
export type VoucherWallet = PersistentMap<string, VoucherState>;

/** No voucher of the tenant has this code (never issued, another tenant's, or its member was forgotten). */
export class VoucherNotFound extends DomainError {
  readonly category = 'not_found';
  constructor() {
    super('code: no voucher of this tenant has this code', 'code');
  }
}
export class VoucherAlreadyUsed extends DomainError {
  readonly category = 'conflict';
  constructor(usedAt: string) {
    super(`code: the voucher was used already, at ${usedAt}`, 'code');
  }
}
export class VoucherExpired extends DomainError {
  readonly category = 'conflict';
  constructor(validUntil: string) {
    super(`code: the voucher expired at ${validUntil}`, 'code');
  }
}
export class VoucherWithdrawn extends DomainError {
  readonly category = 'conflict';
  constructor() {
    super('code: the voucher was withdrawn: what issued it was returned or cancelled', 'code');
  }
}
export class VoucherNotUsed extends DomainError {
  readonly category = 'conflict';
  constructor() {
    super('code: the voucher is not used: there is no use to cancel', 'code');
  }
}

export const VOUCHER_REWARD_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'The voucher a rule issues: its benefit and how many local days after the day of issue it may be used',
  properties: {
    voucher: {
      type: 'object',
      description: 'A free item (by sku or category), an amount off (minor units) or a percent off',
      properties: {
        kind: { type: 'string', enum: ['freeItem', 'amountOff', 'percentOff'], description: 'What the voucher gives' },
        sku: idSchema('freeItem: the item given'),
        category: idSchema('freeItem: any item of this category'),
        amount: integerSchema('amountOff: minor units off the receipt', 1, Number.MAX_SAFE_INTEGER),
        percent: integerSchema('percentOff: percent off the receipt', 1, 100),
      },
      required: ['kind'],
      additionalProperties: false,
    },
    validDays: integerSchema('Local days after the day of issue the voucher stays valid', 0, 3660),
  },
  required: ['voucher', 'validDays'],
  additionalProperties: false,
};

/** The checks of a reward beyond its schema: the fields its kind needs, and none of the others. */
export function validateVoucherReward(reward: VoucherReward, field: string, fail: ProgramProblem): void {
  const voucher = reward.voucher as Record<string, unknown>;
  const needs = { freeItem: [], amountOff: ['amount'], percentOff: ['percent'] }[reward.voucher.kind] as string[] | undefined;
  if (!needs) fail(`${field}.voucher.kind`, 'must be freeItem, amountOff or percentOff');
  for (const key of ['sku', 'category', 'amount', 'percent']) {
    const allowed = reward.voucher.kind === 'freeItem' ? key === 'sku' || key === 'category' : needs!.includes(key);
    if (!allowed && voucher[key] !== undefined) fail(`${field}.voucher.${key}`, `a ${reward.voucher.kind} voucher has no ${key}`);
  }
  if (reward.voucher.kind === 'freeItem' && (voucher.sku === undefined) === (voucher.category === undefined)) {
    fail(`${field}.voucher.sku`, 'a freeItem voucher names either a sku or a category');
  }
  if (reward.voucher.kind === 'amountOff' && !isPositiveInteger(reward.voucher.amount)) fail(`${field}.voucher.amount`, 'must be a positive whole amount');
  if (reward.voucher.kind === 'percentOff' && !(Number.isInteger(reward.voucher.percent) && reward.voucher.percent >= 1 && reward.voucher.percent <= 100)) {
    fail(`${field}.voucher.percent`, 'must be a whole percent from 1 to 100');
  }
  if (!Number.isInteger(reward.validDays) || reward.validDays < 0) fail(`${field}.validDays`, 'must be a whole number of days, not negative');
}

/** A voucher is valid to the end of the local day (the store's, else the tenant's) `validDays` after the day of issue. */
export function voucherValidUntil(validDays: number, issuedAt: string, timeZone: string): string {
  return localMidnight(addDays(localDate(issuedAt, timeZone), validDays + 1), timeZone);
}

/** The voucher a rule issues for a reward, dated and valid in the store's local time. */
export function issueVoucher(
  reward: VoucherReward,
  issue: { voucherId: string; source: VoucherSource; storeId: string; occurredAt: string; receiptId?: string; redemptionId?: string },
  program: ProgramVersion,
): VoucherIssued {
  const timeZone = findStore(program.rules, issue.storeId)?.timeZone ?? program.rules.timeZone;
  return {
    type: 'VoucherIssued',
    data: {
      voucherId: issue.voucherId,
      benefit: { ...reward.voucher },
      validUntil: voucherValidUntil(reward.validDays, issue.occurredAt, timeZone),
      source: issue.source,
      ...(issue.receiptId !== undefined && { receiptId: issue.receiptId }),
      ...(issue.redemptionId !== undefined && { redemptionId: issue.redemptionId }),
      storeId: issue.storeId,
      occurredAt: issue.occurredAt,
      programRevision: program.revision,
    },
  };
}

/** The voucher withdrawn by a return or a cancelled redemption, at the store where that happened. */
export function voidVoucher(voucherId: string, ref: { returnId: string } | { redemptionId: string }, storeId: string, occurredAt: string, programRevision: number): VoucherVoided {
  return { type: 'VoucherVoided', data: { voucherId, reason: 'returnId' in ref ? 'return' : 'cancellation', ...ref, storeId, occurredAt, programRevision } };
}

function refuseUnknownStore(program: ProgramCore, storeId: string): void {
  if (!findStore(program, storeId)) throw new UnknownStore(storeId);
}

const BENEFIT_SCHEMA = VOUCHER_REWARD_SCHEMA.properties!.voucher;
const VOUCHER_ID_SCHEMA = nonEmptyTextSchema('The voucher in the member\'s wallet, named by what issued it (its code is never published).');

type VouchersTypes = {
  name: 'vouchers';
  settings: VoucherOffer[];
  optional: true;
  slice: VoucherWallet;
  events: WalletEvent;
  commands: UseVoucher | CancelVoucherUse;
};

const change = (wallet: VoucherWallet, voucherId: string, update: (voucher: VoucherState) => Partial<VoucherState>): VoucherWallet => {
  const voucher = wallet.get(voucherId);
  return voucher ? wallet.with(voucherId, { ...voucher, ...update(voucher) }) : wallet;
};

export const vouchers: Rule<VouchersTypes> = {
  name: 'vouchers',
  description: 'Vouchers members buy with points, beside the points catalogue (absent: none); every voucher a rule issues goes to the member\'s wallet',
  optional: true,
  settings: {
    example: [{ rewardId: 'FREE-CAKE', points: 150, reward: { voucher: { kind: 'freeItem', category: 'cakes' }, validDays: 30 } }],
    schema: arrayOf(
      'Vouchers bought with points',
      objectOf<VoucherOffer>('A voucher for points', {
        rewardId: idSchema('Reward id, unique across the points catalogue and these'),
        points: integerSchema('Points the voucher costs', 1, 1_000_000_000),
        reward: VOUCHER_REWARD_SCHEMA,
      }),
      { maxItems: 1_000 },
    ),
    validate(offers, program, fail) {
      const ids = new Set<string>((program as { rewards?: Array<{ rewardId: string }> }).rewards?.map((reward) => reward.rewardId) ?? []);
      offers.forEach((offer, i) => {
        if (ids.has(offer.rewardId)) fail(`vouchers[${i}].rewardId`, `reward ${offer.rewardId} appears twice`);
        ids.add(offer.rewardId);
        if (!isPositiveInteger(offer.points)) fail(`vouchers[${i}].points`, 'must be a positive whole number of points');
        validateVoucherReward(offer.reward, `vouchers[${i}].reward`, fail);
      });
    },
  },
  events: {
    VoucherIssued: {
      description: 'A voucher went to the member\'s wallet: a rule issued it (a full stamp card, a daily gift) or the member bought it with points. Its code is a bearer secret and never published.',
      fields: {
        voucherId: VOUCHER_ID_SCHEMA,
        benefit: BENEFIT_SCHEMA,
        validUntil: { type: 'string', format: 'date-time', description: 'The end of the last local day the voucher may be used.' },
        source: {
          type: 'object',
          description: 'The rule that issued it and its card, gift or reward.',
          properties: { rule: nonEmptyTextSchema('The rule (stampCards, gifts, vouchers).'), id: nonEmptyTextSchema('Its card, gift or reward id.') },
          required: ['rule', 'id'],
          additionalProperties: false,
        },
        receiptId: nonEmptyTextSchema('The purchase that issued it.'),
        redemptionId: nonEmptyTextSchema('The redemption that bought it with points.'),
        storeId: STORE_ID_SCHEMA,
        occurredAt: OCCURRED_AT_SCHEMA,
        programRevision: PROGRAM_REVISION_SCHEMA,
      },
      optional: ['receiptId', 'redemptionId', 'storeId'],
    },
    VoucherVoided: {
      description: 'An unused voucher was withdrawn: what issued it was undone (a return, a cancelled redemption).',
      fields: {
        voucherId: VOUCHER_ID_SCHEMA,
        reason: { type: 'string', enum: ['return', 'cancellation'], description: 'What undid it.' },
        returnId: nonEmptyTextSchema('The return.'),
        redemptionId: nonEmptyTextSchema('The cancelled redemption.'),
        storeId: STORE_ID_SCHEMA,
        occurredAt: OCCURRED_AT_SCHEMA,
        programRevision: PROGRAM_REVISION_SCHEMA,
      },
      optional: ['returnId', 'redemptionId'],
    },
    VoucherUsed: {
      description: 'A till used the voucher on a receipt, once.',
      fields: {
        voucherId: VOUCHER_ID_SCHEMA,
        storeId: STORE_ID_SCHEMA,
        receiptId: nonEmptyTextSchema('The receipt it was used on.'),
        occurredAt: OCCURRED_AT_SCHEMA,
        programRevision: PROGRAM_REVISION_SCHEMA,
      },
    },
    VoucherUseCancelled: {
      description: 'A till undid the voucher\'s use: it may be used again.',
      fields: {
        voucherId: VOUCHER_ID_SCHEMA,
        storeId: STORE_ID_SCHEMA,
        receiptId: nonEmptyTextSchema('The receipt it had been used on.'),
        occurredAt: OCCURRED_AT_SCHEMA,
        programRevision: PROGRAM_REVISION_SCHEMA,
      },
    },
  },
  slice: {
    initial: () => PersistentMap.empty(),
    evolve: {
      VoucherIssued: (wallet, { data }) =>
        wallet.with(data.voucherId, {
          voucherId: data.voucherId,
          benefit: data.benefit,
          validUntil: data.validUntil,
          source: data.source,
          issuedAt: data.occurredAt,
          ...(data.receiptId !== undefined && { receiptId: data.receiptId }),
          ...(data.redemptionId !== undefined && { redemptionId: data.redemptionId }),
          use: null,
          voided: false,
        }),
      VoucherVoided: (wallet, { data }) => change(wallet, data.voucherId, () => ({ voided: true })),
      VoucherUsed: (wallet, { data }) => change(wallet, data.voucherId, () => ({ use: { storeId: data.storeId, receiptId: data.receiptId, usedAt: data.occurredAt } })),
      VoucherUseCancelled: (wallet, { data }) => change(wallet, data.voucherId, () => ({ use: null })),
    },
  },
  // A redemption cancelled after the program stopped selling vouchers still withdraws the one it bought.
  alwaysAsked: ['cancellation'],
  till: ({ slice, now }) => ({
    vouchers: [...slice.values()]
      .filter((voucher) => voucherStatus(voucher, now) === 'active')
      .map(({ voucherId, benefit, validUntil }) => ({ voucherId, benefit, validUntil })),
  }),
  on: {
    redemption({ redemption, customer, settings, program }) {
      const offer = settings.find((candidate) => candidate.rewardId === redemption.rewardId);
      if (!offer) return [];
      if (customer.points < offer.points) throw new InsufficientPoints(customer.points, offer.points);
      const { redemptionId, rewardId, storeId, now } = redemption;
      const redeemed: RewardRedeemed = {
        type: 'RewardRedeemed',
        data: { redemptionId, rewardId, storeId, points: offer.points, occurredAt: now, programRevision: program.revision },
      };
      return [redeemed, issueVoucher(offer.reward, { voucherId: `redemption:${redemptionId}`, source: { rule: 'vouchers', id: rewardId }, storeId, occurredAt: now, redemptionId }, program)];
    },
    cancellation({ cancellation, slice, program }) {
      const voucher = slice.get(`redemption:${cancellation.redemptionId}`);
      if (!voucher || voucher.voided) return [];
      if (voucher.use) throw new VoucherAlreadyUsed(voucher.use.usedAt);
      return [voidVoucher(voucher.voucherId, { redemptionId: cancellation.redemptionId }, cancellation.storeId, cancellation.occurredAt, program.revision)];
    },
  },
  commands: {
    UseVoucher: {
      decide({ data }, { slice }) {
        const voucher = slice.get(data.voucherId);
        if (!voucher) throw new VoucherNotFound();
        if (voucher.voided) throw new VoucherWithdrawn();
        if (voucher.use) {
          // The same till's retry: the use stands, nothing more is recorded.
          if (voucher.use.storeId === data.storeId && voucher.use.receiptId === data.receiptId) return [];
          throw new VoucherAlreadyUsed(voucher.use.usedAt);
        }
        if (instantOf(data.now) >= instantOf(voucher.validUntil)) throw new VoucherExpired(voucher.validUntil);
        refuseUnknownStore(data.program.rules, data.storeId);
        return [
          { type: 'VoucherUsed', data: { voucherId: voucher.voucherId, storeId: data.storeId, receiptId: data.receiptId, occurredAt: data.now, programRevision: data.program.revision } },
        ];
      },
      rebuild(first, customerId, program) {
        if (first.type !== 'VoucherUsed') return undefined;
        const { voucherId, storeId, receiptId, occurredAt } = first.data;
        return { type: 'UseVoucher', data: { customerId, voucherId, storeId, receiptId, now: occurredAt, program } };
      },
    },
    CancelVoucherUse: {
      decide({ data }, { slice }) {
        const voucher = slice.get(data.voucherId);
        if (!voucher) throw new VoucherNotFound();
        if (!voucher.use) throw new VoucherNotUsed();
        const { storeId, receiptId } = voucher.use;
        return [{ type: 'VoucherUseCancelled', data: { voucherId: voucher.voucherId, storeId, receiptId, occurredAt: data.now, programRevision: data.program.revision } }];
      },
      rebuild(first, customerId, program) {
        if (first.type !== 'VoucherUseCancelled') return undefined;
        return { type: 'CancelVoucherUse', data: { customerId, voucherId: first.data.voucherId, now: first.data.occurredAt, program } };
      },
    },
  },
};
