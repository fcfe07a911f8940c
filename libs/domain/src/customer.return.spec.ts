import type { RecordReturn } from './customer.commands';
import { decideCustomer } from './customer.decider';
import type { CustomerEvent } from './customer.events';
import { foldCustomer } from './customer.state';
import {
  CustomerNotFound,
  IdAlreadyUsed,
  InsufficientPoints,
  OccurredInFuture,
  ReturnBeforePurchase,
  ReturnExceedsReceipt,
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
});
