import { IdAlreadyUsed, InvalidProgram, OfferNotApplicable, OfferNotFound, TotalMismatch } from '../errors';
import { foldCustomer } from '../customer.state';
import type { ProgramEvent } from '../program.events';
import { customerSpec, programSpec } from '../testing/decider-spec';
import { earned, enrolled, NOW, offer, purchase, purchased, returned, returnGoods, reversed, sampleProgram, withOffers } from '../testing/fixtures';
import type { Offer } from './offers';
import { offersNow } from './offers';
import { tillFacts } from './registry';

const configured: ProgramEvent = { type: 'ProgramConfigured', data: { program: sampleProgram(), configuredAt: '2026-05-01T00:00:00.000Z' } };
const create = (o: Offer) => ({ type: 'CreateOffer' as const, data: { offer: o, now: '2026-05-02T00:00:00.000Z' } });
const created = (o: Offer): ProgramEvent => ({ type: 'OfferCreated', data: { offer: o, createdAt: '2026-05-02T00:00:00.000Z' } });
const tenOff = (total = 1_000_000) => [{ offerId: 'june-10', discount: total / 10 }];
/** The sample purchase's line, at its shelf price, whatever the offers take off it. */
const lines = [{ sku: 'rice-5kg', category: 'groceries', quantity: 1, unitPrice: 1_000_000 }];

describe('offers in the program\'s stream', () => {
  it('an offer is created once: the same again records nothing, another with its id is refused (409)', () => {
    programSpec.given([configured]).when(create(offer())).then([created(offer())]);
    programSpec.given([configured, created(offer())]).when(create(offer())).thenNothing();
    programSpec.given([configured, created(offer())]).when(create(offer({ percent: 20 } as Partial<Offer>))).thenThrows(IdAlreadyUsed, { field: 'offerId' });
  });

  it.each([
    ['an empty window', { from: '2026-06-30', to: '2026-06-01' }, 'to'],
    ['a date the calendar has not', { from: '2026-02-30' }, 'from'],
    ['an unknown tier', { tiers: ['Platinum'] }, 'tiers[0]'],
    ['an unknown store', { stores: ['sby-9'] }, 'stores[0]'],
    ['an unknown segment', { segment: 'lapsed' }, 'segment'],
    ['a limit per member of 0', { limitPerMember: 0 }, 'limitPerMember'],
    ['an unknown kind', { kind: 'freeItem' }, 'kind'],
    ['a field of another kind', { quantity: 3 }, 'quantity'],
  ] as Array<[string, Partial<Offer>, string]>)('refuses %s, naming %s', (_what, change, field) => {
    programSpec.given([configured]).when(create({ ...offer(), ...change } as Offer)).thenThrows(InvalidProgram, { field });
  });

  it('ending an offer records when; ending it again records nothing; an unknown one is 404', () => {
    const end = { type: 'EndOffer' as const, data: { offerId: 'june-10', now: '2026-06-10T00:00:00.000Z' } };
    const ended: ProgramEvent = { type: 'OfferEnded', data: { offerId: 'june-10', endedAt: '2026-06-10T00:00:00.000Z' } };
    programSpec.given([configured, created(offer())]).when(end).then([ended]);
    programSpec.given([configured, created(offer()), ended]).when(end).thenNothing();
    programSpec.given([configured]).when(end).thenThrows(OfferNotFound, { field: 'offerId' });
  });
});

describe('an offer applied at the till', () => {
  const applied = (change: Partial<Offer> = {}, data = {}) => purchase({ lines, total: 900_000, appliedOffers: ['june-10'], program: withOffers([offer(change)]), ...data });
  const refused = (message: string) => ({ field: 'appliedOffers[0]', message: `appliedOffers[0]: offer june-10 ${message}` });

  it('records what it took off, and the member earns on what they paid', () => {
    customerSpec.given([enrolled()]).when(applied()).then([purchased({ lines, total: 900_000, appliedOffers: tenOff() }), earned({ points: 90 })]);
  });

  it('is for members only: a buyer who has not enrolled is refused it', () => {
    customerSpec.given([purchased({ receiptId: 'r-0' })]).when(applied()).thenThrows(OfferNotApplicable, refused('is for members only'));
  });

  it('its window is judged in the store\'s time zone: 23:30 on its last day in Jakarta is in, the same instant in Makassar (00:30 the next day) is not', () => {
    const lastMinute = { occurredAt: '2026-06-30T16:30:00.000Z', now: '2026-06-30T16:31:00.000Z' };
    customerSpec
      .given([enrolled()])
      .when(applied({}, lastMinute))
      .then([purchased({ lines, total: 900_000, appliedOffers: tenOff(), occurredAt: lastMinute.occurredAt }), earned({ points: 90, occurredAt: lastMinute.occurredAt })]);
    customerSpec.given([enrolled()]).when(applied({}, { ...lastMinute, storeId: 'mks-1' })).thenThrows(OfferNotApplicable, refused('runs from 2026-06-01 to 2026-06-30, not on 2026-07-01'));
  });

  it('an offer for some tiers is refused to a member of another, and one for some stores at another store', () => {
    customerSpec.given([enrolled()]).when(applied({ tiers: ['Gold'] })).thenThrows(OfferNotApplicable, refused('is for members of Gold, not Bronze'));
    customerSpec.given([enrolled()]).when(applied({ stores: ['mks-1'] })).thenThrows(OfferNotApplicable, refused('does not run at store jkt-1'));
  });

  it('an offer for a segment is refused to a member outside it', () => {
    const program = withOffers([offer({ segment: 'regulars' })], { segments: [{ segmentId: 'regulars', name: 'Regulars', purchaseCount: { min: 5 }, definedAt: '2026-05-01T00:00:00.000Z' }] });
    customerSpec.given([enrolled()]).when(purchase({ lines, total: 900_000, appliedOffers: ['june-10'], program })).thenThrows(OfferNotApplicable, refused('is for the members of segment regulars'));
  });

  it('an offer ended is refused from its end on', () => {
    const program = withOffers([{ ...offer(), createdAt: '2026-05-01T00:00:00.000Z', endedAt: '2026-06-15T08:00:00.000Z' }]);
    customerSpec.given([enrolled()]).when(purchase({ lines, total: 900_000, appliedOffers: ['june-10'], program })).thenThrows(OfferNotApplicable, refused('was ended at 2026-06-15T08:00:00.000Z'));
  });

  it('an offer used up to its limit per member is refused; the uses are the member\'s own purchases that applied it', () => {
    const used = (receiptId: string) => purchased({ receiptId, lines, total: 900_000, appliedOffers: tenOff() });
    const program = withOffers([offer({ limitPerMember: 2 })]);
    customerSpec
      .given([enrolled(), used('r-a')])
      .when(purchase({ lines, total: 900_000, appliedOffers: ['june-10'], program }))
      .then([purchased({ lines, total: 900_000, appliedOffers: tenOff() }), earned({ points: 90 })]);
    customerSpec.given([enrolled(), used('r-a'), used('r-b')]).when(purchase({ lines, total: 900_000, appliedOffers: ['june-10'], program })).thenThrows(OfferNotApplicable, refused('was used 2 times, its limit per member'));
    // The till's retry of the purchase that used it last is the same purchase: nothing more, not a refusal.
    customerSpec.given([enrolled(), used('r-a'), used('r-1')]).when(purchase({ lines, total: 900_000, appliedOffers: ['june-10'], program })).thenNothing();
  });

  it('an offer the program does not have, or one asked for twice, is refused naming it', () => {
    customerSpec.given([enrolled()]).when(applied({}, { appliedOffers: ['ramadan-20'] })).thenThrows(OfferNotApplicable, { field: 'appliedOffers[0]', message: 'appliedOffers[0]: offer ramadan-20 is not an offer of the program' });
    customerSpec.given([enrolled()]).when(applied({}, { appliedOffers: ['june-10', 'june-10'] })).thenThrows(OfferNotApplicable, { field: 'appliedOffers[1]', message: 'appliedOffers[1]: offer june-10 appears twice' });
  });

  it('a total that leaves out what the offer took off is refused naming total', () => {
    customerSpec.given([enrolled()]).when(applied({}, { total: 1_000_000 })).thenThrows(TotalMismatch, { field: 'total' });
  });
});

describe('the membership card\'s discount: a tier\'s discountPercent', () => {
  const tiers = sampleProgram().tiers.map((tier) => (tier.name === 'Bronze' ? { ...tier, discountPercent: 5 } : tier));
  const program = withOffers([offer()], { tiers });

  it('takes its percentage off every purchase of the tier\'s members, recorded as the member\'s discount', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ lines, total: 950_000, program }))
      .then([purchased({ lines, total: 950_000, memberDiscount: { tier: 'Bronze', percent: 5, discount: 50_000 } }), earned({ points: 95 })]);
  });

  it('comes after the offers, off what they left: 10% then 5% of 900,000', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ lines, total: 855_000, appliedOffers: ['june-10'], program }))
      .then([purchased({ lines, total: 855_000, appliedOffers: tenOff(), memberDiscount: { tier: 'Bronze', percent: 5, discount: 45_000 } }), earned({ points: 85 })]);
  });

  it('a till that leaves it out of the total is refused naming total; a buyer who is not a member gets none', () => {
    customerSpec.given([enrolled()]).when(purchase({ lines, total: 1_000_000, program })).thenThrows(TotalMismatch, { field: 'total' });
    customerSpec.given([purchased({ receiptId: 'r-0' })]).when(purchase({ lines, total: 1_000_000, program })).then([purchased({ lines, total: 1_000_000 })]);
  });

  it('refuses a percentage of 0, naming the tier\'s discountPercent', () => {
    expect(() => programSpec.given([]).when({ type: 'ConfigureProgram', data: { program: sampleProgram({ tiers: [{ ...tiers[0], discountPercent: 0 }, ...tiers.slice(1)] }), now: NOW } }).then([])).toThrow(
      expect.objectContaining({ field: 'tiers[0].discountPercent' }),
    );
  });
});

describe('the offers a member may use now', () => {
  const program = withOffers([offer({ limitPerMember: 3 }), offer({ offerId: 'gold-only', tiers: ['Gold'] }), offer({ offerId: 'july', from: '2026-07-01', to: '2026-07-31' })]);

  it('are those of their tier, in their window today, with the uses they have left; the till\'s summary lists them', () => {
    const member = foldCustomer([enrolled(), purchased({ receiptId: 'r-a', lines, total: 900_000, appliedOffers: tenOff() })]);
    const expected = [{ ...offer({ limitPerMember: 3 }), usesLeft: 2 }];
    expect(offersNow(program.rules.offers!, member, member.rules.offers, NOW, program.rules)).toEqual(expected);
    expect(tillFacts(member, program.rules, NOW).offers).toEqual(expected);
  });

  it('a buyer who has not enrolled may use none', () => {
    const buyer = foldCustomer([purchased()]);
    expect(offersNow(program.rules.offers!, buyer, buyer.rules.offers, NOW, program.rules)).toEqual([]);
  });
});

describe('a return by lines of goods an offer priced', () => {
  // "Kopi 3 for 70,000" on three coffees at 25,000, with a 30,000 pastry: 100,000 paid, 10 points.
  const kopi3 = offer({ offerId: 'kopi-3', kind: 'bundle', sku: 'kopi-susu', quantity: 3, price: 70_000, percent: undefined } as Partial<Offer>);
  const basket = [
    { sku: 'kopi-susu', category: 'drinks', quantity: 3, unitPrice: 25_000 },
    { sku: 'roti', category: 'bakery', quantity: 1, unitPrice: 30_000 },
  ];
  const bundled = [enrolled(), purchased({ lines: basket, total: 100_000, appliedOffers: [{ offerId: 'kopi-3', discount: 5_000, lines: [{ line: 0, discount: 5_000 }] }] }), earned({ points: 10 })];
  const coffees = (quantity: number, returnId = 'ret-1') => returnGoods({ returnId, amount: undefined, lines: [{ sku: 'kopi-susu', quantity }], program: withOffers([kopi3]) });

  it('a coffee back breaks the set: the two kept cost their shelf price, so the refund is what was paid less that (20,000, not a third of 70,000)', () => {
    customerSpec
      .given(bundled)
      .when(coffees(1))
      .then([returned({ amount: 20_000, lines: [{ line: 0, sku: 'kopi-susu', quantity: 1 }] }), reversed({ points: 2 })]);
  });

  it('the rest of the set back refunds the rest of what the set was paid: the three coffees refund 70,000 in all', () => {
    const first = [returned({ amount: 20_000, lines: [{ line: 0, sku: 'kopi-susu', quantity: 1 }] }), reversed({ points: 2 })];
    customerSpec
      .given([...bundled, ...first])
      .when(coffees(2, 'ret-2'))
      .then([returned({ returnId: 'ret-2', amount: 50_000, lines: [{ line: 0, sku: 'kopi-susu', quantity: 2 }] }), reversed({ returnId: 'ret-2', points: 5 })]);
  });

  // 50,000 off a spend of 350,000: shoes at 300,000 and socks at 60,000 for 310,000; the offer may be used once.
  const spend350 = offer({ offerId: 'spend-350', kind: 'amountOff', amount: 50_000, minSpend: 350_000, limitPerMember: 1, percent: undefined } as Partial<Offer>);
  const outfit = [
    { sku: 'shoes', category: 'shoes', quantity: 1, unitPrice: 300_000 },
    { sku: 'socks', category: 'shoes', quantity: 1, unitPrice: 60_000 },
  ];
  const spent = [enrolled(), purchased({ lines: outfit, total: 310_000, appliedOffers: [{ offerId: 'spend-350', discount: 50_000 }] }), earned({ points: 31 })];
  const socksBack = [returned({ amount: 10_000, lines: [{ line: 1, sku: 'socks', quantity: 1 }] }), reversed({ points: 1 })];

  it('the socks back leave the shoes under the minimum spend: the 50,000 off comes off the refund (10,000 of the 60,000)', () => {
    customerSpec
      .given(spent)
      .when(returnGoods({ amount: undefined, lines: [{ sku: 'socks', quantity: 1 }], program: withOffers([spend350]) }))
      .then(socksBack);
  });

  it('the offer\'s use is not given back: the member who used it once may not use it again', () => {
    const state = foldCustomer([...spent, ...socksBack]);
    expect(state.rules.offers.uses.get('spend-350')).toBe(1);
    customerSpec
      .given([...spent, ...socksBack])
      .when(purchase({ receiptId: 'r-2', lines: outfit, total: 310_000, appliedOffers: ['spend-350'], program: withOffers([spend350]) }))
      .thenThrows(OfferNotApplicable, { field: 'appliedOffers[0]', message: 'appliedOffers[0]: offer spend-350 was used 1 times, its limit per member' });
  });
});
