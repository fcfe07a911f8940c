import { OfferNotApplicable } from '../../errors';
import { decideProgram } from '../../program.decider';
import { customerSpec } from '../../testing/decider-spec';
import { earned, enrolled, offer, purchase, purchased, sampleProgram, withOffers } from '../../testing/fixtures';
import type { Offer } from '../offers';

const spend350k = offer({ offerId: 'spend-350k', kind: 'amountOff', amount: 50_000, minSpend: 350_000, percent: undefined } as Partial<Offer>);
const basketOf = (amount: number) => [{ sku: 'RICE', quantity: 1, unitPrice: amount }];

describe('an amount-off offer with a minimum spend: "spend Rp 350,000, get 50,000 off"', () => {
  it('a basket of exactly 350,000 gets it: 300,000 to pay', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ lines: basketOf(350_000), total: 300_000, appliedOffers: ['spend-350k'], program: withOffers([spend350k]) }))
      .then([purchased({ lines: basketOf(350_000), total: 300_000, appliedOffers: [{ offerId: 'spend-350k', discount: 50_000 }] }), earned({ points: 30 })]);
  });

  it('a basket of 349,999 does not reach it: refused naming the offer, nothing recorded', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ lines: basketOf(349_999), total: 299_999, appliedOffers: ['spend-350k'], program: withOffers([spend350k]) }))
      .thenThrows(OfferNotApplicable, { field: 'appliedOffers[0]', message: 'appliedOffers[0]: offer spend-350k takes nothing off this basket' });
  });

  it('the minimum spend is judged on what is left after the percentages: 10% off 380,000 leaves 342,000, short of it', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ lines: basketOf(380_000), total: 292_000, appliedOffers: ['spend-350k', 'june-10'], program: withOffers([spend350k, offer()]) }))
      .thenThrows(OfferNotApplicable, { field: 'appliedOffers[0]' });
  });

  it('without a minimum spend it never takes off more than is left to pay', () => {
    const voucherLike = offer({ offerId: 'fifty-off', kind: 'amountOff', amount: 50_000, percent: undefined } as Partial<Offer>);
    customerSpec
      .given([enrolled()])
      .when(purchase({ lines: basketOf(30_000), total: 0, appliedOffers: ['fifty-off'], program: withOffers([voucherLike]) }))
      .then([purchased({ lines: basketOf(30_000), total: 0, appliedOffers: [{ offerId: 'fifty-off', discount: 30_000 }] })]);
  });

  it('refuses an amount of 0, naming amount', () => {
    const state = { program: sampleProgram(), revision: 0, since: null };
    expect(() => decideProgram({ type: 'CreateOffer', data: { offer: { ...spend350k, amount: 0 } as Offer, now: '2026-05-01T00:00:00.000Z' } }, state)).toThrow(
      expect.objectContaining({ field: 'amount' }),
    );
  });
});
