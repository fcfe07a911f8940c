import { customerSpec } from '../../testing/decider-spec';
import { campaign, campaignEarned, earned, enrolled, purchase, purchased, withCampaigns } from '../../testing/fixtures';

const kopi = campaign({ campaignId: 'kopi-double', effect: { sku: 'kopi-susu', multiplier: 2 } });

describe('a campaign multiplier on one product\'s lines', () => {
  it('only that product\'s lines earn more, however many lines carry it', () => {
    const lines = [
      { sku: 'kopi-susu', category: 'drinks', quantity: 2, unitPrice: 125_000 },
      { sku: 'teh-tarik', category: 'drinks', quantity: 1, unitPrice: 500_000 },
      { sku: 'kopi-susu', category: 'drinks', quantity: 1, unitPrice: 250_000 },
    ];
    customerSpec
      .given([enrolled()])
      .when(purchase({ lines, program: withCampaigns([kopi]) }))
      .then([purchased({ lines }), earned({ points: 100 }), campaignEarned('kopi-double', 50)]);
  });

  it('a receipt without the product earns nothing from it', () => {
    customerSpec.given([enrolled()]).when(purchase({ program: withCampaigns([kopi]) })).then([purchased(), earned({ points: 100 })]);
  });
});
