import { idSchema, integerSchema, moneySchema, textSchema } from '../../json-schema';
import { isPositiveInteger } from '../../program';
import type { OfferKind, PricedLine } from './kind';
import { picks } from './kind';

/**
 * `{kind: 'bundle', sku | category, quantity, price}`: "3 for 70,000". The units the offer names
 * go in sets of `quantity`, each set for `price` instead of its units' shelf prices; units left
 * over (4 at "3 for 70,000": the fourth) pay their shelf price. When the units differ in price
 * (a category), the dearest go into sets first, so the member gets the most off; a set that costs
 * less on the shelf than the bundle's price gives nothing.
 */
export interface Bundle {
  kind: 'bundle';
  sku?: string;
  category?: string;
  quantity: number;
  price: number;
}

/** Units of one line in a set: how many, at what shelf price. */
interface Part {
  line: number;
  unitPrice: number;
  count: number;
}

export const bundle: OfferKind<Bundle> = {
  kind: 'bundle',
  description: 'Sets of a product (or of a category) for a price: "3 for 70,000"',
  required: ['kind', 'quantity', 'price'],
  optional: ['sku', 'category'],
  properties: {
    kind: { type: 'string', enum: ['bundle'], description: 'The kind' },
    sku: idSchema('The product of the set (give sku or category)'),
    category: textSchema('The product category of the set, as the till sends it (give sku or category)'),
    quantity: integerSchema('Units in a set', 2, 1_000),
    price: moneySchema('What a set costs (integer minor units)', 1),
  },
  example: { kind: 'bundle', sku: 'KOPI-SUSU', quantity: 3, price: 70_000 },
  stage: () => 1,
  validate(offer, fail) {
    if ((offer.sku === undefined) === (offer.category === undefined)) fail('sku', 'a bundle names the sku or the category of its set (one of them)');
    if (!(Number.isInteger(offer.quantity) && offer.quantity >= 2 && offer.quantity <= 1_000)) fail('quantity', 'must be a whole number of units from 2 to 1000');
    if (!isPositiveInteger(offer.price)) fail('price', 'must be a whole amount, more than 0');
  },
  discount(offer, basket) {
    const named = basket.lines.flatMap((line, i) => (picks(offer, line) ? [{ line: i, unitPrice: line.unitPrice, count: line.quantity }] : []));
    named.sort((a, b) => b.unitPrice - a.unitPrice || a.line - b.line);
    const off = new Map<number, bigint>();
    const give = (line: number, amount: bigint) => off.set(line, (off.get(line) ?? 0n) + amount);
    const { quantity, price } = offer;
    const setPrice = BigInt(price);
    let set: Part[] = [];
    let inSet = 0;
    const close = () => {
      const shelf = set.reduce((sum, part) => sum + BigInt(part.unitPrice) * BigInt(part.count), 0n);
      const discount = shelf > setPrice ? shelf - setPrice : 0n;
      // Shared by the lines of the set as their shelf prices are; what rounding leaves, to the first.
      let given = 0n;
      for (const part of set.slice(1)) {
        const share = (discount * BigInt(part.unitPrice) * BigInt(part.count)) / shelf;
        give(part.line, share);
        given += share;
      }
      give(set[0].line, discount - given);
      set = [];
      inSet = 0;
    };
    for (const run of named) {
      let remaining = run.count;
      if (inSet > 0) {
        const taken = Math.min(quantity - inSet, remaining);
        set.push({ ...run, count: taken });
        inSet += taken;
        remaining -= taken;
        if (inSet === quantity) close();
      }
      const whole = Math.floor(remaining / quantity);
      if (whole > 0) {
        const shelf = BigInt(quantity) * BigInt(run.unitPrice);
        if (shelf > setPrice) give(run.line, BigInt(whole) * (shelf - setPrice));
        remaining -= whole * quantity;
      }
      if (remaining > 0) {
        set.push({ ...run, count: remaining });
        inSet += remaining;
      }
    }
    const lines: Array<{ line: number; discount: number }> = [];
    for (const [line, amount] of [...off].sort((a, b) => a[0] - b[0])) {
      const discount = Math.min(Number(amount), (basket.lines[line] as PricedLine).left);
      if (discount > 0) lines.push({ line, discount });
    }
    return { lines, basket: 0 };
  },
};
