import { AlreadyEnrolled, ReferralNotAllowed, SelfReferral, UnknownReferralCode, UnknownStore } from './errors';
import { customerSpec } from './testing/decider-spec';
import { enrol, enrolled, program, purchased } from './testing/fixtures';

describe('enrolment', () => {
  it('a new customer becomes a member in the first tier, with their own referral code', () => {
    customerSpec.given([]).when(enrol()).then([enrolled()]);
  });

  it('the enrolment keeps the birthday and home store given, and records the program revision used', () => {
    customerSpec
      .given([])
      .when(enrol({ birthday: '1990-04-12', homeStoreId: 'mks-1', program: program({}, 7) }))
      .then([enrolled({ birthday: '1990-04-12', homeStoreId: 'mks-1', programRevision: 7 })]);
  });

  it('a home store that is not in the program is refused', () => {
    customerSpec.given([]).when(enrol({ homeStoreId: 'nowhere' })).thenThrows(UnknownStore, { field: 'homeStoreId' });
  });

  it('a buyer who bought before enrolling keeps their history and starts in the tier their spend reaches', () => {
    customerSpec
      .given([
        purchased({ receiptId: 'r-a', total: 3_000_000, occurredAt: '2025-11-01T05:00:00.000Z' }),
        purchased({ receiptId: 'r-b', total: 2_500_000, occurredAt: '2026-01-05T05:00:00.000Z' }),
      ])
      .when(enrol())
      .then([enrolled({ tier: 'Silver' })]);
  });

  it('purchases older than 12 months do not count towards the starting tier', () => {
    customerSpec
      .given([
        purchased({ receiptId: 'r-a', total: 9_000_000, occurredAt: '2024-12-31T05:00:00.000Z' }),
        purchased({ receiptId: 'r-b', total: 2_500_000, occurredAt: '2026-01-05T05:00:00.000Z' }),
      ])
      .when(enrol())
      .then([enrolled({ tier: 'Bronze' })]);
  });

  it('the same enrolment retried decides nothing, even with a fresh referral code offered', () => {
    customerSpec
      .given([enrolled({ birthday: '1990-04-12' })])
      .when(enrol({ birthday: '1990-04-12', ownReferralCode: 'NEW-CODE', now: '2026-01-11T00:00:00.000Z' }))
      .thenNothing();
  });

  it.each([
    ['another card number', { cardNumber: 'CARD-9999' }],
    ['another birthday', { birthday: '1991-01-01' }],
    ['another home store', { homeStoreId: 'jkt-1' }],
    ['a referral code where there was none', { referral: { code: 'BUDI-1', referrerId: 'cust-2' } }],
  ])('enrolling an enrolled customer again with %s is refused as already enrolled', (_what, change) => {
    customerSpec.given([enrolled()]).when(enrol(change)).thenThrows(AlreadyEnrolled, { field: 'customerId' });
  });

  describe('with a referral code', () => {
    it("a new customer enrolling with a member's code is recorded as referred by that member", () => {
      customerSpec
        .given([])
        .when(enrol({ referral: { code: 'BUDI-1', referrerId: 'cust-2' } }))
        .then([enrolled({ referredBy: { customerId: 'cust-2', referralCode: 'BUDI-1' } })]);
    });

    it('the same referred enrolment retried decides nothing', () => {
      customerSpec
        .given([enrolled({ referredBy: { customerId: 'cust-2', referralCode: 'BUDI-1' } })])
        .when(enrol({ referral: { code: 'BUDI-1', referrerId: 'cust-2' } }))
        .thenNothing();
    });

    it('an unknown referral code is refused', () => {
      customerSpec
        .given([])
        .when(enrol({ referral: { code: 'NOPE', referrerId: null } }))
        .thenThrows(UnknownReferralCode, { field: 'referralCode' });
    });

    it('a customer cannot refer themselves', () => {
      customerSpec
        .given([])
        .when(enrol({ referral: { code: 'MINE', referrerId: 'cust-1' } }))
        .thenThrows(SelfReferral, { field: 'referralCode' });
    });

    it('a customer who already bought cannot be referred', () => {
      customerSpec
        .given([purchased()])
        .when(enrol({ referral: { code: 'BUDI-1', referrerId: 'cust-2' } }))
        .thenThrows(ReferralNotAllowed, { field: 'referralCode' });
    });
  });

});
