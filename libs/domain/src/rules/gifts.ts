import type { ReceiptState } from '../customer.state';
import { arrayOf, idSchema, moneySchema, objectOf } from '../json-schema';
import { localDate } from '../local-time';
import { PersistentMap } from '../persistent-map';
import type { ProgramCore } from '../program';
import { findStore, isNonNegativeInteger } from '../program';
import type { Decided, Rule } from './rule';
import type { VoucherReward } from './vouchers';
import { issueVoucher, validateVoucherReward, VOUCHER_REWARD_SCHEMA, voidVoucher } from './vouchers';

/**
 * Daily gifts: "spend at least Rp 350,000 today and get a bag". A member whose receipts of one local
 * day (each in its store's time zone; only those of `stores` when given) reach `minSpend`, net of
 * returns, gets the gift's voucher once that day, with the purchase that reached it. A return that
 * brings the day back under `minSpend` withdraws the voucher when it is unused; a later purchase
 * that day reaching it again gives it again.
 */

export interface Gift {
  giftId: string;
  minSpend: number;
  per: 'day';
  stores?: string[];
  reward: VoucherReward;
}

export interface GiftDay {
  /** Vouchers this gift gave on this day, ever: the next is `gift:<giftId>:<day>:<issued + 1>`. */
  issued: number;
  /** The voucher of the day not withdrawn, if any. */
  open: string | null;
}

export interface GiftsSlice {
  /** By `gift:<giftId>:<day>`. */
  days: PersistentMap<string, GiftDay>;
  /** Gift vouchers that are used now. */
  used: ReadonlySet<string>;
}

type GiftsTypes = { name: 'gifts'; settings: Gift[]; optional: true; slice: GiftsSlice };

const SOURCE = 'gifts';
const DAY_MS = 86_400_000;
const dayKey = (giftId: string, day: string) => `gift:${giftId}:${day}`;
const dayOfVoucher = (voucherId: string) => voucherId.slice(0, voucherId.lastIndexOf(':'));

const zoneOf = (program: ProgramCore, storeId: string) => findStore(program, storeId)?.timeZone ?? program.timeZone;

/** The local day of a receipt, in its store's time zone. */
const dayOfReceipt = (program: ProgramCore, receipt: Pick<ReceiptState, 'storeId' | 'occurredAt'>) => localDate(receipt.occurredAt, zoneOf(program, receipt.storeId));

/** What the member's receipts of the gift's stores on a local day come to, net of returns. */
function spendOn(day: string, near: number, gift: Gift, receipts: Iterable<ReceiptState>, program: ProgramCore): number {
  let spend = 0;
  for (const receipt of receipts) {
    // A local day is within 14 hours either side of any instant of it, in every zone Setia's stores have.
    if (Math.abs(receipt.occurredAtMs - near) > DAY_MS) continue;
    if (gift.stores && !gift.stores.includes(receipt.storeId)) continue;
    if (dayOfReceipt(program, receipt) === day) spend += receipt.total - receipt.returned;
  }
  return spend;
}

export const gifts: Rule<GiftsTypes> = {
  name: 'gifts',
  description: 'Daily gifts: a voucher once a local day for a member whose receipts that day reach minSpend (absent: none)',
  optional: true,
  settings: {
    example: [{ giftId: 'TOTE-350K', minSpend: 35_000_000, per: 'day', reward: { voucher: { kind: 'freeItem', sku: 'TOTE-BAG' }, validDays: 7 } }],
    schema: arrayOf(
      'Daily gifts',
      objectOf<Gift>(
        'A daily gift',
        {
          giftId: idSchema('Gift id, unique in the program'),
          minSpend: moneySchema('What the member\'s receipts of one local day must reach (integer minor units)', 1),
          per: { type: 'string', enum: ['day'], description: 'Once per local day of the store' },
          stores: arrayOf('Only receipts of these stores count (absent: every store)', idSchema('A store of the program'), { minItems: 1, maxItems: 1_000 }),
          reward: VOUCHER_REWARD_SCHEMA,
        },
        ['stores'],
      ),
      { maxItems: 100 },
    ),
    validate(settings, program, fail) {
      const ids = new Set<string>();
      settings.forEach((gift, i) => {
        if (ids.has(gift.giftId)) fail(`gifts[${i}].giftId`, `gift ${gift.giftId} appears twice`);
        ids.add(gift.giftId);
        if (!isNonNegativeInteger(gift.minSpend) || gift.minSpend === 0) fail(`gifts[${i}].minSpend`, 'must be a positive whole amount');
        gift.stores?.forEach((storeId, j) => {
          if (!findStore(program, storeId)) fail(`gifts[${i}].stores[${j}]`, `store ${storeId} is not in the program`);
        });
        validateVoucherReward(gift.reward, `gifts[${i}].reward`, fail);
      });
    },
  },
  slice: {
    initial: () => ({ days: PersistentMap.empty(), used: new Set() }),
    evolve: {
      VoucherIssued: (slice, { data }) => {
        if (data.source.rule !== SOURCE) return slice;
        const key = dayOfVoucher(data.voucherId);
        const day = slice.days.get(key) ?? { issued: 0, open: null };
        return { ...slice, days: slice.days.with(key, { issued: day.issued + 1, open: data.voucherId }) };
      },
      VoucherVoided: (slice, { data }) => {
        const key = dayOfVoucher(data.voucherId);
        const day = slice.days.get(key);
        return day && day.open === data.voucherId ? { ...slice, days: slice.days.with(key, { ...day, open: null }) } : slice;
      },
      VoucherUsed: (slice, { data }) => (slice.days.get(dayOfVoucher(data.voucherId))?.open === data.voucherId ? { ...slice, used: new Set(slice.used).add(data.voucherId) } : slice),
      VoucherUseCancelled: (slice, { data }) => {
        if (!slice.used.has(data.voucherId)) return slice;
        const used = new Set(slice.used);
        used.delete(data.voucherId);
        return { ...slice, used };
      },
    },
  },
  on: {
    purchase({ purchase, customer, slice, settings, program, after }) {
      if (!customer.member || customer.tier === null) return [];
      const events: Decided<GiftsTypes>[] = [];
      const day = dayOfReceipt(program.rules, purchase);
      const near = Date.parse(purchase.occurredAt);
      for (const gift of settings) {
        if (gift.stores && !gift.stores.includes(purchase.storeId)) continue;
        const given = slice.days.get(dayKey(gift.giftId, day));
        if (given?.open) continue;
        if (spendOn(day, near, gift, after().receipts.values(), program.rules) < gift.minSpend) continue;
        const voucherId = `${dayKey(gift.giftId, day)}:${(given?.issued ?? 0) + 1}`;
        const { receiptId, storeId, occurredAt } = purchase;
        events.push(issueVoucher(gift.reward, { voucherId, source: { rule: SOURCE, id: gift.giftId }, storeId, occurredAt, receiptId }, program));
      }
      return events;
    },
    return({ goodsBack, receipt, slice, settings, program, after }) {
      const events: Decided<GiftsTypes>[] = [];
      const day = dayOfReceipt(program.rules, receipt);
      for (const gift of settings) {
        const open = slice.days.get(dayKey(gift.giftId, day))?.open;
        if (!open || slice.used.has(open)) continue;
        if (spendOn(day, receipt.occurredAtMs, gift, after().receipts.values(), program.rules) >= gift.minSpend) continue;
        events.push(voidVoucher(open, { returnId: goodsBack.returnId }, goodsBack.storeId, goodsBack.occurredAt, program.revision));
      }
      return events;
    },
  },
};
