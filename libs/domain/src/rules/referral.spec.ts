import type { PointsEarned } from '../customer.events';
import type { ReferralQualified } from './referral';
import { NotAMember } from '../errors';
import { customerSpec } from '../testing/decider-spec';
import { awardReferrerBonus, earned, enrolled, NOW, passTime, program, purchase, purchased, returned, returnGoods, reversed, sampleProgram } from '../testing/fixtures';
import { validateProgram } from './registry';

const AT = '2026-06-15T09:00:00.000Z';
const referee = enrolled({ referredBy: { customerId: 'cust-2', referralCode: 'BUDI-1' } });

const qualified = (data: Partial<ReferralQualified['data']> = {}): ReferralQualified => ({
  type: 'ReferralQualified',
  data: { referrerId: 'cust-2', receiptId: 'r-1', storeId: 'jkt-1', referrerBonus: 200, refereeBonus: 100, occurredAt: AT, programRevision: 3, ...data },
});
const refereeBonus = (data: Partial<PointsEarned['data']> = {}): PointsEarned => ({
  type: 'PointsEarned',
  data: { reason: 'referral', points: 100, receiptId: 'r-1', storeId: 'jkt-1', occurredAt: AT, programRevision: 3, ...data },
});

describe('referral: the referred friend', () => {
  it("a referred member's first purchase of at least the minimum qualifies the referral and gives the friend their bonus", () => {
    customerSpec
      .given([referee])
      .when(purchase({ total: 500_000 }))
      .then([purchased({ total: 500_000 }), earned({ points: 50 }), qualified(), refereeBonus()]);
  });

  it('a purchase below the minimum does not qualify the referral', () => {
    customerSpec
      .given([referee])
      .when(purchase({ total: 499_999 }))
      .then([purchased({ total: 499_999 }), earned({ points: 49 })]);
  });

  it('the first purchase that reaches the minimum qualifies, even if an earlier one did not', () => {
    customerSpec
      .given([referee, purchased({ receiptId: 'r-0', total: 100_000 }), earned({ points: 10, receiptId: 'r-0' })])
      .when(purchase({ total: 800_000 }))
      .then([purchased({ total: 800_000 }), earned({ points: 80 }), qualified(), refereeBonus()]);
  });

  it('a referral qualifies once: later purchases give no more referral bonus', () => {
    customerSpec
      .given([referee, purchased({ receiptId: 'r-0' }), earned({ points: 100, receiptId: 'r-0' }), qualified({ receiptId: 'r-0' }), refereeBonus({ receiptId: 'r-0' })])
      .when(purchase({ total: 2_000_000 }))
      .then([purchased({ total: 2_000_000 }), earned({ points: 200 })]);
  });

  it('with no bonus for the friend, the referral still qualifies so the referrer is paid', () => {
    const rules = program({ referral: { referrerBonus: 200, refereeBonus: 0, minQualifyingPurchase: 500_000 } });
    customerSpec
      .given([referee])
      .when(purchase({ program: rules }))
      .then([purchased(), earned({ points: 100 }), qualified({ refereeBonus: 0 })]);
  });

  it('the referral records the bonuses and program revision in force at the qualifying purchase', () => {
    const rules = program({ referral: { referrerBonus: 300, refereeBonus: 150, minQualifyingPurchase: 1_000_000 } }, 21);
    customerSpec
      .given([referee])
      .when(purchase({ program: rules }))
      .then([
        purchased({ programRevision: 21 }),
        earned({ points: 100, programRevision: 21 }),
        qualified({ referrerBonus: 300, refereeBonus: 150, programRevision: 21 }),
        refereeBonus({ points: 150, programRevision: 21 }),
      ]);
  });

  it('a member who was not referred earns no referral bonus', () => {
    customerSpec.given([enrolled()]).when(purchase()).then([purchased(), earned({ points: 100 })]);
  });
});

describe('referral: the member who referred', () => {
  const referrer = enrolled({ customerId: 'cust-2', cardNumber: 'CARD-0002', referralCode: 'BUDI-1' });
  const referrerBonus = (data: Partial<PointsEarned['data']> = {}): PointsEarned => ({
    type: 'PointsEarned',
    data: { reason: 'referral', points: 200, receiptId: 'fr-1', refereeId: 'friend-1', occurredAt: NOW, programRevision: 3, ...data },
  });

  it("the referrer gets the referrer bonus when a friend's purchase qualified", () => {
    customerSpec.given([referrer]).when(awardReferrerBonus()).then([referrerBonus()]);
  });

  it("the referrer's bonus records the store of the friend's purchase when it is known", () => {
    customerSpec.given([referrer]).when(awardReferrerBonus({ storeId: 'mks-1' })).then([referrerBonus({ storeId: 'mks-1' })]);
  });

  it('the referrer is paid once per friend, however often the award is replayed', () => {
    customerSpec.given([referrer, referrerBonus()]).when(awardReferrerBonus()).thenNothing();
  });

  it('a second friend brings a second bonus', () => {
    customerSpec
      .given([referrer, referrerBonus()])
      .when(awardReferrerBonus({ refereeId: 'friend-2', receiptId: 'fr-9' }))
      .then([referrerBonus({ refereeId: 'friend-2', receiptId: 'fr-9' })]);
  });

  it('a referrer bonus of 0 points records nothing', () => {
    customerSpec.given([referrer]).when(awardReferrerBonus({ points: 0 })).thenNothing();
  });

  it('only a member can be paid a referrer bonus', () => {
    customerSpec.given([purchased()]).when(awardReferrerBonus()).thenThrows(NotAMember);
  });
});

describe('referral: bonuses that wait for the return window (pendingDays)', () => {
  const waiting = program({ referral: { referrerBonus: 200, refereeBonus: 100, minQualifyingPurchase: 500_000, pendingDays: 14 } });
  /** 16:00 in Jakarta on 15 June, fourteen local days on: the end of 29 June. */
  const CLOSES = '2026-06-29T17:00:00.000Z';
  const pendingQualified = qualified({ confirmsAt: CLOSES });
  const bought = [referee, purchased({ total: 600_000 }), earned({ points: 60 }), pendingQualified];

  it('the qualifying purchase records the referral as pending until the window closes, and no bonus yet', () => {
    customerSpec
      .given([referee])
      .when(purchase({ total: 600_000, program: waiting }))
      .then([purchased({ total: 600_000 }), earned({ points: 60 }), pendingQualified]);
  });

  it('when the window closes the referral is confirmed and the friend gets their bonus, dated then', () => {
    customerSpec
      .given(bought)
      .when(passTime('2026-07-01T00:00:00.000Z', waiting))
      .then([
        { type: 'ReferralConfirmed', data: { referrerId: 'cust-2', receiptId: 'r-1', storeId: 'jkt-1', referrerBonus: 200, refereeBonus: 100, occurredAt: CLOSES, programRevision: 3 } },
        refereeBonus({ occurredAt: CLOSES }),
      ]);
    customerSpec.given(bought).when(passTime('2026-06-29T16:59:59.000Z', waiting)).thenNothing();
  });

  it('a return inside the window that brings the purchase under the minimum cancels it: nothing is confirmed later', () => {
    const back = returnGoods({ amount: 200_000, program: waiting });
    const cancelled = { type: 'ReferralCancelled' as const, data: { referrerId: 'cust-2', receiptId: 'r-1', returnId: 'ret-1', storeId: 'jkt-1', occurredAt: '2026-06-15T09:30:00.000Z', programRevision: 3 } };
    customerSpec
      .given(bought)
      .when(back)
      .then([returned({ amount: 200_000 }), reversed({ points: 20 }), cancelled]);
    customerSpec.given([...bought, returned({ amount: 200_000 }), reversed({ points: 20 }), cancelled]).when(passTime('2026-07-01T00:00:00.000Z', waiting)).thenNothing();
  });

  it('a return by lines cancels it by what its goods refund: the socks back leave the shoes under the minimum', () => {
    const outfit = [
      { sku: 'shoes', category: 'shoes', quantity: 1, unitPrice: 450_000 },
      { sku: 'socks', category: 'shoes', quantity: 1, unitPrice: 150_000 },
    ];
    const cancelled = { type: 'ReferralCancelled' as const, data: { referrerId: 'cust-2', receiptId: 'r-1', returnId: 'ret-1', storeId: 'jkt-1', occurredAt: '2026-06-15T09:30:00.000Z', programRevision: 3 } };
    customerSpec
      .given([referee, purchased({ total: 600_000, lines: outfit }), earned({ points: 60 }), pendingQualified])
      .when(returnGoods({ amount: undefined, lines: [{ sku: 'socks', quantity: 1 }], program: waiting }))
      .then([returned({ amount: 150_000, lines: [{ line: 1, sku: 'socks', quantity: 1 }] }), reversed({ points: 15 }), cancelled]);
  });

  it('a return that leaves the purchase at the minimum keeps it pending; the friend\'s next purchase does not qualify it again', () => {
    customerSpec
      .given(bought)
      .when(returnGoods({ amount: 100_000, program: waiting }))
      .then([returned({ amount: 100_000 }), reversed({ points: 10 })]);
    const cancelled = { type: 'ReferralCancelled' as const, data: { referrerId: 'cust-2', receiptId: 'r-1', returnId: 'ret-1', storeId: 'jkt-1', occurredAt: '2026-06-15T09:30:00.000Z', programRevision: 3 } };
    customerSpec
      .given([...bought, returned({ amount: 200_000 }), reversed({ points: 20 }), cancelled])
      .when(purchase({ receiptId: 'r-2', total: 900_000, program: waiting }))
      .then([purchased({ receiptId: 'r-2', total: 900_000 }), earned({ points: 90, receiptId: 'r-2' })]);
  });

  it('refuses a window that makes no sense, naming the field', () => {
    expect(() => validateProgram(sampleProgram({ referral: { referrerBonus: 1, refereeBonus: 1, minQualifyingPurchase: 0, pendingDays: 1.5 } }))).toThrow(
      expect.objectContaining({ field: 'referral.pendingDays' }),
    );
    expect(() => validateProgram(sampleProgram({ referral: { referrerBonus: 1, refereeBonus: 1, minQualifyingPurchase: 0, pendingDays: 0 } }))).not.toThrow();
  });
});
