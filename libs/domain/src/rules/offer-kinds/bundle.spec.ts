import { OfferNotApplicable } from '../../errors';
import { decideProgram } from '../../program.decider';
import { customerSpec } from '../../testing/decider-spec';
import { earned, enrolled, offer, purchase, purchased, sampleProgram, withOffers } from '../../testing/fixtures';
import type { Offer } from '../offers';

const kopi = (quantity: number, unitPrice = 25_000) => [{ sku: 'KOPI-SUSU', category: 'drinks', quantity, unitPrice }];
const threeFor70k = offer({ offerId: 'kopi-3-for-70k', kind: 'bundle', sku: 'KOPI-SUSU', quantity: 3, price: 70_000 } as Partial<Offer>);
const program = withOffers([threeFor70k]);
const bought = (lines: ReturnType<typeof kopi>, total: number) => purchase({ lines, total, appliedOffers: ['kopi-3-for-70k'], program });

describe('a bundle offer: "3 for 70,000"', () => {
  it('4 items at Rp 25,000: three of them make a set for Rp 70,000 (5,000 off) and the fourth pays its shelf price, 95,000 in all', () => {
    customerSpec
      .given([enrolled()])
      .when(bought(kopi(4), 95_000))
      .then([purchased({ lines: kopi(4), total: 95_000, appliedOffers: [{ offerId: 'kopi-3-for-70k', discount: 5_000, lines: [{ line: 0, discount: 5_000 }] }] }), earned({ points: 9 })]);
  });

  it('exactly 3 items are one set: 70,000', () => {
    customerSpec
      .given([enrolled()])
      .when(bought(kopi(3), 70_000))
      .then([purchased({ lines: kopi(3), total: 70_000, appliedOffers: [{ offerId: 'kopi-3-for-70k', discount: 5_000, lines: [{ line: 0, discount: 5_000 }] }] }), earned({ points: 7 })]);
  });

  it('6 items are two sets and 7 two sets and one at its shelf price', () => {
    customerSpec
      .given([enrolled()])
      .when(bought(kopi(7), 165_000))
      .then([purchased({ lines: kopi(7), total: 165_000, appliedOffers: [{ offerId: 'kopi-3-for-70k', discount: 10_000, lines: [{ line: 0, discount: 10_000 }] }] }), earned({ points: 16 })]);
  });

  it('2 items make no set: the offer takes nothing off, and is refused naming it', () => {
    customerSpec.given([enrolled()]).when(bought(kopi(2), 50_000)).thenThrows(OfferNotApplicable, { field: 'appliedOffers[0]', message: 'appliedOffers[0]: offer kopi-3-for-70k takes nothing off this basket' });
  });

  it('a set the shelf sells for less than the bundle\'s price gives nothing', () => {
    customerSpec.given([enrolled()]).when(bought(kopi(3, 20_000), 60_000)).thenThrows(OfferNotApplicable, { field: 'appliedOffers[0]' });
  });

  it('a category\'s set takes the dearest units first, across lines, and shares its discount by their shelf prices', () => {
    const drinks = offer({ offerId: 'drinks-3-for-70k', kind: 'bundle', category: 'drinks', quantity: 3, price: 70_000 } as Partial<Offer>);
    // Units 30,000 30,000 20,000 make the set (80,000 on the shelf: 10,000 off); the last 20,000 pays its shelf price.
    const lines = [
      { sku: 'TEH', category: 'drinks', quantity: 2, unitPrice: 20_000 },
      { sku: 'KOPI', category: 'drinks', quantity: 2, unitPrice: 30_000 },
      { sku: 'RICE', category: 'groceries', quantity: 1, unitPrice: 100_000 },
    ];
    customerSpec
      .given([enrolled()])
      .when(purchase({ lines, total: 190_000, appliedOffers: ['drinks-3-for-70k'], program: withOffers([drinks]) }))
      .then([
        purchased({ lines, total: 190_000, appliedOffers: [{ offerId: 'drinks-3-for-70k', discount: 10_000, lines: [{ line: 0, discount: 2_500 }, { line: 1, discount: 7_500 }] }] }),
        earned({ points: 19 }),
      ]);
  });

  it('a bundle names its sku or its category, one of them: neither is refused naming sku', () => {
    const state = { program: sampleProgram(), revision: 0, since: null };
    const broken = offer({ kind: 'bundle', quantity: 3, price: 70_000, percent: undefined } as Partial<Offer>);
    expect(() => decideProgram({ type: 'CreateOffer', data: { offer: broken, now: '2026-05-01T00:00:00.000Z' } }, state)).toThrow(expect.objectContaining({ field: 'sku' }));
  });

  it('a bundle with a percentage (another kind\'s field) is refused naming percent', () => {
    const state = { program: sampleProgram(), revision: 0, since: null };
    const broken = offer({ kind: 'bundle', sku: 'KOPI', quantity: 3, price: 70_000 } as Partial<Offer>);
    expect(() => decideProgram({ type: 'CreateOffer', data: { offer: broken, now: '2026-05-01T00:00:00.000Z' } }, state)).toThrow(
      expect.objectContaining({ field: 'percent', message: 'percent: an offer of kind bundle has no percent' }),
    );
  });
});
