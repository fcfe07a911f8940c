import { moneySchema } from '../../json-schema';
import { isNonNegativeInteger, isPositiveInteger } from '../../program';
import type { OfferKind } from './kind';

/** `{kind: 'amountOff', amount, minSpend?}`: an amount off a basket of at least `minSpend`. */
export interface AmountOff {
  kind: 'amountOff';
  amount: number;
  minSpend?: number;
}

export const amountOff: OfferKind<AmountOff> = {
  kind: 'amountOff',
  description: 'An amount off a basket that reaches a minimum spend',
  required: ['kind', 'amount'],
  optional: ['minSpend'],
  properties: {
    kind: { type: 'string', enum: ['amountOff'], description: 'The kind' },
    amount: moneySchema('Taken off the basket (integer minor units); never more than is left to pay', 1),
    minSpend: moneySchema('The smallest basket it applies to: what the member would pay by then, after bundles and percentages (integer minor units); absent: any'),
  },
  example: { kind: 'amountOff', amount: 50_000, minSpend: 350_000 },
  stage: () => 4,
  validate(offer, fail) {
    if (!isPositiveInteger(offer.amount)) fail('amount', 'must be a whole amount, more than 0');
    if (offer.minSpend !== undefined && !isNonNegativeInteger(offer.minSpend)) fail('minSpend', 'must be a whole amount, not negative');
  },
  discount(offer, basket) {
    if (basket.left < (offer.minSpend ?? 0)) return { lines: [], basket: 0 };
    return { lines: [], basket: Math.min(offer.amount, basket.left) };
  },
};
