import { foldCustomer } from './customer.state';
import { CustomerNotFound, IdAlreadyUsed, InsufficientPoints, NotAMember, RedemptionNotFound, UnknownReward, UnknownStore } from './errors';
import type { RedemptionCancelled } from './customer.events';
import { customerSpec } from './testing/decider-spec';
import { cancel, memberWith, NOW, program, purchased, redeem, redeemed } from './testing/fixtures';

const cancelled = (data: Partial<RedemptionCancelled['data']> = {}): RedemptionCancelled => ({
  type: 'RedemptionCancelled',
  data: { redemptionId: 'red-1', storeId: 'jkt-1', points: 100, lots: [{ lotId: 1, points: data.points ?? 100 }], occurredAt: NOW, ...data },
});

describe('redemption', () => {
  it('a member with enough points redeems a reward from the catalogue for its points', () => {
    customerSpec.given(memberWith(150)).when(redeem()).then([redeemed()]);
  });

  it('a member with exactly the points a reward costs may redeem it', () => {
    customerSpec
      .given(memberWith(500))
      .when(redeem({ rewardId: 'tote-bag', storeId: 'mks-1' }))
      .then([redeemed({ rewardId: 'tote-bag', storeId: 'mks-1', points: 500 })]);
  });

  it('the redemption records the program revision it used, and the price in force then', () => {
    customerSpec
      .given(memberWith(150))
      .when(redeem({ program: program({ rewards: [{ rewardId: 'coffee', points: 120 }] }, 12) }))
      .then([redeemed({ points: 120, programRevision: 12 })]);
  });

  it('a member short of points is refused', () => {
    customerSpec.given(memberWith(99)).when(redeem()).thenThrows(InsufficientPoints, { field: 'points' });
  });

  it('points spent on one redemption cannot be spent again on the next', () => {
    customerSpec
      .given([...memberWith(150), redeemed()])
      .when(redeem({ redemptionId: 'red-2' }))
      .thenThrows(InsufficientPoints, { field: 'points' });
  });

  it('a reward that is not in the catalogue is refused', () => {
    customerSpec.given(memberWith(1_000)).when(redeem({ rewardId: 'yacht' })).thenThrows(UnknownReward, { field: 'rewardId' });
  });

  it('a store that is not in the program is refused', () => {
    customerSpec.given(memberWith(150)).when(redeem({ storeId: 'sby-9' })).thenThrows(UnknownStore, { field: 'storeId' });
  });

  it('a buyer who is not a member cannot redeem', () => {
    customerSpec.given([purchased()]).when(redeem()).thenThrows(NotAMember, { field: 'customerId' });
  });

  it('a customer with no ledger is not found', () => {
    customerSpec.given([]).when(redeem()).thenThrows(CustomerNotFound, { field: 'customerId' });
  });

  describe('the same redemption posted again', () => {
    it('with the same details decides nothing, even though the balance no longer covers it', () => {
      customerSpec.given([...memberWith(100), redeemed()]).when(redeem()).thenNothing();
    });

    it('after it was cancelled still decides nothing: it does not redeem again', () => {
      customerSpec.given([...memberWith(150), redeemed(), cancelled()]).when(redeem()).thenNothing();
    });

    it.each([
      ['another reward', { rewardId: 'tote-bag' }],
      ['another store', { storeId: 'mks-1' }],
    ])('with %s is refused: the redemption id is already used', (_what, change) => {
      customerSpec.given([...memberWith(1_000), redeemed()]).when(redeem(change)).thenThrows(IdAlreadyUsed, { field: 'redemptionId' });
    });
  });
});

describe('cancelling a redemption', () => {
  it('cancelling gives the points back', () => {
    customerSpec.given([...memberWith(150), redeemed()]).when(cancel()).then([cancelled()]);
    const after = foldCustomer([...memberWith(150), redeemed(), cancelled()]);
    expect(after).toMatchObject({ points: 150, lifetimeRedeemed: 0 });
  });

  it('gives back the points that were paid, even if the reward costs more now', () => {
    customerSpec.given([...memberWith(150), redeemed({ points: 80 })]).when(cancel()).then([cancelled({ points: 80 })]);
  });

  it('cancelling again gives nothing back a second time', () => {
    customerSpec.given([...memberWith(150), redeemed(), cancelled()]).when(cancel({ now: '2026-06-16T00:00:00.000Z' })).thenNothing();
  });

  it('a redemption that does not exist cannot be cancelled', () => {
    customerSpec.given([...memberWith(150), redeemed()]).when(cancel({ redemptionId: 'red-404' })).thenThrows(RedemptionNotFound, {
      field: 'redemptionId',
    });
  });
});
