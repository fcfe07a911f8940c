import type { PurchaseLine } from '../customer.events';
import { InvalidProgram } from '../errors';
import { customerSpec } from '../testing/decider-spec';
import { earned, enrolled, KOPI_CARD as KOPI, program, purchase, purchased, returned, returnGoods, reversed, sampleProgram, WASH_CARD as WASH } from '../testing/fixtures';
import { validateProgram } from './registry';
import type { StampCard, StampsCollected, StampsTakenBack } from './stamp-cards';
import type { VoucherIssued, VoucherVoided } from './vouchers';

const CONE: StampCard = {
  cardId: 'CONE',
  name: 'Every 10th cone free',
  counts: { category: 'ice-cream', per: 'receipt' },
  stampsNeeded: 10,
  reward: { voucher: { kind: 'freeItem', category: 'ice-cream' }, validDays: 14 },
};
const PAIRS: StampCard = {
  cardId: 'PAIRS',
  name: 'Every five pairs, 20% off',
  counts: { category: 'shoes', per: 'item' },
  stampsNeeded: 5,
  reward: { voucher: { kind: 'percentOff', percent: 20 }, validDays: 30 },
};

const withCards = (...cards: StampCard[]) => program({ stampCards: cards });
const AT = '2026-06-15T09:00:00.000Z';
/** 30 local days after 15 June in Jakarta: to the end of 15 July, 17:00 UTC. */
const IN_30_DAYS = '2026-07-15T17:00:00.000Z';

const line = (sku: string, category: string, quantity: number, unitPrice: number): PurchaseLine => ({ sku, category, quantity, unitPrice });
const totalOf = (lines: PurchaseLine[]) => lines.reduce((sum, { quantity, unitPrice }) => sum + quantity * unitPrice, 0);

/** A purchase of these lines, the event it records and its points (one per Rp 10,000, Bronze). */
function buying(receiptId: string, lines: PurchaseLine[], occurredAt = AT) {
  const total = totalOf(lines);
  return {
    command: (cards: StampCard[]) => purchase({ receiptId, lines, total, occurredAt, program: withCards(...cards) }),
    recorded: [purchased({ receiptId, lines, total, occurredAt }), ...(total >= 10_000 ? [earned({ points: Math.floor(total / 10_000), receiptId, occurredAt })] : [])],
  };
}

const collected = (data: Partial<StampsCollected['data']> & Pick<StampsCollected['data'], 'cardId' | 'stamps' | 'onCard'>): StampsCollected => ({
  type: 'StampsCollected',
  data: { receiptId: 'r-1', storeId: 'jkt-1', owed: 0, occurredAt: AT, programRevision: 3, ...data },
});
const takenBack = (data: Partial<StampsTakenBack['data']> & Pick<StampsTakenBack['data'], 'cardId' | 'stamps' | 'onCard' | 'owed'>): StampsTakenBack => ({
  type: 'StampsTakenBack',
  data: { receiptId: 'r-1', returnId: 'ret-1', storeId: 'jkt-1', occurredAt: '2026-06-15T09:30:00.000Z', programRevision: 3, ...data },
});
const issued = (card: StampCard, n: number, data: Partial<VoucherIssued['data']> = {}): VoucherIssued => ({
  type: 'VoucherIssued',
  data: {
    voucherId: `card:${card.cardId}:${n}`,
    benefit: card.reward.voucher,
    validUntil: IN_30_DAYS,
    source: { rule: 'stampCards', id: card.cardId },
    receiptId: 'r-1',
    storeId: 'jkt-1',
    occurredAt: AT,
    programRevision: 3,
    ...data,
  },
});
const withdrawn = (voucherId: string): VoucherVoided => ({
  type: 'VoucherVoided',
  data: { voucherId, reason: 'return', returnId: 'ret-1', storeId: 'jkt-1', occurredAt: '2026-06-15T09:30:00.000Z', programRevision: 3 },
});

describe('stamp cards', () => {
  it('buy 10 get 1 free: coffees stamp the card item by item across receipts; the tenth issues the free coffee and a new card starts', () => {
    const first = buying('r-1', [line('kopi-susu', 'drinks', 4, 25_000), line('roti', 'bakery', 2, 15_000)]);
    customerSpec.given([enrolled()]).when(first.command([KOPI])).then([...first.recorded, collected({ cardId: 'KOPI-10', stamps: 4, onCard: 4 })]);
    const second = buying('r-2', [line('kopi-susu', 'drinks', 7, 25_000)]);
    customerSpec
      .given([enrolled(), ...first.recorded, collected({ cardId: 'KOPI-10', stamps: 4, onCard: 4 })])
      .when(second.command([KOPI]))
      .then([...second.recorded, collected({ cardId: 'KOPI-10', receiptId: 'r-2', stamps: 7, onCard: 1 }), issued(KOPI, 1, { receiptId: 'r-2' })]);
  });

  it('every 10th cone: a receipt with ice cream gives one stamp however many cones, one without gives none; the tenth receipt issues a free cone', () => {
    const nine = Array.from({ length: 9 }, (_, i) => [
      ...buying(`c-${i + 1}`, [line('cone', 'ice-cream', 2, 12_000)]).recorded,
      collected({ cardId: 'CONE', receiptId: `c-${i + 1}`, stamps: 1, onCard: i + 1 }),
    ]).flat();
    const withoutCones = buying('r-0', [line('kopi-susu', 'drinks', 1, 25_000)]);
    customerSpec.given([enrolled(), ...nine]).when(withoutCones.command([CONE])).then(withoutCones.recorded);
    const tenth = buying('c-10', [line('cone', 'ice-cream', 1, 12_000)]);
    customerSpec
      .given([enrolled(), ...nine])
      .when(tenth.command([CONE]))
      .then([...tenth.recorded, collected({ cardId: 'CONE', receiptId: 'c-10', stamps: 1, onCard: 0 }), issued(CONE, 1, { receiptId: 'c-10', validUntil: '2026-06-29T17:00:00.000Z' })]);
  });

  it('6 washes then a free one: a wash under the minimum gives no stamp; the sixth paid wash issues the free one', () => {
    const cheap = buying('w-0', [line('car-wash', 'services', 1, 40_000)]);
    customerSpec.given([enrolled()]).when(cheap.command([WASH])).then(cheap.recorded);
    const five = Array.from({ length: 5 }, (_, i) => collected({ cardId: 'WASH', receiptId: `w-${i + 1}`, stamps: 1, onCard: i + 1 }));
    const sixth = buying('w-6', [line('car-wash', 'services', 1, 60_000)]);
    customerSpec
      .given([enrolled(), ...five])
      .when(sixth.command([WASH]))
      .then([...sixth.recorded, collected({ cardId: 'WASH', receiptId: 'w-6', stamps: 1, onCard: 0 }), issued(WASH, 1, { receiptId: 'w-6', validUntil: '2026-08-14T17:00:00.000Z' })]);
  });

  it('every 5 pairs: seven pairs at once fill one card (20% off) and leave two stamps; two cards count side by side', () => {
    const shoes = buying('s-1', [line('sneaker', 'shoes', 3, 500_000), line('sandal', 'shoes', 4, 200_000), line('kopi-susu', 'drinks', 2, 25_000)]);
    customerSpec
      .given([enrolled()])
      .when(shoes.command([PAIRS, KOPI]))
      .then([
        ...shoes.recorded,
        collected({ cardId: 'PAIRS', receiptId: 's-1', stamps: 7, onCard: 2 }),
        issued(PAIRS, 1, { receiptId: 's-1' }),
        collected({ cardId: 'KOPI-10', receiptId: 's-1', stamps: 2, onCard: 2 }),
      ]);
  });

  it('a buyer who is not a member collects no stamps', () => {
    const coffees = buying('r-1', [line('kopi-susu', 'drinks', 12, 25_000)]);
    customerSpec.given([]).when(coffees.command([KOPI])).then([coffees.recorded[0]]);
  });

  const tenCoffees = buying('r-1', [line('kopi-susu', 'drinks', 10, 20_000)]);
  const fullCard = [enrolled(), ...tenCoffees.recorded, collected({ cardId: 'KOPI-10', stamps: 10, onCard: 0 }), issued(KOPI, 1)];

  it('a return that undoes a completed card before its voucher was used withdraws the voucher, and the card keeps the stamps left', () => {
    customerSpec
      .given(fullCard)
      .when(returnGoods({ amount: 100_000, program: withCards(KOPI) }))
      .then([returned({ amount: 100_000 }), reversed({ points: 10 }), takenBack({ cardId: 'KOPI-10', stamps: 5, onCard: 5, owed: 0 }), withdrawn('card:KOPI-10:1')]);
  });

  it('a return that undoes a completed card after its voucher was used owes the stamps: the next purchase pays them first', () => {
    const used = { type: 'VoucherUsed' as const, data: { voucherId: 'card:KOPI-10:1', storeId: 'jkt-1', receiptId: 'r-9', occurredAt: '2026-06-15T09:10:00.000Z', programRevision: 3 } };
    customerSpec
      .given([...fullCard, used])
      .when(returnGoods({ amount: 60_000, program: withCards(KOPI) }))
      .then([returned({ amount: 60_000 }), reversed({ points: 6 }), takenBack({ cardId: 'KOPI-10', stamps: 3, onCard: 0, owed: 3 })]);
    const next = buying('r-2', [line('kopi-susu', 'drinks', 5, 20_000)], '2026-06-15T10:00:00.000Z');
    customerSpec
      .given([...fullCard, used, returned({ amount: 60_000 }), reversed({ points: 6 }), takenBack({ cardId: 'KOPI-10', stamps: 3, onCard: 0, owed: 3 })])
      .when({ ...next.command([KOPI]), data: { ...next.command([KOPI]).data, now: '2026-06-15T10:00:00.000Z' } })
      .then([...next.recorded, collected({ cardId: 'KOPI-10', receiptId: 'r-2', stamps: 5, onCard: 2, owed: 0, occurredAt: '2026-06-15T10:00:00.000Z' })]);
  });

  it('a receipt returned in parts gives back exactly the stamps it gave; a stamp per receipt goes when what is left is under the minimum', () => {
    const afterFirst = [...fullCard, returned({ amount: 30_000 }), reversed({ points: 3 }), takenBack({ cardId: 'KOPI-10', stamps: 2, onCard: 8, owed: 0 }), withdrawn('card:KOPI-10:1')];
    customerSpec
      .given(afterFirst)
      .when(returnGoods({ returnId: 'ret-2', amount: 170_000, program: withCards(KOPI) }))
      .then([
        returned({ returnId: 'ret-2', amount: 170_000 }),
        reversed({ returnId: 'ret-2', points: 17 }),
        takenBack({ cardId: 'KOPI-10', returnId: 'ret-2', stamps: 8, onCard: 0, owed: 0 }),
      ]);
    const wash = buying('r-1', [line('car-wash', 'services', 1, 60_000), line('wax', 'services', 1, 20_000)]);
    const washed = [enrolled(), ...wash.recorded, collected({ cardId: 'WASH', stamps: 1, onCard: 1 })];
    customerSpec.given(washed).when(returnGoods({ amount: 20_000, program: withCards(WASH) })).then([returned({ amount: 20_000 }), reversed({ points: 2 })]);
    customerSpec
      .given(washed)
      .when(returnGoods({ amount: 40_000, program: withCards(WASH) }))
      .then([returned({ amount: 40_000 }), reversed({ points: 4 }), takenBack({ cardId: 'WASH', stamps: 1, onCard: 0, owed: 0 })]);
  });

  describe('a return by lines takes back the stamps of the items that came back', () => {
    // Eight coffees on the card, then a receipt of three items (two coffees, a pastry) fills it.
    const eight = buying('r-1', [line('kopi-susu', 'drinks', 8, 20_000)]);
    const three = buying('r-2', [line('kopi-susu', 'drinks', 2, 20_000), line('roti', 'bakery', 1, 60_000)]);
    const filled = [
      enrolled(),
      ...eight.recorded,
      collected({ cardId: 'KOPI-10', stamps: 8, onCard: 8 }),
      ...three.recorded,
      collected({ cardId: 'KOPI-10', receiptId: 'r-2', stamps: 2, onCard: 0 }),
      issued(KOPI, 1, { receiptId: 'r-2' }),
    ];
    const twoCoffeesBack = returnGoods({ receiptId: 'r-2', amount: undefined, lines: [{ sku: 'kopi-susu', quantity: 2 }], program: withCards(KOPI) });
    const back = { receiptId: 'r-2', amount: 40_000, lines: [{ line: 0, sku: 'kopi-susu', quantity: 2 }] };

    it('buy 10 get 1 free: two coffees of a three-item receipt come back after the card completed, its voucher unused: the voucher is voided and the card keeps 8', () => {
      customerSpec
        .given(filled)
        .when(twoCoffeesBack)
        .then([
          returned(back),
          // 10 points on 100,000; the 40,000 refunded takes back 4.
          reversed({ receiptId: 'r-2', points: 4, lots: [{ lotId: 2, points: 4 }] }),
          takenBack({ cardId: 'KOPI-10', receiptId: 'r-2', stamps: 2, onCard: 8, owed: 0 }),
          withdrawn('card:KOPI-10:1'),
        ]);
    });

    it('buy 10 get 1 free: the same return after the free coffee was had owes the two stamps, and the next coffees pay them first', () => {
      const used = { type: 'VoucherUsed' as const, data: { voucherId: 'card:KOPI-10:1', storeId: 'jkt-1', receiptId: 'r-9', occurredAt: '2026-06-15T09:10:00.000Z', programRevision: 3 } };
      const undone = [
        returned(back),
        reversed({ receiptId: 'r-2', points: 4, lots: [{ lotId: 2, points: 4 }] }),
        takenBack({ cardId: 'KOPI-10', receiptId: 'r-2', stamps: 2, onCard: 0, owed: 2 }),
      ];
      customerSpec.given([...filled, used]).when(twoCoffeesBack).then(undone);
      const next = buying('r-3', [line('kopi-susu', 'drinks', 3, 20_000)], '2026-06-15T10:00:00.000Z');
      customerSpec
        .given([...filled, used, ...undone])
        .when({ ...next.command([KOPI]), data: { ...next.command([KOPI]).data, now: '2026-06-15T10:00:00.000Z' } })
        .then([...next.recorded, collected({ cardId: 'KOPI-10', receiptId: 'r-3', stamps: 3, onCard: 1, owed: 0, occurredAt: '2026-06-15T10:00:00.000Z' })]);
    });

    it('the pastry coming back takes no coffee stamp, though it was most of the receipt', () => {
      customerSpec
        .given(filled)
        .when(returnGoods({ receiptId: 'r-2', amount: undefined, lines: [{ sku: 'roti', quantity: 1 }], program: withCards(KOPI) }))
        .then([returned({ receiptId: 'r-2', amount: 60_000, lines: [{ line: 1, sku: 'roti', quantity: 1 }] }), reversed({ receiptId: 'r-2', points: 6, lots: [{ lotId: 2, points: 6 }] })]);
    });

    it('a stamp per receipt stays while the goods kept still qualify, and goes with the last of them', () => {
      const wash = buying('r-1', [line('car-wash', 'services', 2, 60_000), line('wax', 'services', 1, 20_000)]);
      const washed = [enrolled(), ...wash.recorded, collected({ cardId: 'WASH', stamps: 1, onCard: 1 })];
      const oneWash = [returned({ amount: 60_000, lines: [{ line: 0, sku: 'car-wash', quantity: 1 }] }), reversed({ points: 6 })];
      customerSpec
        .given(washed)
        .when(returnGoods({ amount: undefined, lines: [{ sku: 'car-wash', quantity: 1 }], program: withCards(WASH) }))
        .then(oneWash);
      customerSpec
        .given([...washed, ...oneWash])
        .when(returnGoods({ returnId: 'ret-2', amount: 60_000, lines: [{ sku: 'car-wash', quantity: 1 }], program: withCards(WASH) }))
        .then([
          returned({ returnId: 'ret-2', amount: 60_000, lines: [{ line: 0, sku: 'car-wash', quantity: 1 }] }),
          reversed({ returnId: 'ret-2', points: 6 }),
          takenBack({ cardId: 'WASH', returnId: 'ret-2', stamps: 1, onCard: 0, owed: 0 }),
        ]);
    });
  });

  it('refuses cards that make no sense, naming the field', () => {
    const refused = (card: unknown, field: string) => {
      expect(() => validateProgram(sampleProgram({ stampCards: [card as StampCard] }))).toThrow(InvalidProgram);
      expect(() => validateProgram(sampleProgram({ stampCards: [card as StampCard] }))).toThrow(expect.objectContaining({ field }));
    };
    expect(() => validateProgram(sampleProgram({ stampCards: [KOPI, CONE, WASH, PAIRS] }))).not.toThrow();
    refused({ ...KOPI, stampsNeeded: 0 }, 'stampCards[0].stampsNeeded');
    refused({ ...KOPI, counts: { sku: 'a', category: 'b', per: 'item' } }, 'stampCards[0].counts.category');
    refused({ ...KOPI, reward: { voucher: { kind: 'freeItem', sku: 'a', amount: 5 }, validDays: 3 } }, 'stampCards[0].reward.voucher.amount');
    refused({ ...KOPI, reward: { voucher: { kind: 'freeItem' }, validDays: 3 } }, 'stampCards[0].reward.voucher.sku');
    refused({ ...KOPI, reward: { voucher: { kind: 'percentOff', percent: 120 }, validDays: 3 } }, 'stampCards[0].reward.voucher.percent');
    expect(() => validateProgram(sampleProgram({ stampCards: [KOPI, KOPI] }))).toThrow(expect.objectContaining({ field: 'stampCards[1].cardId' }));
  });
});
