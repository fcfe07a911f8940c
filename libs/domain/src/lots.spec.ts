import type { CustomerEvent } from './customer.events';
import { foldCustomer } from './customer.state';
import { expiring, leftIn } from './lots';
import { customerSpec } from './testing/decider-spec';
import type { RecordPurchase } from './customer.commands';
import { cancel, earned, enrolled, program, purchase, purchased, redeem, redeemed, returned, returnGoods, reversed } from './testing/fixtures';

const EXPIRY = { afterMonths: 6, noticeDays: 0 };
const withExpiry = () => program({ pointsExpiry: EXPIRY });

/** A member with three lots: 40 expiring in August, 30 in September, 50 never (earned before expiry was set). */
const threeLots: CustomerEvent[] = [
  enrolled(),
  purchased({ receiptId: 'r-a', total: 500_000 }),
  earned({ points: 50, receiptId: 'r-a' }),
  purchased({ receiptId: 'r-b', total: 400_000, occurredAt: '2026-02-10T03:00:00.000Z' }),
  earned({ points: 40, receiptId: 'r-b', occurredAt: '2026-02-10T03:00:00.000Z', expiresAt: '2026-08-10T17:00:00.000Z' }),
  purchased({ receiptId: 'r-c', total: 300_000, occurredAt: '2026-03-05T03:00:00.000Z' }),
  earned({ points: 30, receiptId: 'r-c', occurredAt: '2026-03-05T03:00:00.000Z', expiresAt: '2026-09-05T17:00:00.000Z' }),
];

describe('the allocation ledger: lots of points', () => {
  it('every earn makes a lot, numbered in ledger order, with the expiry the program gave it', () => {
    const { lots } = foldCustomer(threeLots);
    expect([...lots.values()].map((lot) => [lot.lotId, lot.receiptId, lot.earned, lot.expiresAt])).toEqual([
      [1, 'r-a', 50, null],
      [2, 'r-b', 40, '2026-08-10T17:00:00.000Z'],
      [3, 'r-c', 30, '2026-09-05T17:00:00.000Z'],
    ]);
    expect(expiring(lots)).toEqual([
      { points: 40, expiresAt: '2026-08-10T17:00:00.000Z' },
      { points: 30, expiresAt: '2026-09-05T17:00:00.000Z' },
    ]);
  });

  it('an earn under a program with expiry records when its lot expires: the end of the local day six months on', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase6())
      .then([purchased(), earned({ points: 100, expiresAt: '2026-12-15T17:00:00.000Z' })]);
  });

  it('a redemption spanning three lots takes the earliest expiry first and the lot that never expires last, and records them', () => {
    customerSpec
      .given(threeLots)
      .when(redeem({ rewardId: 'tote-bag', program: program({ rewards: [{ rewardId: 'tote-bag', points: 100 }] }) }))
      .then([
        redeemed({
          rewardId: 'tote-bag',
          points: 100,
          lots: [
            { lotId: 2, points: 40, expiresAt: '2026-08-10T17:00:00.000Z' },
            { lotId: 3, points: 30, expiresAt: '2026-09-05T17:00:00.000Z' },
            { lotId: 1, points: 30 },
          ],
        }),
      ]);
  });

  it('a cancelled redemption gives its points back to the lots they came from', () => {
    const spent = redeemed({ points: 60, lots: [{ lotId: 2, points: 40, expiresAt: '2026-08-10T17:00:00.000Z' }, { lotId: 3, points: 20, expiresAt: '2026-09-05T17:00:00.000Z' }] });
    customerSpec
      .given([...threeLots, spent])
      .when(cancel({ now: '2026-06-16T00:00:00.000Z' }))
      .then([
        {
          type: 'RedemptionCancelled',
          data: { redemptionId: 'red-1', storeId: 'jkt-1', points: 60, lots: spent.data.lots, occurredAt: '2026-06-16T00:00:00.000Z' },
        },
      ]);
  });

  it('a return after its purchase\'s lot was spent takes the points from the earliest-expiring other lot', () => {
    const spentB = redeemed({ points: 40, lots: [{ lotId: 2, points: 40, expiresAt: '2026-08-10T17:00:00.000Z' }] });
    customerSpec
      .given([...threeLots, spentB])
      .when(returnGoods({ receiptId: 'r-b', amount: 400_000 }))
      .then([returned({ receiptId: 'r-b', amount: 400_000 }), reversed({ receiptId: 'r-b', points: 40, lots: [{ lotId: 3, points: 30, expiresAt: '2026-09-05T17:00:00.000Z' }, { lotId: 1, points: 10 }] })]);
  });

  it('a return takes from its own purchase\'s lot first, whatever the others\' expiry', () => {
    customerSpec
      .given(threeLots)
      .when(returnGoods({ receiptId: 'r-a', amount: 250_000 }))
      .then([returned({ receiptId: 'r-a', amount: 250_000 }), reversed({ receiptId: 'r-a', points: 25, lots: [{ lotId: 1, points: 25 }] })]);
  });

  it('points taken back beyond the lots are a debt, which the next lot settles first', () => {
    const spentAll = redeemed({ points: 120, lots: [{ lotId: 2, points: 40 }, { lotId: 3, points: 30 }, { lotId: 1, points: 50 }] });
    const inDebt = [...threeLots, spentAll, returned({ receiptId: 'r-a', amount: 500_000 }), reversed({ receiptId: 'r-a', points: 50, lots: [] })];
    expect(foldCustomer(inDebt)).toMatchObject({ points: -50, debt: 50 });
    customerSpec
      .given(inDebt)
      .when(purchase6({ receiptId: 'r-d', total: 800_000, program: program() }))
      .then([purchased({ receiptId: 'r-d', total: 800_000 }), earned({ points: 80, receiptId: 'r-d', settles: 50 })]);
    const settled = foldCustomer([...inDebt, purchased({ receiptId: 'r-d', total: 800_000 }), earned({ points: 80, receiptId: 'r-d', settles: 50 })]);
    expect({ points: settled.points, debt: settled.debt, left: leftIn(settled.lots.get(4)!) }).toEqual({ points: 30, debt: 0, left: 30 });
  });
});

function purchase6(data: Partial<RecordPurchase['data']> = {}) {
  return purchase({ program: withExpiry(), ...data });
}
