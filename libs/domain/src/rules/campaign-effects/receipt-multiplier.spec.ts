import { InvalidProgram } from '../../errors';
import { decideProgram } from '../../program.decider';
import { customerSpec } from '../../testing/decider-spec';
import { campaign, campaignEarned, earned, enrolled, purchase, purchased, sampleProgram, tierChanged, withCampaigns } from '../../testing/fixtures';

/** A member who spent this much before enrolling. */
const spent = (spend: number) => [purchased({ receiptId: 'r-0', total: spend, occurredAt: '2026-05-01T05:00:00.000Z' }), enrolled()];

describe('a campaign multiplier on the whole receipt', () => {
  it('a member buying in the window earns the receipt\'s points again on top: double points', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ program: withCampaigns([campaign({ effect: { multiplier: 2 } })]) }))
      .then([purchased(), earned({ points: 100 }), campaignEarned('june-double', 100)]);
  });

  it('multiplies the tier\'s points: a Silver member (×1.25) at ×1.5 earns floor(100 × 1.25 × 1.5) = 187 in all, 62 of them the campaign\'s', () => {
    const silver = [enrolled({ tier: 'Silver' }), purchased({ receiptId: 'r-0', total: 5_000_000, occurredAt: '2026-05-01T05:00:00.000Z' })];
    customerSpec
      .given(silver)
      .when(purchase({ program: withCampaigns([campaign({ effect: { multiplier: 1.5 } })]) }))
      .then([purchased(), earned({ points: 125, tier: 'Silver' }), campaignEarned('june-double', 62)]);
  });

  it('counts what the customer paid: a receipt of Rp 99,999 earns 9 base points, 9 more at ×2', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ total: 99_999, program: withCampaigns([campaign()]) }))
      .then([purchased({ total: 99_999 }), earned({ points: 9 }), campaignEarned('june-double', 9)]);
  });

  it('the tier reached by the purchase itself does not change its multiplier: the tier held before it counts', () => {
    customerSpec
      .given(spent(4_500_000))
      .when(purchase({ program: withCampaigns([campaign()]) }))
      .then([
        purchased(),
        earned({ points: 100 }),
        campaignEarned('june-double', 100),
        tierChanged({ from: 'Bronze', to: 'Silver', qualifyingSpend: 5_500_000, occurredAt: '2026-06-15T09:00:00.000Z' }),
      ]);
  });

  it('refuses a multiplier of 1 or less, or with more than 4 decimal places, naming effect.multiplier', () => {
    const state = { program: sampleProgram(), revision: 0, since: null };
    for (const multiplier of [1, 0.5, 1.00001]) {
      expect(() => decideProgram({ type: 'CreateCampaign', data: { campaign: campaign({ effect: { multiplier } }), now: '2026-05-01T00:00:00.000Z' } }, state)).toThrow(
        expect.objectContaining({ name: InvalidProgram.name, field: 'effect.multiplier' }),
      );
    }
    expect(decideProgram({ type: 'CreateCampaign', data: { campaign: campaign({ effect: { multiplier: 1.15 } }), now: '2026-05-01T00:00:00.000Z' } }, state)).toHaveLength(1);
  });
});
