import { OfferNotApplicable } from '../../errors';
import { decideProgram } from '../../program.decider';
import { customerSpec } from '../../testing/decider-spec';
import { earned, enrolled, offer, purchase, purchased, sampleProgram, withOffers } from '../../testing/fixtures';
import type { Offer } from '../offers';

const lines = [
  { sku: 'KOPI', category: 'drinks', quantity: 3, unitPrice: 33_333 },
  { sku: 'RICE', category: 'groceries', quantity: 1, unitPrice: 500_001 },
];

describe('a percentage-off offer', () => {
  it('off the basket: 10% of Rp 600,000 is 60,000, and points are earned on the 540,000 paid', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ lines, total: 540_000, appliedOffers: ['june-10'], program: withOffers([offer()]) }))
      .then([purchased({ lines, total: 540_000, appliedOffers: [{ offerId: 'june-10', discount: 60_000 }] }), earned({ points: 54 })]);
  });

  it('off a category: only its lines, each rounded down — 15% of the drinks\' 99,999 is 14,999; the rice pays in full', () => {
    const drinks = offer({ offerId: 'drinks-15', percent: 15, category: 'drinks' });
    customerSpec
      .given([enrolled()])
      .when(purchase({ lines, total: 585_001, appliedOffers: ['drinks-15'], program: withOffers([drinks]) }))
      .then([purchased({ lines, total: 585_001, appliedOffers: [{ offerId: 'drinks-15', discount: 14_999, lines: [{ line: 0, discount: 14_999 }] }] }), earned({ points: 58 })]);
  });

  it('off a category the basket does not have: it takes nothing off and is refused naming it', () => {
    const shoes = offer({ offerId: 'shoes-20', percent: 20, category: 'shoes' });
    customerSpec
      .given([enrolled()])
      .when(purchase({ lines, total: 600_000, appliedOffers: ['shoes-20'], program: withOffers([shoes]) }))
      .thenThrows(OfferNotApplicable, { field: 'appliedOffers[0]', message: 'appliedOffers[0]: offer shoes-20 takes nothing off this basket' });
  });

  it('a category\'s percentage comes before the basket\'s, which is of what the lines left', () => {
    const drinks = offer({ offerId: 'drinks-50', percent: 50, category: 'drinks' });
    const basket = [{ sku: 'KOPI', category: 'drinks', quantity: 1, unitPrice: 100_000 }, { sku: 'RICE', quantity: 1, unitPrice: 100_000 }];
    // drinks-50 takes 50,000 off the kopi; june-10 then 10% of the 150,000 left: 15,000.
    customerSpec
      .given([enrolled()])
      .when(purchase({ lines: basket, total: 135_000, appliedOffers: ['june-10', 'drinks-50'], program: withOffers([offer(), drinks]) }))
      .then([
        purchased({ lines: basket, total: 135_000, appliedOffers: [{ offerId: 'drinks-50', discount: 50_000, lines: [{ line: 0, discount: 50_000 }] }, { offerId: 'june-10', discount: 15_000 }] }),
        earned({ points: 13 }),
      ]);
  });

  it('refuses a percentage above 100, naming percent', () => {
    const state = { program: sampleProgram(), revision: 0, since: null };
    expect(() => decideProgram({ type: 'CreateOffer', data: { offer: offer({ percent: 101 } as Partial<Offer>), now: '2026-05-01T00:00:00.000Z' } }, state)).toThrow(
      expect.objectContaining({ field: 'percent' }),
    );
  });
});
