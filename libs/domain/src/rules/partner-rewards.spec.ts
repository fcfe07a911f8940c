import { IdAlreadyUsed, InsufficientPoints, NotAMember, UnknownReward } from '../errors';
import { customerSpec } from '../testing/decider-spec';
import { memberWith, NOW, program, purchased, redeemed, sampleProgram } from '../testing/fixtures';
import type { PartnerCodeGiven, RedeemPartnerReward } from './partner-rewards';
import { PartnerPoolEmpty } from './partner-rewards';
import { validateProgram } from './registry';

const PARTNERS = { partners: [{ partnerId: 'BIOSKOP', name: 'Bioskop Nusantara' }], rewards: [{ rewardId: 'movie', points: 300, partnerId: 'BIOSKOP' }] };
const withPartners = program({ partnerRewards: PARTNERS });

const redeemPartner = (data: Partial<RedeemPartnerReward['data']> = {}): RedeemPartnerReward => ({
  type: 'RedeemPartnerReward',
  data: { redemptionId: 'red-1', customerId: 'cust-1', rewardId: 'movie', storeId: 'jkt-1', slot: 4, now: NOW, program: withPartners, ...data },
});
const given: PartnerCodeGiven = {
  type: 'PartnerCodeGiven',
  data: { redemptionId: 'red-1', rewardId: 'movie', partnerId: 'BIOSKOP', slot: 4, points: 300, storeId: 'jkt-1', occurredAt: NOW, programRevision: 3 },
};

describe('partner rewards', () => {
  it('a member redeems a partner reward: the code of the free slot the application found is theirs, and the points are taken from their lots', () => {
    customerSpec.given(memberWith(500)).when(redeemPartner()).then([given, redeemed({ rewardId: 'movie', points: 300 })]);
  });

  it('an empty pool refuses the redemption before any points are taken; so do points that are short', () => {
    customerSpec.given(memberWith(500)).when(redeemPartner({ slot: null })).thenThrows(PartnerPoolEmpty, { field: 'rewardId' });
    customerSpec.given(memberWith(200)).when(redeemPartner()).thenThrows(InsufficientPoints);
  });

  it('the same redemption again decides nothing; the id with another reward is refused; an unknown reward and a customer who is not a member too', () => {
    customerSpec.given([...memberWith(500), given, redeemed({ rewardId: 'movie', points: 300 })]).when(redeemPartner({ slot: 5 })).thenNothing();
    customerSpec.given([...memberWith(500), redeemed()]).when(redeemPartner()).thenThrows(IdAlreadyUsed, { field: 'redemptionId' });
    customerSpec.given(memberWith(500)).when(redeemPartner({ rewardId: 'spa' })).thenThrows(UnknownReward);
    customerSpec.given([purchased({ receiptId: 'r-0' })]).when(redeemPartner()).thenThrows(NotAMember);
  });

  it('refuses a reward of a partner the program does not have, or an id of the catalogue, naming the field', () => {
    expect(() => validateProgram(sampleProgram({ partnerRewards: PARTNERS }))).not.toThrow();
    expect(() => validateProgram(sampleProgram({ partnerRewards: { ...PARTNERS, rewards: [{ rewardId: 'movie', points: 300, partnerId: 'TEATER' }] } }))).toThrow(
      expect.objectContaining({ field: 'partnerRewards.rewards[0].partnerId' }),
    );
    expect(() => validateProgram(sampleProgram({ partnerRewards: { ...PARTNERS, rewards: [{ rewardId: 'coffee', points: 300, partnerId: 'BIOSKOP' }] } }))).toThrow(
      expect.objectContaining({ field: 'partnerRewards.rewards[0].rewardId' }),
    );
    expect(() => validateProgram(sampleProgram({ partnerRewards: { ...PARTNERS, partners: [...PARTNERS.partners, ...PARTNERS.partners] } }))).toThrow(
      expect.objectContaining({ field: 'partnerRewards.partners[1].partnerId' }),
    );
  });
});
