import type { PurchaseLine } from '../customer.events';
import { customerSpec } from '../testing/decider-spec';
import { earned, enrolled, program, purchase, purchased, returned, returnGoods, reversed, sampleProgram } from '../testing/fixtures';
import type { Gift } from './gifts';
import { validateProgram } from './registry';
import type { VoucherIssued, VoucherVoided } from './vouchers';

const BAG: Gift = { giftId: 'BAG', minSpend: 350_000, per: 'day', reward: { voucher: { kind: 'freeItem', sku: 'tote-bag' }, validDays: 0 } };
const STORES = [
  { storeId: 'jkt-1', timeZone: 'Asia/Jakarta' },
  { storeId: 'jap-1', timeZone: 'Asia/Jayapura' },
];
const withGift = (gift: Gift = BAG) => program({ stores: STORES, gifts: [gift] });

/** 14:30 UTC: 21:30 in Jakarta, 23:30 in Jayapura, on 15 June; an hour later it is 16 June in Jayapura. */
const AT_2330_JAYAPURA = '2026-06-15T14:30:00.000Z';
const HOUR_LATER = '2026-06-15T15:30:00.000Z';
const lines = (total: number): PurchaseLine[] => [{ sku: 'batik', category: 'clothing', quantity: 1, unitPrice: total }];

function bought(receiptId: string, storeId: string, total: number, occurredAt: string) {
  return {
    command: purchase({ receiptId, storeId, total, lines: lines(total), occurredAt, now: '2026-06-15T16:00:00.000Z', program: withGift() }),
    recorded: [purchased({ receiptId, storeId, total, lines: lines(total), occurredAt }), earned({ points: total / 10_000, receiptId, storeId, occurredAt })],
  };
}

const bag = (data: Partial<VoucherIssued['data']> & Pick<VoucherIssued['data'], 'voucherId' | 'validUntil'>): VoucherIssued => ({
  type: 'VoucherIssued',
  data: { benefit: { kind: 'freeItem', sku: 'tote-bag' }, source: { rule: 'gifts', id: 'BAG' }, receiptId: 'r-2', storeId: 'jkt-1', occurredAt: HOUR_LATER, programRevision: 3, ...data },
});

describe('daily gifts', () => {
  it('23:30 in Jayapura and an hour later are two local days there, but one in Jakarta: the gift is given in Jakarta only', () => {
    const jakartaFirst = bought('r-1', 'jkt-1', 200_000, AT_2330_JAYAPURA);
    const jakartaSecond = bought('r-2', 'jkt-1', 200_000, HOUR_LATER);
    customerSpec
      .given([enrolled(), ...jakartaFirst.recorded])
      .when(jakartaSecond.command)
      .then([...jakartaSecond.recorded, bag({ voucherId: 'gift:BAG:2026-06-15:1', validUntil: '2026-06-15T17:00:00.000Z' })]);
    const jayapuraFirst = bought('r-1', 'jap-1', 200_000, AT_2330_JAYAPURA);
    const jayapuraSecond = bought('r-2', 'jap-1', 200_000, HOUR_LATER);
    customerSpec.given([enrolled(), ...jayapuraFirst.recorded]).when(jayapuraSecond.command).then(jayapuraSecond.recorded);
  });

  it('is given once a day: a third purchase the same day gives nothing more', () => {
    const third = bought('r-3', 'jkt-1', 100_000, HOUR_LATER);
    customerSpec
      .given([enrolled(), ...bought('r-1', 'jkt-1', 200_000, AT_2330_JAYAPURA).recorded, ...bought('r-2', 'jkt-1', 200_000, HOUR_LATER).recorded, bag({ voucherId: 'gift:BAG:2026-06-15:1', validUntil: '2026-06-15T17:00:00.000Z' })])
      .when(third.command)
      .then(third.recorded);
  });

  it('counts only the receipts of its stores, when it names some', () => {
    const onlyJayapura = program({ stores: STORES, gifts: [{ ...BAG, stores: ['jap-1'] }] });
    const second = bought('r-2', 'jkt-1', 400_000, HOUR_LATER);
    customerSpec.given([enrolled()]).when({ ...second.command, data: { ...second.command.data, program: onlyJayapura } }).then(second.recorded);
  });

  const given = [
    enrolled(),
    ...bought('r-1', 'jkt-1', 200_000, AT_2330_JAYAPURA).recorded,
    ...bought('r-2', 'jkt-1', 200_000, HOUR_LATER).recorded,
    bag({ voucherId: 'gift:BAG:2026-06-15:1', validUntil: '2026-06-15T17:00:00.000Z' }),
  ];
  const back = (amount: number) =>
    returnGoods({ receiptId: 'r-1', amount, occurredAt: '2026-06-15T15:45:00.000Z', now: '2026-06-15T16:00:00.000Z', program: withGift() });
  const withdrawn: VoucherVoided = { type: 'VoucherVoided', data: { voucherId: 'gift:BAG:2026-06-15:1', reason: 'return', returnId: 'ret-1', storeId: 'jkt-1', occurredAt: '2026-06-15T15:45:00.000Z', programRevision: 3 } };

  it('a return that brings the day under minSpend withdraws the unused gift; one that leaves it above keeps it', () => {
    customerSpec
      .given(given)
      .when(back(100_000))
      .then([returned({ amount: 100_000, occurredAt: '2026-06-15T15:45:00.000Z' }), reversed({ points: 10, occurredAt: '2026-06-15T15:45:00.000Z' }), withdrawn]);
    customerSpec
      .given(given)
      .when(back(50_000))
      .then([returned({ amount: 50_000, occurredAt: '2026-06-15T15:45:00.000Z' }), reversed({ points: 5, occurredAt: '2026-06-15T15:45:00.000Z' })]);
  });

  it('a return by lines withdraws the gift by what its goods refund: the batik back brings the day under minSpend', () => {
    const at = { occurredAt: '2026-06-15T15:45:00.000Z' };
    customerSpec
      .given(given)
      .when(returnGoods({ receiptId: 'r-1', amount: undefined, lines: [{ sku: 'batik', quantity: 1 }], ...at, now: '2026-06-15T16:00:00.000Z', program: withGift() }))
      .then([returned({ amount: 200_000, lines: [{ line: 0, sku: 'batik', quantity: 1 }], ...at }), reversed({ points: 20, ...at }), withdrawn]);
  });

  it('a used gift stays used after the return', () => {
    const used = { type: 'VoucherUsed' as const, data: { voucherId: 'gift:BAG:2026-06-15:1', storeId: 'jkt-1', receiptId: 'r-2', occurredAt: '2026-06-15T15:40:00.000Z', programRevision: 3 } };
    customerSpec
      .given([...given, used])
      .when(back(100_000))
      .then([returned({ amount: 100_000, occurredAt: '2026-06-15T15:45:00.000Z' }), reversed({ points: 10, occurredAt: '2026-06-15T15:45:00.000Z' })]);
  });

  it('a purchase reaching minSpend again the same day gives the gift again, as a new voucher', () => {
    const again = bought('r-3', 'jkt-1', 100_000, '2026-06-15T15:50:00.000Z');
    customerSpec
      .given([...given, returned({ amount: 100_000, occurredAt: '2026-06-15T15:45:00.000Z' }), reversed({ points: 10, occurredAt: '2026-06-15T15:45:00.000Z' }), withdrawn])
      .when(again.command)
      .then([...again.recorded, bag({ voucherId: 'gift:BAG:2026-06-15:2', receiptId: 'r-3', occurredAt: '2026-06-15T15:50:00.000Z', validUntil: '2026-06-15T17:00:00.000Z' })]);
  });

  it('refuses gifts that make no sense, naming the field', () => {
    const refused = (gift: unknown, field: string) =>
      expect(() => validateProgram(sampleProgram({ stores: STORES, gifts: [gift as Gift] }))).toThrow(expect.objectContaining({ field }));
    expect(() => validateProgram(sampleProgram({ stores: STORES, gifts: [BAG] }))).not.toThrow();
    refused({ ...BAG, minSpend: 0 }, 'gifts[0].minSpend');
    refused({ ...BAG, stores: ['jkt-1', 'sby-1'] }, 'gifts[0].stores[1]');
    refused({ ...BAG, reward: { voucher: { kind: 'amountOff' }, validDays: 1 } }, 'gifts[0].reward.voucher.amount');
  });
});
