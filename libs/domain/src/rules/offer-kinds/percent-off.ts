import { textSchema } from '../../json-schema';
import type { OfferKind } from './kind';
import { PERCENT_SCHEMA, percentOf, picks } from './kind';

/** `{kind: 'percentOff', percent, category?}`: a percentage off the basket, or off the lines of a category. */
export interface PercentOff {
  kind: 'percentOff';
  percent: number;
  category?: string;
}

export const percentOff: OfferKind<PercentOff> = {
  kind: 'percentOff',
  description: 'A percentage off the basket, or off the lines of one category',
  required: ['kind', 'percent'],
  optional: ['category'],
  properties: {
    kind: { type: 'string', enum: ['percentOff'], description: 'The kind' },
    percent: PERCENT_SCHEMA,
    category: textSchema('Only the lines of this product category, as the till sends it; absent: the whole basket'),
  },
  example: { kind: 'percentOff', percent: 10, category: 'drinks' },
  stage: (offer) => (offer.category === undefined ? 3 : 2),
  validate(offer, fail) {
    if (!(Number.isInteger(offer.percent) && offer.percent >= 1 && offer.percent <= 100)) fail('percent', 'must be a whole percentage from 1 to 100');
  },
  discount(offer, basket) {
    if (offer.category === undefined) return { lines: [], basket: percentOf(basket.left, offer.percent) };
    const lines: Array<{ line: number; discount: number }> = [];
    basket.lines.forEach((line, i) => {
      if (!picks(offer, line)) return;
      const discount = percentOf(line.left, offer.percent);
      if (discount > 0) lines.push({ line: i, discount });
    });
    return { lines, basket: 0 };
  },
};
