import { customerAsOf, occurredAt } from './balance-as-of';
import { earned, enrolled, ENROLLED_AT, purchased, redeemed, returned, reversed } from './testing/fixtures';

const ledger = [
  enrolled(),
  purchased({ receiptId: 'r-0', total: 3_000_000, occurredAt: '2026-02-01T05:00:00.000Z' }),
  earned({ points: 300, receiptId: 'r-0', occurredAt: '2026-02-01T05:00:00.000Z' }),
  redeemed({ points: 100, occurredAt: '2026-03-01T05:00:00.000Z' }),
  returned({ receiptId: 'r-0', amount: 1_000_000, occurredAt: '2026-04-01T05:00:00.000Z' }),
  reversed({ receiptId: 'r-0', points: 100, occurredAt: '2026-04-01T05:00:00.000Z' }),
];

describe('balance as of a date', () => {
  it.each([
    ['before enrolment the customer is not known', '2026-01-01T00:00:00.000Z', { known: false, points: 0 }],
    ['right after enrolment the balance is 0', ENROLLED_AT, { known: true, points: 0 }],
    ['after the purchase it holds the points earned', '2026-02-01T05:00:00.000Z', { points: 300, lifetimeEarned: 300 }],
    ['after the redemption the points spent are gone', '2026-03-15T00:00:00.000Z', { points: 200, lifetimeRedeemed: 100 }],
    ['after the return the points taken back are gone', '2026-12-31T00:00:00.000Z', { points: 100, lifetimeReversed: 100 }],
  ])('%s', (_rule, asOf, expected) => {
    expect(customerAsOf(ledger, asOf)).toMatchObject(expected);
  });

  it('a purchase a till posted late counts from when it happened', () => {
    const late = [
      ...ledger,
      purchased({ receiptId: 'r-late', total: 500_000, occurredAt: '2026-02-15T00:00:00.000Z' }),
      earned({ points: 50, receiptId: 'r-late', occurredAt: '2026-02-15T00:00:00.000Z' }),
    ];
    expect(customerAsOf(late, '2026-02-20T00:00:00.000Z').points).toBe(350);
    expect(customerAsOf(late, '2026-02-14T23:59:59.999Z').points).toBe(300);
  });

  it('an enrolment happened when it was enrolled, other events when the event says', () => {
    expect(occurredAt(enrolled())).toBe(ENROLLED_AT);
    expect(occurredAt(redeemed({ occurredAt: '2026-03-01T05:00:00.000Z' }))).toBe('2026-03-01T05:00:00.000Z');
  });
});
