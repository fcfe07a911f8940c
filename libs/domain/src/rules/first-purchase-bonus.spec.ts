import { InvalidProgram } from '../errors';
import { customerSpec } from '../testing/decider-spec';
import { earned, enrolled, program, purchase, purchased, sampleProgram } from '../testing/fixtures';
import { validateProgram } from './registry';

const withBonus = (revision = 3) => program({ firstPurchaseBonus: { points: 50, minSpend: 500_000 } }, revision);
const bonus = (data: Partial<Parameters<typeof earned>[0]> = {}) => earned({ reason: 'first-purchase', points: 50, tier: undefined, ...data });

describe('the first purchase bonus', () => {
  it('a member\'s first purchase reaching the minimum spend earns the bonus after the purchase points, under the revision in force', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ program: withBonus(8) }))
      .then([purchased({ programRevision: 8 }), earned({ points: 100, programRevision: 8 }), bonus({ programRevision: 8 })]);
  });

  it('is given once: the next purchase earns the earn rate only', () => {
    customerSpec
      .given([enrolled(), purchased(), earned({ points: 100 }), bonus()])
      .when(purchase({ receiptId: 'r-2', program: withBonus() }))
      .then([purchased({ receiptId: 'r-2' }), earned({ points: 100, receiptId: 'r-2' })]);
  });

  it('a first purchase below the minimum earns no bonus; the first one reaching it does', () => {
    customerSpec.given([enrolled()]).when(purchase({ total: 400_000, program: withBonus() })).then([purchased({ total: 400_000 }), earned({ points: 40 })]);
    customerSpec
      .given([enrolled(), purchased({ total: 400_000 }), earned({ points: 40 })])
      .when(purchase({ receiptId: 'r-2', program: withBonus() }))
      .then([purchased({ receiptId: 'r-2' }), earned({ points: 100, receiptId: 'r-2' }), bonus({ receiptId: 'r-2' })]);
  });

  it('a buyer who is not a member earns no bonus, and a purchase before enrolling does not use it up', () => {
    customerSpec.given([]).when(purchase({ program: withBonus() })).then([purchased()]);
    customerSpec
      .given([purchased({ receiptId: 'r-0', occurredAt: '2026-01-02T00:00:00.000Z' }), enrolled()])
      .when(purchase({ program: withBonus() }))
      .then([purchased(), earned({ points: 100 }), bonus()]);
  });

  it('a program without its settings gives no bonus', () => {
    customerSpec.given([enrolled()]).when(purchase()).then([purchased(), earned({ points: 100 })]);
  });

  it('refuses settings that make no sense, naming the field', () => {
    expect(() => validateProgram(sampleProgram({ firstPurchaseBonus: { points: 50, minSpend: 0 } }))).not.toThrow();
    expect(() => validateProgram(sampleProgram({ firstPurchaseBonus: { points: 0, minSpend: 0 } }))).toThrow(InvalidProgram);
    expect(() => validateProgram(sampleProgram({ firstPurchaseBonus: { points: 0, minSpend: 0 } }))).toThrow(expect.objectContaining({ field: 'firstPurchaseBonus.points' }));
    expect(() => validateProgram(sampleProgram({ firstPurchaseBonus: { points: 50, minSpend: -1 } }))).toThrow(expect.objectContaining({ field: 'firstPurchaseBonus.minSpend' }));
  });
});
