import { multiplierOf, qualifyingSpend, qualifyingWindowStart, tierForSpend } from './tiers';
import { foldCustomer } from '../customer.state';
import { purchased, sampleProgram } from '../testing/fixtures';

const TIERS = sampleProgram().tiers;
const receipt = (occurredAt: string, total: number, returned = 0) => ({ occurredAt, total, returned });

describe('qualifying spend: net spend in the 12 months up to a moment', () => {
  it('counts purchases minus what was returned of them', () => {
    const receipts = [receipt('2026-03-01T00:00:00Z', 2_000_000, 500_000), receipt('2026-05-01T00:00:00Z', 1_000_000)];
    expect(qualifyingSpend(receipts, '2026-06-01T00:00:00Z')).toBe(2_500_000);
  });

  it('spend older than 12 months no longer counts', () => {
    const receipts = [receipt('2025-06-01T00:00:00Z', 9_000_000), receipt('2025-06-01T00:00:01Z', 1_000_000)];
    expect(qualifyingSpend(receipts, '2026-06-01T00:00:00Z')).toBe(1_000_000);
  });

  it('spend dated after the moment does not count yet', () => {
    expect(qualifyingSpend([receipt('2026-06-01T00:00:01Z', 1_000_000)], '2026-06-01T00:00:00Z')).toBe(0);
    expect(qualifyingSpend([receipt('2026-06-01T00:00:00Z', 1_000_000)], '2026-06-01T00:00:00Z')).toBe(1_000_000);
  });

  it('the window starts the same instant one year earlier', () => {
    expect(new Date(qualifyingWindowStart('2026-06-15T10:00:00.000Z')).toISOString()).toBe('2025-06-15T10:00:00.000Z');
  });
});

describe('tier for a qualifying spend', () => {
  it.each([
    [0, 'Bronze'],
    [4_999_999, 'Bronze'],
    [5_000_000, 'Silver'],
    [9_999_999, 'Silver'],
    [10_000_000, 'Gold'],
    [999_000_000, 'Gold'],
  ])('a spend of %i reaches %s', (spend, tier) => {
    expect(tierForSpend(TIERS, spend).name).toBe(tier);
  });

  it('a negative net spend stays in the first tier', () => {
    expect(tierForSpend(TIERS, -1).name).toBe('Bronze');
  });

  it('the multiplier is that of the tier held, even when the spend would reach another', () => {
    const spend = jest.fn(() => 50_000_000);
    expect(multiplierOf(TIERS, 'Silver', spend)).toBe(1.25);
    expect(spend).not.toHaveBeenCalled();
  });

  it('a tier the program no longer has earns with the multiplier of the tier the spend reaches', () => {
    expect(multiplierOf(TIERS, 'Platinum', () => 5_000_000)).toBe(1.25);
  });
});

describe('qualifying spend of a folded ledger', () => {
  it('the instants its receipts keep give the spend their dates give, at the edges of the window too', () => {
    const dates = ['2025-06-01T00:00:00.000Z', '2025-06-01T00:00:00.001Z', '2026-02-28T23:59:59.999Z', '2026-06-01T07:00:00+07:00', '2026-06-01T00:00:00.001Z'];
    const state = foldCustomer(dates.map((occurredAt, i) => purchased({ receiptId: `r-${i}`, occurredAt, total: 1_000_000 * 2 ** i })));
    const asDated = [...state.receipts.values()].map(({ occurredAt, total, returned }) => ({ occurredAt, total, returned }));
    for (const at of ['2026-06-01T00:00:00.000Z', '2026-06-01T00:00:00.001Z', '2027-02-28T23:59:59.999Z', '2027-03-01T00:00:00.000Z']) {
      expect(qualifyingSpend(state.receipts.values(), at)).toBe(qualifyingSpend(asDated, at));
    }
    expect(qualifyingSpend(state.receipts.values(), '2026-06-01T00:00:00.000Z')).toBe(1_000_000 * (2 + 4 + 8));
  });
});
