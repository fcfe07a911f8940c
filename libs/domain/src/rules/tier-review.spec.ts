import type { CustomerEvent } from '../customer.events';
import { InvalidProgram } from '../errors';
import { customerSpec } from '../testing/decider-spec';
import { earned, enrolled, passTime, program, purchased, returned, returnGoods, reversed, sampleProgram, tierChanged } from '../testing/fixtures';
import { validateProgram } from './registry';

const FEB = '2026-02-01T05:00:00.000Z';
const review = (holdMonths = 3, change = {}) => program({ tierReview: { holdMonths }, ...change });
/** Silver since 1 February 2026, on one purchase of Rp 5,000,000. */
const silver: CustomerEvent[] = [
  enrolled(),
  purchased({ receiptId: 'r-s', total: 5_000_000, occurredAt: FEB }),
  earned({ points: 500, receiptId: 'r-s', occurredAt: FEB }),
  tierChanged({ from: 'Bronze', to: 'Silver', qualifyingSpend: 5_000_000, occurredAt: FEB }),
];
const reviewed = (tier: string, qualifyingSpend: number, occurredAt: string): CustomerEvent => ({ type: 'TierReviewed', data: { tier, qualifyingSpend, occurredAt, programRevision: 3 } });
const MAY = '2026-04-30T17:00:00.000Z'; // 1 May, midnight in Jakarta

describe('the tier review', () => {
  it('a tier is held through its hold; the first review, on the first day of the month after, keeps the tier the spend supports', () => {
    customerSpec.given(silver).when(passTime('2026-04-30T16:59:59.999Z', review())).thenNothing();
    customerSpec.given(silver).when(passTime(MAY, review())).then([reviewed('Silver', 5_000_000, MAY)]);
  });

  it('a member who stopped buying falls back when the spend leaves the 12 months, at the review of that month', () => {
    const lastReview = '2027-01-31T17:00:00.000Z'; // 1 February 2027: the purchase of 1 February 2026 05:00 UTC still counts
    const march = '2027-02-28T17:00:00.000Z';
    customerSpec
      .given([...silver, reviewed('Silver', 5_000_000, lastReview)])
      .when(passTime(march, review()))
      .then([tierChanged({ from: 'Silver', to: 'Bronze', qualifyingSpend: 0, occurredAt: march }), reviewed('Bronze', 0, march)]);
  });

  it('after downtime, each month\'s review is decided in order, dated at its month\'s start', () => {
    customerSpec
      .given(silver)
      .when(passTime('2026-07-15T00:00:00.000Z', review()))
      .then([reviewed('Silver', 5_000_000, MAY), reviewed('Silver', 5_000_000, '2026-05-31T17:00:00.000Z'), reviewed('Silver', 5_000_000, '2026-06-30T17:00:00.000Z')]);
  });

  it('a member who keeps buying keeps the tier, and one who reaches a higher one moves up at once', () => {
    customerSpec
      .given([...silver, purchased({ receiptId: 'r-t', total: 5_000_000, occurredAt: '2026-03-01T05:00:00.000Z' }), earned({ points: 625, receiptId: 'r-t', tier: 'Silver', occurredAt: '2026-03-01T05:00:00.000Z' }), tierChanged({ from: 'Silver', to: 'Gold', qualifyingSpend: 10_000_000, occurredAt: '2026-03-01T05:00:00.000Z' })])
      .when(passTime('2026-06-30T17:00:00.000Z', review()))
      // Gold since 1 March: held to 1 June, then kept at each review.
      .then([reviewed('Gold', 10_000_000, '2026-05-31T17:00:00.000Z'), reviewed('Gold', 10_000_000, '2026-06-30T17:00:00.000Z')]);
  });

  it('with a review, a return does not take the tier away at once: the review will', () => {
    customerSpec
      .given(silver)
      .when(returnGoods({ receiptId: 'r-s', amount: 1_000_000, occurredAt: '2026-03-01T05:00:00.000Z', now: '2026-03-01T05:00:00.000Z', program: review() }))
      .then([returned({ receiptId: 'r-s', amount: 1_000_000, occurredAt: '2026-03-01T05:00:00.000Z' }), reversed({ receiptId: 'r-s', points: 100, occurredAt: '2026-03-01T05:00:00.000Z' })]);
  });

  it('switched on by a program revision, the reviews start with that revision, not before it', () => {
    const since = '2026-09-10T02:00:00.000Z';
    customerSpec
      .given(silver)
      .when(passTime('2026-10-15T00:00:00.000Z', { ...review(), since }))
      .then([reviewed('Silver', 5_000_000, '2026-09-30T17:00:00.000Z')]);
  });

  it('refuses a negative hold, naming the field', () => {
    expect(() => validateProgram(sampleProgram({ tierReview: { holdMonths: -1 } }))).toThrow(InvalidProgram);
    expect(() => validateProgram(sampleProgram({ tierReview: { holdMonths: -1 } }))).toThrow(expect.objectContaining({ field: 'tierReview.holdMonths' }));
  });
});
