import { decideProgram } from '../../program.decider';
import { customerSpec } from '../../testing/decider-spec';
import { campaign, campaignEarned, earned, enrolled, purchase, purchased, sampleProgram, withCampaigns } from '../../testing/fixtures';

const bonus = (change = {}) => campaign({ campaignId: 'welcome-week', effect: { bonusPoints: 50 }, ...change });

describe('a campaign\'s bonus points per receipt', () => {
  it('every receipt in the window earns the bonus, whatever its amount', () => {
    customerSpec.given([enrolled()]).when(purchase({ program: withCampaigns([bonus()]) })).then([purchased(), earned({ points: 100 }), campaignEarned('welcome-week', 50)]);
    customerSpec
      .given([enrolled()])
      .when(purchase({ total: 5_000, program: withCampaigns([bonus()]) }))
      .then([purchased({ total: 5_000 }), campaignEarned('welcome-week', 50)]);
  });

  it('with a minimum spend, a receipt below it earns no bonus and one at it does', () => {
    const program = withCampaigns([bonus({ minSpend: 1_000_000 })]);
    customerSpec.given([enrolled()]).when(purchase({ total: 999_999, program })).then([purchased({ total: 999_999 }), earned({ points: 99 })]);
    customerSpec.given([enrolled()]).when(purchase({ total: 1_000_000, program })).then([purchased(), earned({ points: 100 }), campaignEarned('welcome-week', 50)]);
  });

  it('the bonus is not multiplied by the tier', () => {
    const silver = [enrolled({ tier: 'Silver' }), purchased({ receiptId: 'r-0', total: 5_000_000, occurredAt: '2026-05-01T05:00:00.000Z' })];
    customerSpec.given(silver).when(purchase({ program: withCampaigns([bonus()]) })).then([purchased(), earned({ points: 125, tier: 'Silver' }), campaignEarned('welcome-week', 50)]);
  });

  it('refuses bonus points of 0, naming effect.bonusPoints', () => {
    const state = { program: sampleProgram(), revision: 0, since: null };
    expect(() => decideProgram({ type: 'CreateCampaign', data: { campaign: bonus({ effect: { bonusPoints: 0 } }), now: '2026-05-01T00:00:00.000Z' } }, state)).toThrow(
      expect.objectContaining({ field: 'effect.bonusPoints' }),
    );
  });
});
