import { foldCustomer } from './customer.state';
import type { CustomerEvent } from './customer.events';
import { monthOf, qualifyingSpend, qualifyingSpendOf } from './spend-by-month';
import { purchased, returned } from './testing/fixtures';

/** A small deterministic generator (mulberry32), so a failing ledger can be built again from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = Date.parse('2024-01-01T00:00:00.000Z');
const THREE_YEARS = 3 * 365 * 86_400_000;

/** Purchases dated anywhere in three years (in any order, some at the very edges of months), returns of some of them, some receipt ids recorded twice. */
function ledger(seed: number): { events: CustomerEvent[]; instants: number[] } {
  const next = random(seed);
  const events: CustomerEvent[] = [];
  const instants: number[] = [];
  const count = 5 + Math.floor(next() * 60);
  for (let i = 0; i < count; i++) {
    const edge = next() < 0.2;
    const at = edge ? Date.UTC(2024 + Math.floor(next() * 3), Math.floor(next() * 12), 1) - (next() < 0.5 ? 1 : 0) : START + Math.floor(next() * THREE_YEARS);
    instants.push(at);
    const receiptId = next() < 0.1 && i > 0 ? `r-${Math.floor(next() * i)}` : `r-${i}`;
    const total = 10_000 + Math.floor(next() * 1_000_000);
    events.push(purchased({ receiptId, occurredAt: new Date(at).toISOString(), total }));
    if (next() < 0.3) events.push(returned({ returnId: `ret-${i}`, receiptId, amount: Math.floor(total * next()) }));
  }
  return { events, instants };
}

describe('qualifying spend from the receipts by month', () => {
  it('is what summing every receipt gives, for 200 random ledgers at the edges of their receipts, of months and of the window', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const { events, instants } = ledger(seed);
      const state = foldCustomer(events);
      const moments = new Set<number>();
      for (const at of instants) for (const moment of [at, at - 1, at + 1]) {
        moments.add(moment);
        const yearLater = new Date(moment);
        yearLater.setUTCFullYear(yearLater.getUTCFullYear() + 1);
        for (const edge of [yearLater.getTime() - 1, yearLater.getTime(), yearLater.getTime() + 1]) moments.add(edge);
      }
      for (const moment of moments) {
        const at = new Date(moment).toISOString();
        expect([seed, at, qualifyingSpendOf(state, at)]).toEqual([seed, at, qualifyingSpend(state.receipts.values(), at)]);
      }
    }
  });

  it('keeps each month its receipts, their net spend and their first and last instants', () => {
    const state = foldCustomer([
      purchased({ receiptId: 'a', occurredAt: '2026-03-31T23:59:59.999Z', total: 300_000 }),
      purchased({ receiptId: 'b', occurredAt: '2026-03-01T00:00:00.000Z', total: 200_000 }),
      purchased({ receiptId: 'c', occurredAt: '2026-04-01T00:00:00.000Z', total: 100_000 }),
      returned({ receiptId: 'a', amount: 50_000 }),
      returned({ receiptId: 'unknown', amount: 70_000 }),
    ]);
    expect(state.spendByMonth.get(monthOf(Date.parse('2026-03-15T00:00:00Z')))).toEqual({
      net: 450_000,
      earliestMs: Date.parse('2026-03-01T00:00:00.000Z'),
      latestMs: Date.parse('2026-03-31T23:59:59.999Z'),
      receiptIds: ['a', 'b'],
    });
    expect(state.spendByMonth.get(monthOf(Date.parse('2026-04-01T00:00:00Z')))).toEqual({ net: 100_000, earliestMs: Date.parse('2026-04-01T00:00:00.000Z'), latestMs: Date.parse('2026-04-01T00:00:00.000Z'), receiptIds: ['c'] });
    expect(qualifyingSpendOf(state, '2026-04-01T00:00:00.000Z')).toBe(550_000);
    expect(qualifyingSpendOf(state, '2027-03-31T23:59:59.999Z')).toBe(100_000);
    expect(qualifyingSpendOf(state, '2027-03-31T23:59:59.998Z')).toBe(350_000);
  });
});
