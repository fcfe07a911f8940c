import type { RecordReturn } from './customer.commands';
import { decideCustomer } from './customer.decider';
import type { CustomerEvent, ReturnRecorded } from './customer.events';
import { foldCustomer } from './customer.state';
import {
  CustomerNotFound,
  IdAlreadyUsed,
  InsufficientPoints,
  OccurredInFuture,
  ReturnAmountMismatch,
  ReturnBeforePurchase,
  ReturnExceedsReceipt,
  ReturnLineNotOnReceipt,
  ReturnNamesNothing,
  UnknownReceipt,
  UnknownStore,
} from './errors';
import { customerSpec } from './testing/decider-spec';
import { earned, enrolled, program, purchased, redeem, redeemed, returned, returnGoods, reversed, tierChanged } from './testing/fixtures';

const bought = [enrolled(), purchased({ total: 1_000_000 }), earned({ points: 100 })];

describe('return', () => {
  it('a partial return takes back the floored share of the points the receipt earned', () => {
    customerSpec
      .given(bought)
      .when(returnGoods({ amount: 333_333 }))
      .then([returned({ amount: 333_333 }), reversed({ points: 33 })]);
  });

  it('goods may be returned at another store of the chain', () => {
    customerSpec
      .given(bought)
      .when(returnGoods({ storeId: 'mks-1', amount: 500_000 }))
      .then([returned({ storeId: 'mks-1', amount: 500_000 }), reversed({ storeId: 'mks-1', points: 50 })]);
  });

  it('the return records the program revision it used', () => {
    customerSpec
      .given(bought)
      .when(returnGoods({ amount: 500_000, program: program({}, 11) }))
      .then([returned({ amount: 500_000, programRevision: 11 }), reversed({ points: 50 })]);
  });

  it('returning a whole receipt in any number of parts takes back exactly what it earned', () => {
    const given: CustomerEvent[] = [enrolled(), purchased({ total: 999_999 }), earned({ points: 99 })];
    const parts = [1, 333_332, 333_333, 10, 333_323];
    const taken: number[] = [];
    let ledger = given;
    parts.forEach((amount, i) => {
      const command: RecordReturn = returnGoods({ returnId: `ret-${i}`, amount });
      const events = decideCustomer(command, foldCustomer(ledger));
      taken.push(events.filter((e) => e.type === 'PointsReversed').reduce((sum, e) => sum + e.data.points, 0));
      ledger = [...ledger, ...events];
    });
    expect(taken).toEqual([0, 33, 33, 0, 33]);
    const after = foldCustomer(ledger);
    expect(after.points).toBe(0);
    expect(after.lifetimeReversed).toBe(99);
    expect(after.receipts.get('r-1')).toMatchObject({ returned: 999_999 });
    expect(after.rules.earn.reversed.get('r-1')).toBe(99);
  });

  it('a return for a purchase made before enrolling takes no points back', () => {
    customerSpec
      .given([purchased({ occurredAt: '2026-01-01T00:00:00.000Z' }), enrolled(), purchased({ receiptId: 'r-2' }), earned({ points: 100, receiptId: 'r-2' })])
      .when(returnGoods({ amount: 1_000_000 }))
      .then([returned({ amount: 1_000_000 })]);
  });

  it('a return that takes 12-month net spend below a threshold moves the member back down', () => {
    customerSpec
      .given([
        enrolled(),
        purchased({ total: 5_000_000 }),
        earned({ points: 500 }),
        tierChanged({ from: 'Bronze', to: 'Silver', qualifyingSpend: 5_000_000, occurredAt: '2026-06-15T09:00:00.000Z' }),
      ])
      .when(returnGoods({ amount: 1 }))
      .then([
        returned({ amount: 1 }),
        tierChanged({ from: 'Silver', to: 'Bronze', qualifyingSpend: 4_999_999, occurredAt: '2026-06-15T09:30:00.000Z' }),
      ]);
  });

  describe('what is left of the receipt', () => {
    const halfReturned = [...bought, returned({ amount: 600_000 }), reversed({ points: 60 })];

    it('the rest of a receipt can be returned', () => {
      customerSpec
        .given(halfReturned)
        .when(returnGoods({ returnId: 'ret-2', amount: 400_000 }))
        .then([returned({ returnId: 'ret-2', amount: 400_000 }), reversed({ returnId: 'ret-2', points: 40 })]);
    });

    it('a return cannot exceed what is left of the receipt', () => {
      customerSpec
        .given(halfReturned)
        .when(returnGoods({ returnId: 'ret-2', amount: 400_001 }))
        .thenThrows(ReturnExceedsReceipt, { field: 'amount' });
    });

    it('a return cannot exceed the receipt total', () => {
      customerSpec.given(bought).when(returnGoods({ amount: 1_000_001 })).thenThrows(ReturnExceedsReceipt, { field: 'amount' });
    });
  });

  describe('a balance below zero', () => {
    const spent = [...bought, redeemed({ points: 100 })];

    it('if the points were already spent, the return takes them back and the balance goes below zero: a debt no lot holds', () => {
      customerSpec
        .given(spent)
        .when(returnGoods({ amount: 1_000_000 }))
        .then([returned({ amount: 1_000_000 }), reversed({ points: 100, lots: [] })]);
      const after = foldCustomer([...spent, returned({ amount: 1_000_000 }), reversed({ points: 100, lots: [] })]);
      expect([after.points, after.debt]).toEqual([-100, 100]);
    });

    it('no redemption is possible while the balance is below zero', () => {
      customerSpec
        .given([...spent, returned({ amount: 1_000_000 }), reversed({ points: 100, lots: [] })])
        .when(redeem({ redemptionId: 'red-2' }))
        .thenThrows(InsufficientPoints, { field: 'points' });
    });
  });

  describe('refused', () => {
    it('a receipt that is not one of this customer is refused', () => {
      customerSpec.given(bought).when(returnGoods({ receiptId: 'r-other' })).thenThrows(UnknownReceipt, { field: 'receiptId' });
    });

    it('a customer with no ledger is not found', () => {
      customerSpec.given([]).when(returnGoods()).thenThrows(CustomerNotFound, { field: 'customerId' });
    });

    it('a store that is not in the program is refused', () => {
      customerSpec.given(bought).when(returnGoods({ storeId: 'sby-9' })).thenThrows(UnknownStore, { field: 'storeId' });
    });

    it('a return dated before the purchase is refused', () => {
      customerSpec
        .given(bought)
        .when(returnGoods({ occurredAt: '2026-06-15T08:59:59.000Z' }))
        .thenThrows(ReturnBeforePurchase, { field: 'occurredAt' });
    });

    it('a return dated in the future is refused', () => {
      customerSpec
        .given(bought)
        .when(returnGoods({ occurredAt: '2026-06-16T00:00:00.000Z' }))
        .thenThrows(OccurredInFuture, { field: 'occurredAt' });
    });
  });

  describe('the same return posted again', () => {
    const recorded = [...bought, returned(), reversed({ points: 10 })];

    it('with the same details decides nothing', () => {
      customerSpec.given(recorded).when(returnGoods()).thenNothing();
    });

    it.each([
      ['another amount', { amount: 100_001 }],
      ['another receipt', { receiptId: 'r-2' }],
      ['another store', { storeId: 'mks-1' }],
      ['another time', { occurredAt: '2026-06-15T09:31:00.000Z' }],
    ])('with %s is refused: the return id is already used', (_what, change) => {
      customerSpec.given(recorded).when(returnGoods(change)).thenThrows(IdAlreadyUsed, { field: 'returnId' });
    });
  });

  describe('by lines: the goods that came back', () => {
    // Two shirts at 150,000 (20,000 off the line), a cap at 100,000, a pair of shoes at 400,000;
    // a 50,000 basket discount and a 38,000 service charge: 768,000 paid, 76 points.
    const lines = [
      { sku: 'shirt', category: 'apparel', quantity: 2, unitPrice: 150_000, discount: 20_000 },
      { sku: 'cap', category: 'apparel', quantity: 1, unitPrice: 100_000 },
      { sku: 'shoes', category: 'shoes', quantity: 1, unitPrice: 400_000 },
    ];
    const receipt = purchased({ lines, total: 768_000, discounts: [{ amount: 50_000 }], charges: [{ kind: 'serviceCharge', amount: 38_000 }] });
    const shop = [enrolled(), receipt, earned({ points: 76 })];
    const back = (asked: Array<{ sku: string; quantity: number }>, data: Partial<RecordReturn['data']> = {}) => returnGoods({ amount: undefined, lines: asked, ...data });

    it('refunds what the goods were paid: their line less its discount, their share of the basket discount, of the service charge', () => {
      // The rest: 640,000 of the 780,000 of goods, less its share of the discount (41,025), plus its share of the
      // charge (31,179 of 38,000, as 598,975 is of the 730,000 paid for goods) costs 630,154 of the 768,000 paid.
      customerSpec
        .given(shop)
        .when(back([{ sku: 'shirt', quantity: 1 }]))
        .then([returned({ amount: 137_846, lines: [{ line: 0, sku: 'shirt', quantity: 1 }] }), reversed({ points: 13 })]);
    });

    it('the goods of a receipt returned in parts, by lines, refund exactly what was paid for it', () => {
      const parts = [[{ sku: 'shirt', quantity: 1 }], [{ sku: 'cap', quantity: 1 }, { sku: 'shirt', quantity: 1 }], [{ sku: 'shoes', quantity: 1 }]];
      let ledger: CustomerEvent[] = shop;
      const refunds = parts.map((asked, i) => {
        const events = decideCustomer(back(asked, { returnId: `ret-${i}` }), foldCustomer(ledger));
        ledger = [...ledger, ...events];
        return (events[0] as ReturnRecorded).data.amount;
      });
      expect(refunds).toEqual([137_846, 236_308, 393_846]);
      expect(refunds.reduce((sum, amount) => sum + amount, 0)).toBe(768_000);
      const after = foldCustomer(ledger);
      expect([after.points, after.receipts.get('r-1')?.returned, after.receipts.get('r-1')?.returnedUnits]).toEqual([0, 768_000, [2, 1, 1]]);
    });

    it('an amount given with the lines must be what they refund', () => {
      customerSpec
        .given(shop)
        .when(back([{ sku: 'shirt', quantity: 1 }], { amount: 137_846 }))
        .then([returned({ amount: 137_846, lines: [{ line: 0, sku: 'shirt', quantity: 1 }] }), reversed({ points: 13 })]);
      customerSpec
        .given(shop)
        .when(back([{ sku: 'shirt', quantity: 1 }], { amount: 140_000 }))
        .thenThrows(ReturnAmountMismatch, { field: 'amount', message: 'amount: 140000 is not what the returned lines were paid (137846); send the lines alone, or this amount' });
    });

    it('a sku sold on two lines comes back from the first line first, then the next', () => {
      const twice = [enrolled(), purchased({ total: 50_000, lines: [{ sku: 'kopi', quantity: 1, unitPrice: 20_000 }, { sku: 'roti', quantity: 1, unitPrice: 10_000 }, { sku: 'kopi', quantity: 1, unitPrice: 20_000 }] }), earned({ points: 5 })];
      customerSpec
        .given(twice)
        .when(back([{ sku: 'kopi', quantity: 2 }]))
        .then([returned({ amount: 40_000, lines: [{ line: 0, sku: 'kopi', quantity: 1 }, { line: 2, sku: 'kopi', quantity: 1 }] }), reversed({ points: 4 })]);
    });

    it.each([
      ['a sku the receipt did not sell', [{ sku: 'shirt', quantity: 1 }, { sku: 'belt', quantity: 1 }], 'lines[1]: receipt r-1 has no line of sku belt'],
      ['more than was bought', [{ sku: 'shirt', quantity: 3 }], 'lines[0]: 3 of sku shirt asked back, 2 left to return on receipt r-1 (2 sold, 0 returned before)'],
      ['more than was bought, over two lines of the request', [{ sku: 'shirt', quantity: 1 }, { sku: 'cap', quantity: 1 }, { sku: 'shirt', quantity: 2 }], 'lines[2]: 2 of sku shirt asked back, 1 left to return on receipt r-1 (2 sold, 1 returned before)'],
      ['no unit', [{ sku: 'shirt', quantity: 0 }], 'lines[0]: quantity must be a whole number of units, at least 1'],
    ])('%s is refused, naming the line, and nothing is recorded', (_what, asked, message) => {
      const field = message.slice(0, message.indexOf(':'));
      customerSpec.given(shop).when(back(asked)).thenThrows(ReturnLineNotOnReceipt, { field, message });
    });

    it('counts what earlier returns of the receipt took back: a shirt returned before leaves one to return', () => {
      const earlier = [returned({ amount: 137_846, lines: [{ line: 0, sku: 'shirt', quantity: 1 }] }), reversed({ points: 13 })];
      customerSpec
        .given([...shop, ...earlier])
        .when(back([{ sku: 'shirt', quantity: 2 }], { returnId: 'ret-2' }))
        .thenThrows(ReturnLineNotOnReceipt, { field: 'lines[0]', message: 'lines[0]: 2 of sku shirt asked back, 1 left to return on receipt r-1 (2 sold, 1 returned before)' });
    });

    it('a return names an amount or its lines', () => {
      customerSpec.given(shop).when(returnGoods({ amount: undefined })).thenThrows(ReturnNamesNothing, { field: 'amount' });
    });

    it('posted again with the same goods decides nothing, with the amount or without; with other goods it is refused', () => {
      const recorded = [...shop, returned({ amount: 137_846, lines: [{ line: 0, sku: 'shirt', quantity: 1 }] }), reversed({ points: 13 })];
      customerSpec.given(recorded).when(back([{ sku: 'shirt', quantity: 1 }])).thenNothing();
      customerSpec.given(recorded).when(back([{ sku: 'shirt', quantity: 1 }], { amount: 137_846 })).thenNothing();
      customerSpec.given(recorded).when(back([{ sku: 'cap', quantity: 1 }])).thenThrows(IdAlreadyUsed, { field: 'returnId' });
      customerSpec.given(recorded).when(returnGoods({ amount: 137_846 })).thenThrows(IdAlreadyUsed, { field: 'returnId' });
    });
  });
});
