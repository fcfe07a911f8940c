import { decideProgram } from '../../program.decider';
import { customerSpec } from '../../testing/decider-spec';
import { campaign, campaignEarned, earned, enrolled, purchase, purchased, sampleProgram, withCampaigns } from '../../testing/fixtures';

const drinks = campaign({ campaignId: 'drinks-triple', effect: { category: 'drinks', multiplier: 3 } });
const lines = [
  { sku: 'kopi-susu', category: 'drinks', quantity: 3, unitPrice: 100_000 },
  { sku: 'rice-5kg', category: 'groceries', quantity: 1, unitPrice: 700_000 },
];

describe('a campaign multiplier on the lines of a category', () => {
  it('only the category\'s lines earn more: Rp 300,000 of drinks at ×3 add 60 points to the receipt\'s 100', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ lines, program: withCampaigns([drinks]) }))
      .then([purchased({ lines }), earned({ points: 100 }), campaignEarned('drinks-triple', 60)]);
  });

  it('a receipt without the category earns nothing from it', () => {
    const groceries = [{ sku: 'rice-5kg', category: 'groceries', quantity: 1, unitPrice: 1_000_000 }];
    customerSpec.given([enrolled()]).when(purchase({ lines: groceries, program: withCampaigns([drinks]) })).then([purchased({ lines: groceries }), earned({ points: 100 })]);
  });

  it('the lines count no more than the receipt\'s total: a basket discount is not paid for in points', () => {
    const discounted = [{ sku: 'kopi-susu', category: 'drinks', quantity: 4, unitPrice: 300_000 }];
    const discounts = [{ amount: 200_000, description: 'member day' }];
    customerSpec
      .given([enrolled()])
      .when(purchase({ lines: discounted, discounts, program: withCampaigns([drinks]) }))
      .then([purchased({ lines: discounted, discounts }), earned({ points: 100 }), campaignEarned('drinks-triple', 200)]);
  });

  it('refuses an effect with a category but no multiplier, naming effect', () => {
    const state = { program: sampleProgram(), revision: 0, since: null };
    const broken = campaign({ effect: { category: 'drinks' } as never });
    expect(() => decideProgram({ type: 'CreateCampaign', data: { campaign: broken, now: '2026-05-01T00:00:00.000Z' } }, state)).toThrow(expect.objectContaining({ field: 'effect' }));
  });
});
