import type { PurchaseLine, PurchaseRecorded, ReturnRecorded } from '../customer.events';
import type { ReceiptState } from '../customer.state';
import { OCCURRED_AT_SCHEMA, PROGRAM_REVISION_SCHEMA, STORE_ID_SCHEMA } from '../customer.events';
import { arrayOf, countSchema, idSchema, integerSchema, moneySchema, nonEmptyTextSchema, objectOf, textSchema } from '../json-schema';
import { PersistentMap } from '../persistent-map';
import { isPositiveInteger } from '../program';
import type { PaidOfKept } from '../returned-goods';
import { keptOfPaid, unitsAfter } from '../returned-goods';
import type { Decided, Rule } from './rule';
import type { VoucherReward } from './vouchers';
import { issueVoucher, validateVoucherReward, VOUCHER_REWARD_SCHEMA, voidVoucher } from './vouchers';

/**
 * Stamp cards (punch cards): each qualifying item, or each qualifying receipt, stamps the card; at
 * `stampsNeeded` the card's reward voucher goes to the member's wallet and a new card starts.
 * "Buy 10 get 1 free", a free cone every 10 purchases, a free wash after 6 paid ones.
 *
 * A return takes back the stamps of what was returned. A return by lines (returned-goods.ts) names
 * the goods: a card stamped per item takes back a stamp for each returned unit it counted; a card
 * stamped per receipt takes its stamp back when the goods kept no longer qualify (none of its sku
 * or category left, or less than `minAmount`). A return by amount only takes back by share: a
 * receipt keeps the share of its stamps its amount left pays for (rounded down, counted on the
 * whole receipt, so one returned in parts gives back exactly what it stamped); a receipt stamped
 * once keeps its stamp while what is left still reaches `minAmount`. When a receipt has returns of
 * both kinds, an amount is a share of the goods still kept (return-refund.ts `paidOfKept`): the
 * stamps of the goods kept are kept by the share of what they cost that is still paid, so goods
 * named after an amount take back only the stamps the amount did not. When a return undoes a
 * completed card, its voucher is withdrawn if unused; if it was used, the stamps owed are taken
 * from the next stamps instead.
 */

export interface StampCounts {
  sku?: string;
  category?: string;
  /** `item`: a line's unit price at least this; `receipt`: the qualifying lines (all: the total) at least this. */
  minAmount?: number;
  per: 'item' | 'receipt';
}

export interface StampCard {
  cardId: string;
  name: string;
  counts: StampCounts;
  stampsNeeded: number;
  reward: VoucherReward;
}

export type StampsCollected = {
  type: 'StampsCollected';
  data: {
    cardId: string;
    receiptId: string;
    storeId: string;
    stamps: number;
    /** Stamps on the card in progress after these (full cards went to vouchers). */
    onCard: number;
    /** Stamps still owed to a card undone after its voucher was used. */
    owed: number;
    occurredAt: string;
    programRevision: number;
  };
};

export type StampsTakenBack = {
  type: 'StampsTakenBack';
  data: {
    cardId: string;
    receiptId: string;
    returnId: string;
    storeId: string;
    stamps: number;
    onCard: number;
    owed: number;
    occurredAt: string;
    programRevision: number;
  };
};

export interface CardProgress {
  onCard: number;
  owed: number;
  /** Cards completed, ever: the next voucher is `card:<cardId>:<completed + 1>`. */
  completed: number;
  /** The vouchers of the completed cards a return has not undone, in order. */
  vouchers: readonly string[];
}

export interface StampCardsSlice {
  cards: ReadonlyMap<string, CardProgress>;
  /** By receipt and card: the stamps the receipt gave, and those a return has not taken back. */
  receipts: PersistentMap<string, ReadonlyMap<string, { given: number; kept: number }>>;
  /** Vouchers of the cards that are used now. */
  used: ReadonlySet<string>;
}

type StampCardsTypes = {
  name: 'stampCards';
  settings: StampCard[];
  optional: true;
  slice: StampCardsSlice;
  events: StampsCollected | StampsTakenBack;
};

const NO_PROGRESS: CardProgress = { onCard: 0, owed: 0, completed: 0, vouchers: [] };
const SOURCE = 'stampCards';

/** Whether the card counts a receipt line: of its sku or category (any, when it names neither). */
const counted = (counts: StampCounts, line: PurchaseLine) => (counts.sku === undefined || line.sku === counts.sku) && (counts.category === undefined || line.category === counts.category);

/** Whether a card stamped per item stamps each unit of the line. */
const stampsEachUnit = (counts: StampCounts, line: PurchaseLine) => counted(counts, line) && (counts.minAmount === undefined || line.unitPrice >= counts.minAmount);

/** The stamps a purchase gives on a card. */
export function stampsFor(counts: StampCounts, purchase: Pick<PurchaseRecorded['data'], 'lines' | 'total'>): number {
  const lines = purchase.lines.filter((line) => counted(counts, line));
  if (counts.per === 'item') return lines.reduce((stamps, line) => (stampsEachUnit(counts, line) ? stamps + line.quantity : stamps), 0);
  if (lines.length === 0) return 0;
  const value = counts.sku === undefined && counts.category === undefined ? purchase.total : lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  return value >= (counts.minAmount ?? 0) ? 1 : 0;
}

/**
 * The stamps a receipt keeps on a card after a return (`given` at its purchase): those of the goods
 * returns by lines left it (an item card's stamps less a stamp for each unit returned it counted; a
 * receipt card's stamp while the goods kept still qualify), and, when returns by amount only
 * refunded some of the goods kept (`paid`), the floored share still paid of an item card's, and a
 * receipt card's while what is left of the receipt reaches `minAmount`.
 */
function stampsLeft(card: StampCard, given: number, receipt: ReceiptState, goodsBack: ReturnRecorded['data'], paid: PaidOfKept | undefined): number {
  const returned = unitsAfter(receipt, goodsBack.lines ?? []);
  const left = receipt.total - receipt.returned - goodsBack.amount;
  if (card.counts.per === 'item') {
    const units = receipt.lines.reduce((sum, line, i) => (stampsEachUnit(card.counts, line) ? sum + returned[i] : sum), 0);
    return keptOfPaid(Math.max(0, given - units), paid);
  }
  const keptLines = receipt.lines.flatMap((line, i) => (line.quantity > returned[i] ? [{ ...line, quantity: line.quantity - returned[i] }] : []));
  const goodsQualify = stampsFor(card.counts, { lines: keptLines, total: left }) > 0;
  const amountQualifies = !paid || (left > 0 && left >= (card.counts.minAmount ?? 0));
  return goodsQualify && amountQualifies ? given : 0;
}

const withCard = (slice: StampCardsSlice, cardId: string, change: (progress: CardProgress) => CardProgress): StampCardsSlice => ({
  ...slice,
  cards: new Map(slice.cards).set(cardId, change(slice.cards.get(cardId) ?? NO_PROGRESS)),
});

const cardOfVoucher = (slice: StampCardsSlice, voucherId: string) => [...slice.cards].find(([, progress]) => progress.vouchers.includes(voucherId));

export const stampCards: Rule<StampCardsTypes> = {
  name: 'stampCards',
  description: 'Stamp cards: qualifying items or receipts stamp a card; a full card issues its reward voucher and a new card starts (absent: none)',
  optional: true,
  settings: {
    example: [
      { cardId: 'KOPI-10', name: 'Buy 10 coffees, get 1 free', counts: { category: 'drinks', per: 'item' }, stampsNeeded: 10, reward: { voucher: { kind: 'freeItem', category: 'drinks' }, validDays: 30 } },
    ],
    schema: arrayOf(
      'Stamp cards',
      objectOf<StampCard>('A stamp card', {
        cardId: idSchema('Card id, unique in the program'),
        name: textSchema('What the member is shown', 120),
        counts: objectOf<StampCounts>(
          'What stamps the card',
          {
            sku: idSchema('Only lines of this sku'),
            category: idSchema('Only lines of this category'),
            minAmount: moneySchema('item: smallest unit price; receipt: smallest qualifying amount (integer minor units)'),
            per: { type: 'string', enum: ['item', 'receipt'], description: 'A stamp per qualifying item, or per qualifying receipt' },
          },
          ['sku', 'category', 'minAmount'],
        ),
        stampsNeeded: integerSchema('Stamps that fill the card', 1, 1_000),
        reward: VOUCHER_REWARD_SCHEMA,
      }),
      { maxItems: 100 },
    ),
    validate(cards, _program, fail) {
      const ids = new Set<string>();
      cards.forEach((card, i) => {
        if (ids.has(card.cardId)) fail(`stampCards[${i}].cardId`, `card ${card.cardId} appears twice`);
        ids.add(card.cardId);
        if (!isPositiveInteger(card.stampsNeeded)) fail(`stampCards[${i}].stampsNeeded`, 'must be a positive whole number of stamps');
        if (card.counts.sku !== undefined && card.counts.category !== undefined) fail(`stampCards[${i}].counts.category`, 'a card counts a sku or a category, not both');
        validateVoucherReward(card.reward, `stampCards[${i}].reward`, fail);
      });
    },
  },
  events: {
    StampsCollected: {
      description: 'A purchase stamped a stamp card; each card it filled is a VoucherIssued that follows (source stampCards).',
      fields: {
        cardId: nonEmptyTextSchema('The card of the program.'),
        receiptId: nonEmptyTextSchema('The purchase.'),
        storeId: STORE_ID_SCHEMA,
        stamps: countSchema('Stamps the purchase gave.'),
        onCard: countSchema('Stamps on the card in progress after them.'),
        owed: countSchema('Stamps still owed to a card a return undid after its voucher was used.'),
        occurredAt: OCCURRED_AT_SCHEMA,
        programRevision: PROGRAM_REVISION_SCHEMA,
      },
    },
    StampsTakenBack: {
      description: 'A return took back stamps of its receipt; a card it undid has its unused voucher withdrawn (VoucherVoided), or owes the stamps to the next card.',
      fields: {
        cardId: nonEmptyTextSchema('The card of the program.'),
        receiptId: nonEmptyTextSchema('The receipt returned.'),
        returnId: nonEmptyTextSchema('The return.'),
        storeId: STORE_ID_SCHEMA,
        stamps: countSchema('Stamps taken back.'),
        onCard: countSchema('Stamps on the card in progress after.'),
        owed: countSchema('Stamps owed after.'),
        occurredAt: OCCURRED_AT_SCHEMA,
        programRevision: PROGRAM_REVISION_SCHEMA,
      },
    },
  },
  slice: {
    initial: () => ({ cards: new Map(), receipts: PersistentMap.empty(), used: new Set() }),
    evolve: {
      StampsCollected: (slice, { data }) => {
        const byCard = new Map(slice.receipts.get(data.receiptId) ?? []).set(data.cardId, { given: data.stamps, kept: data.stamps });
        return { ...withCard(slice, data.cardId, (progress) => ({ ...progress, onCard: data.onCard, owed: data.owed })), receipts: slice.receipts.with(data.receiptId, byCard) };
      },
      StampsTakenBack: (slice, { data }) => {
        const byCard = new Map(slice.receipts.get(data.receiptId) ?? []);
        const stamped = byCard.get(data.cardId) ?? { given: 0, kept: 0 };
        byCard.set(data.cardId, { given: stamped.given, kept: stamped.kept - data.stamps });
        return { ...withCard(slice, data.cardId, (progress) => ({ ...progress, onCard: data.onCard, owed: data.owed })), receipts: slice.receipts.with(data.receiptId, byCard) };
      },
      VoucherIssued: (slice, { data }) =>
        data.source.rule === SOURCE ? withCard(slice, data.source.id, (progress) => ({ ...progress, completed: progress.completed + 1, vouchers: [...progress.vouchers, data.voucherId] })) : slice,
      VoucherVoided: (slice, { data }) => {
        const card = cardOfVoucher(slice, data.voucherId);
        return card ? withCard(slice, card[0], (progress) => ({ ...progress, vouchers: progress.vouchers.filter((id) => id !== data.voucherId) })) : slice;
      },
      VoucherUsed: (slice, { data }) => (cardOfVoucher(slice, data.voucherId) ? { ...slice, used: new Set(slice.used).add(data.voucherId) } : slice),
      VoucherUseCancelled: (slice, { data }) => {
        if (!slice.used.has(data.voucherId)) return slice;
        const used = new Set(slice.used);
        used.delete(data.voucherId);
        return { ...slice, used };
      },
    },
  },
  on: {
    purchase({ purchase, customer, slice, settings, program }) {
      if (!customer.member || customer.tier === null) return [];
      const events: Decided<StampCardsTypes>[] = [];
      for (const card of settings) {
        const stamps = stampsFor(card.counts, purchase);
        if (stamps === 0) continue;
        const progress = slice.cards.get(card.cardId) ?? NO_PROGRESS;
        const settled = Math.min(progress.owed, stamps);
        const total = progress.onCard + stamps - settled;
        const filled = Math.floor(total / card.stampsNeeded);
        const { receiptId, storeId, occurredAt } = purchase;
        events.push({
          type: 'StampsCollected',
          data: { cardId: card.cardId, receiptId, storeId, stamps, onCard: total % card.stampsNeeded, owed: progress.owed - settled, occurredAt, programRevision: program.revision },
        });
        for (let n = 1; n <= filled; n++) {
          const voucherId = `card:${card.cardId}:${progress.completed + n}`;
          events.push(issueVoucher(card.reward, { voucherId, source: { rule: SOURCE, id: card.cardId }, storeId, occurredAt, receiptId }, program));
        }
      }
      return events;
    },
    return({ goodsBack, receipt, paid, slice, settings, program }) {
      const stamped = slice.receipts.get(goodsBack.receiptId);
      if (!stamped) return [];
      const events: Decided<StampCardsTypes>[] = [];
      for (const card of settings) {
        const given = stamped.get(card.cardId);
        if (!given) continue;
        const back = Math.max(0, given.kept - stampsLeft(card, given.given, receipt, goodsBack, paid));
        if (back === 0) continue;
        const progress = slice.cards.get(card.cardId) ?? NO_PROGRESS;
        let { onCard, owed } = progress;
        const vouchers = [...progress.vouchers];
        const withdrawn: string[] = [];
        let owing = back;
        for (;;) {
          const taken = Math.min(onCard, owing);
          onCard -= taken;
          owing -= taken;
          if (owing === 0) break;
          const last = vouchers[vouchers.length - 1];
          if (last === undefined || slice.used.has(last)) {
            // The card was used already: the next stamps pay for it.
            owed += owing;
            break;
          }
          withdrawn.push(vouchers.pop()!);
          onCard = card.stampsNeeded;
        }
        const { returnId, receiptId, storeId, occurredAt } = goodsBack;
        events.push({ type: 'StampsTakenBack', data: { cardId: card.cardId, receiptId, returnId, storeId, stamps: back, onCard, owed, occurredAt, programRevision: program.revision } });
        for (const voucherId of withdrawn) events.push(voidVoucher(voucherId, { returnId }, storeId, occurredAt, program.revision));
      }
      return events;
    },
  },
};
