import { foldCustomer, initialCustomerState, stageOf } from './customer.state';
import { earned, enrolled, memberWith, purchased, redeemed, returned, reversed, tierChanged } from './testing/fixtures';

describe('buyer → customer → member', () => {
  it('one purchase makes a buyer', () => {
    expect(stageOf(foldCustomer([purchased()]))).toBe('buyer');
  });

  it('a second purchase makes a (repeat) customer', () => {
    expect(stageOf(foldCustomer([purchased(), purchased({ receiptId: 'r-2' })]))).toBe('customer');
  });

  it('enrolment makes a member, and the purchases made before stay counted', () => {
    const state = foldCustomer([purchased({ occurredAt: '2026-01-01T00:00:00.000Z' }), purchased({ receiptId: 'r-2' }), enrolled()]);
    expect(stageOf(state)).toBe('member');
    expect(state).toMatchObject({ purchaseCount: 2, totalSpend: 2_000_000, points: 0, tier: 'Bronze' });
  });

  it('a member who never bought is a member', () => {
    expect(stageOf(foldCustomer([enrolled()]))).toBe('member');
  });

  it('before any event a customer is not known', () => {
    expect(initialCustomerState()).toMatchObject({ known: false, member: null, points: 0, purchaseCount: 0 });
  });
});

describe('the ledger folded into a balance', () => {
  it('points earned, redeemed and reversed add up to the balance', () => {
    const state = foldCustomer([
      ...memberWith(300),
      redeemed({ points: 100 }),
      purchased({ total: 500_000 }),
      earned({ points: 50 }),
      returned({ amount: 250_000 }),
      reversed({ points: 25 }),
      tierChanged({ from: 'Bronze', to: 'Silver', qualifyingSpend: 5_000_000, occurredAt: '2026-06-15T09:40:00.000Z' }),
    ]);
    expect(state).toMatchObject({
      points: 225,
      lifetimeEarned: 350,
      lifetimeRedeemed: 100,
      lifetimeReversed: 25,
      purchaseCount: 2,
      totalSpend: 3_250_000,
      tier: 'Silver',
      tierSince: '2026-06-15T09:40:00.000Z',
    });
    expect(state.receipts.get('r-1')).toMatchObject({ total: 500_000, returned: 250_000 });
    expect([state.rules.earn.earned.get('r-1'), state.rules.earn.reversed.get('r-1')]).toEqual([50, 25]);
  });

  it('first and last purchase follow the receipt dates, not the order they were posted in', () => {
    const state = foldCustomer([
      purchased({ receiptId: 'r-2', occurredAt: '2026-03-01T00:00:00.000Z' }),
      purchased({ receiptId: 'r-1', occurredAt: '2026-02-01T00:00:00.000Z' }),
    ]);
    expect(state).toMatchObject({ firstPurchaseAt: '2026-02-01T00:00:00.000Z', lastPurchaseAt: '2026-03-01T00:00:00.000Z' });
  });
});

describe('a state never changes once made', () => {
  it('folding more events onto a state leaves it, and the states branched from it, as they were', () => {
    const before = foldCustomer([...memberWith(300), purchased({ total: 500_000 })]);
    const returnedHalf = foldCustomer([returned({ amount: 250_000 }), reversed({ points: 25 })], before);
    const redeemedOnce = foldCustomer([redeemed({ points: 100 })], before);
    expect(before.receipts.get('r-1')).toMatchObject({ returned: 0 });
    expect(before.rules.earn.reversed.get('r-1') ?? 0).toBe(0);
    expect([before.points, before.returns.size, before.redemptions.size]).toEqual([300, 0, 0]);
    expect(returnedHalf.receipts.get('r-1')).toMatchObject({ returned: 250_000 });
    expect(returnedHalf.rules.earn.reversed.get('r-1')).toBe(25);
    expect([returnedHalf.points, returnedHalf.redemptions.size]).toEqual([275, 0]);
    expect(redeemedOnce.receipts.get('r-1')).toMatchObject({ returned: 0 });
    expect([redeemedOnce.points, redeemedOnce.returns.size, redeemedOnce.redemptions.size]).toEqual([200, 0, 1]);
  });
});
