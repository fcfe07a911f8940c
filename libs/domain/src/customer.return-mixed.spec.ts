import { decideCustomer } from './customer.decider';
import type { CustomerEvent, PointsReversed, ReturnRecorded } from './customer.events';
import { foldCustomer } from './customer.state';
import type { StampsTakenBack } from './rules/stamp-cards';
import { campaign, enrol, KOPI_CARD as KOPI, program, purchase, returnGoods, WASH_CARD as WASH } from './testing/fixtures';

/**
 * One receipt returned in parts, some by an amount only and some by the goods that came back
 * (lines): what each return refunds, and what it takes back of the purchase's points, of a
 * campaign's points on a sku and of a stamp card's stamps. An amount named no goods, so the rules
 * spread it over the goods still kept; the goods named take back what they earned, less what the
 * amounts before already took. Whatever the order, a receipt returned in all gives back exactly
 * what it earned, and no return takes back twice what one refund paid for.
 */

const rules = program({
  stampCards: [KOPI, WASH],
  campaigns: [{ ...campaign({ campaignId: 'kopi-double', effect: { sku: 'kopi-susu', multiplier: 2 } }), createdAt: '2026-05-01T00:00:00.000Z' }],
});

const coffees = (quantity: number) => ({ sku: 'kopi-susu', category: 'drinks', quantity, unitPrice: 60_000 });
const cake = { sku: 'kue-lapis', category: 'bakery', quantity: 1, unitPrice: 700_000 };

/** What one return decided: its refund, the purchase's points, the campaign's points and the stamps it took back. */
interface Undone {
  refund: number;
  points: number;
  campaign: number;
  stamps: number;
}

type Step = { amount: number } | { lines: Array<{ sku: string; quantity: number }> };

/** A member buys these lines, then returns the receipt in these steps: what each step undid, and the member after. */
function returnInSteps(lines: Array<typeof cake>, steps: Step[]) {
  const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  let ledger: CustomerEvent[] = decideCustomer(enrol({ program: rules }), foldCustomer([]));
  ledger = [...ledger, ...decideCustomer(purchase({ lines, total, program: rules }), foldCustomer(ledger))];
  const undone = steps.map((step, i): Undone => {
    const command = returnGoods({ returnId: `ret-${i + 1}`, program: rules, ...('lines' in step ? { amount: undefined, lines: step.lines } : { amount: step.amount }) });
    const events = decideCustomer(command, foldCustomer(ledger));
    ledger = [...ledger, ...events];
    const reversals = events.filter((event): event is PointsReversed => event.type === 'PointsReversed');
    const sum = (reason: string) => reversals.filter((event) => (event.data.reason ?? 'purchase') === reason).reduce((points, event) => points + event.data.points, 0);
    return {
      refund: (events[0] as ReturnRecorded).data.amount,
      points: sum('purchase'),
      campaign: sum('campaign'),
      stamps: events.filter((event): event is StampsTakenBack => event.type === 'StampsTakenBack').reduce((stamps, event) => stamps + event.data.stamps, 0),
    };
  });
  const after = foldCustomer(ledger);
  const card = (cardId: string) => after.rules.stampCards.cards.get(cardId)?.onCard;
  return { undone, points: after.points, onCard: { KOPI: card('KOPI-10'), WASH: card('WASH') } };
}

const none = { refund: 0, points: 0, campaign: 0, stamps: 0 };

describe('one receipt returned by amount and by lines', () => {
  // Five coffees at 60,000 and a cake at 700,000: 100 points, 30 more from the coffees' double
  // points, 5 coffee stamps. (No wash: the WASH card is not stamped.)
  const basket = [coffees(5), cake];

  it('the purchase the specs start from: 100 points, 30 campaign points, 5 stamps', () => {
    expect(returnInSteps(basket, [])).toEqual({ undone: [], points: 130, onCard: { KOPI: 5, WASH: undefined } });
  });

  describe('an amount first, then lines', () => {
    it('an amount, then the coffees, then the cake: the amount took back its share of the receipt; the coffees refund nothing more and take back the rest of what they earned', () => {
      // 300,000 of 1,000,000: 30 points, 9 campaign points (3/10 of 30), and the receipt keeps
      // 3 of its 5 stamps (floor 5 × 7/10). The coffees then refund 1,000,000 − 700,000 (the cake
      // kept) − 300,000 = 0, and take back what was left of their campaign points and stamps; the
      // cake refunds the 700,000 left and its points.
      expect(returnInSteps(basket, [{ amount: 300_000 }, { lines: [{ sku: 'kopi-susu', quantity: 5 }] }, { lines: [{ sku: 'kue-lapis', quantity: 1 }] }])).toEqual({
        undone: [
          { refund: 300_000, points: 30, campaign: 9, stamps: 2 },
          { refund: 0, points: 0, campaign: 21, stamps: 3 },
          { refund: 700_000, points: 70, campaign: 0, stamps: 0 },
        ],
        points: 0,
        onCard: { KOPI: 0, WASH: undefined },
      });
    });

    it('an amount, then the cake: the coffees kept keep what the amount left them, nothing more goes', () => {
      expect(returnInSteps(basket, [{ amount: 300_000 }, { lines: [{ sku: 'kue-lapis', quantity: 1 }] }])).toEqual({
        undone: [
          { refund: 300_000, points: 30, campaign: 9, stamps: 2 },
          { refund: 400_000, points: 40, campaign: 0, stamps: 0 },
        ],
        points: 51,
        onCard: { KOPI: 3, WASH: undefined },
      });
    });
  });

  describe('lines first, then an amount', () => {
    it('the cake, then an amount: the amount is a share of the coffees kept, not of the whole receipt', () => {
      // The cake refunds 700,000 (70 points), none of the coffees' campaign points or stamps.
      // 100,000 more is a third of the 300,000 the coffees kept cost: a third of their 30 campaign
      // points (10), and they keep floor(5 × 2/3) = 3 stamps. The coffees last refund the 200,000 left.
      expect(
        returnInSteps(basket, [{ lines: [{ sku: 'kue-lapis', quantity: 1 }] }, { amount: 100_000 }, { lines: [{ sku: 'kopi-susu', quantity: 5 }] }]),
      ).toEqual({
        undone: [
          { refund: 700_000, points: 70, campaign: 0, stamps: 0 },
          { refund: 100_000, points: 10, campaign: 10, stamps: 2 },
          { refund: 200_000, points: 20, campaign: 20, stamps: 3 },
        ],
        points: 0,
        onCard: { KOPI: 0, WASH: undefined },
      });
    });

    it('two coffees, then the rest by amount: everything the receipt earned comes back, once', () => {
      expect(returnInSteps(basket, [{ lines: [{ sku: 'kopi-susu', quantity: 2 }] }, { amount: 880_000 }])).toEqual({
        undone: [
          { refund: 120_000, points: 12, campaign: 12, stamps: 2 },
          { refund: 880_000, points: 88, campaign: 18, stamps: 3 },
        ],
        points: 0,
        onCard: { KOPI: 0, WASH: undefined },
      });
    });
  });

  describe('goods the amount before already paid for', () => {
    // Five coffees only: 300,000, 30 points, 30 campaign points, 5 stamps.
    const fiveCoffees = [coffees(5)];

    it('60,000 by amount, then one coffee: the coffee refunds nothing and takes nothing more back, not a second stamp', () => {
      expect(returnInSteps(fiveCoffees, [{ amount: 60_000 }, { lines: [{ sku: 'kopi-susu', quantity: 1 }] }])).toEqual({
        undone: [{ refund: 60_000, points: 6, campaign: 6, stamps: 1 }, none],
        points: 48,
        onCard: { KOPI: 4, WASH: undefined },
      });
    });

    it('60,000 by amount, then four coffees: the coffee kept keeps its stamp; the last 60,000 by amount takes it', () => {
      expect(returnInSteps(fiveCoffees, [{ amount: 60_000 }, { lines: [{ sku: 'kopi-susu', quantity: 4 }] }, { amount: 60_000 }])).toEqual({
        undone: [
          { refund: 60_000, points: 6, campaign: 6, stamps: 1 },
          { refund: 180_000, points: 18, campaign: 18, stamps: 3 },
          { refund: 60_000, points: 6, campaign: 6, stamps: 1 },
        ],
        points: 0,
        onCard: { KOPI: 0, WASH: undefined },
      });
    });

    it('one coffee, then 60,000 by amount, then the four others: each refund takes back its own share, once', () => {
      expect(returnInSteps(fiveCoffees, [{ lines: [{ sku: 'kopi-susu', quantity: 1 }] }, { amount: 60_000 }, { lines: [{ sku: 'kopi-susu', quantity: 4 }] }])).toEqual({
        undone: [
          { refund: 60_000, points: 6, campaign: 6, stamps: 1 },
          { refund: 60_000, points: 6, campaign: 6, stamps: 1 },
          { refund: 180_000, points: 18, campaign: 18, stamps: 3 },
        ],
        points: 0,
        onCard: { KOPI: 0, WASH: undefined },
      });
    });
  });

  describe('a card stamped per receipt', () => {
    // Two washes at 60,000 and a wax at 20,000: 14 points, one WASH stamp (the washes reach 50,000).
    const washes = [{ sku: 'car-wash', category: 'services', quantity: 2, unitPrice: 60_000 }, { sku: 'wax', category: 'services', quantity: 1, unitPrice: 20_000 }];

    it('the wax, then an amount that leaves less than 50,000 paid: the stamp goes with the amount', () => {
      expect(returnInSteps(washes, [{ lines: [{ sku: 'wax', quantity: 1 }] }, { amount: 80_000 }])).toEqual({
        undone: [
          { refund: 20_000, points: 2, campaign: 0, stamps: 0 },
          { refund: 80_000, points: 8, campaign: 0, stamps: 1 },
        ],
        points: 4,
        onCard: { KOPI: undefined, WASH: 0 },
      });
    });

    it('30,000 by amount, then a wash: a wash kept and 80,000 paid, the stamp stays; the other wash takes it', () => {
      expect(returnInSteps(washes, [{ amount: 30_000 }, { lines: [{ sku: 'car-wash', quantity: 1 }] }, { lines: [{ sku: 'car-wash', quantity: 1 }] }])).toEqual({
        undone: [
          { refund: 30_000, points: 3, campaign: 0, stamps: 0 },
          { refund: 30_000, points: 3, campaign: 0, stamps: 0 },
          { refund: 60_000, points: 6, campaign: 0, stamps: 1 },
        ],
        points: 2,
        onCard: { KOPI: undefined, WASH: 0 },
      });
    });
  });
});
