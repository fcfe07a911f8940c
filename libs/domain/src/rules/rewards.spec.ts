import { InsufficientPoints, InvalidProgram, UnknownReward } from '../errors';
import { foldCustomer } from '../customer.state';
import { customerSpec } from '../testing/decider-spec';
import { memberWith, NOW, program, purchased, redeem, redeemed, sampleProgram } from '../testing/fixtures';
import { findReward } from './rewards';
import { tillFacts, validateProgram } from './registry';

describe('the rewards catalogue', () => {
  it('a reward of the catalogue is redeemed at its price in the program revision in force', () => {
    const catalogue = program({ rewards: [{ rewardId: 'coffee', points: 120 }] }, 11);
    customerSpec.given(memberWith(500)).when(redeem({ program: catalogue })).then([redeemed({ points: 120, programRevision: 11, occurredAt: NOW })]);
  });

  it('a reward the catalogue does not have is one no rule knows: refused, naming rewardId', () => {
    customerSpec.given(memberWith(500)).when(redeem({ rewardId: 'sunglasses' })).thenThrows(UnknownReward, { field: 'rewardId' });
  });

  it('a member short of the price is refused with what they have and what it costs', () => {
    customerSpec.given(memberWith(99)).when(redeem()).thenThrows(InsufficientPoints);
  });

  it('finds a reward by its id', () => {
    expect(findReward(sampleProgram().rewards, 'tote-bag')).toEqual({ rewardId: 'tote-bag', points: 500 });
    expect(findReward(sampleProgram().rewards, 'TOTE-BAG')).toBeUndefined();
  });

  it.each([
    ['a reward that costs no points', [{ rewardId: 'free', points: 0 }], 'rewards[0].points'],
    ['the same reward twice', [{ rewardId: 'x', points: 1 }, { rewardId: 'x', points: 2 }], 'rewards[1].rewardId'],
  ])('refuses %s in the program, naming the field', (_case, catalogue, field) => {
    expect(() => validateProgram(sampleProgram({ rewards: catalogue }))).toThrow(InvalidProgram);
    expect(() => validateProgram(sampleProgram({ rewards: catalogue }))).toThrow(expect.objectContaining({ field }));
  });

  describe('at the till', () => {
    it.each([
      [99, []],
      [100, [{ rewardId: 'coffee', points: 100 }]],
      [500, [{ rewardId: 'coffee', points: 100 }, { rewardId: 'tote-bag', points: 500 }]],
    ])('a member with %i points is shown the rewards those points pay for now, in the catalogue\'s order', (points, redeemable) => {
      expect(tillFacts(foldCustomer(memberWith(points)), sampleProgram(), NOW)).toEqual({ redeemable, expiring: [], vouchers: [], offers: [] });
    });

    it('a buyer who has not enrolled is shown nothing to redeem', () => {
      expect(tillFacts(foldCustomer([purchased()]), sampleProgram(), NOW)).toEqual({ redeemable: [], expiring: [], vouchers: [], offers: [] });
    });
  });
});
