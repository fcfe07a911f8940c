import { addDays } from '@setia/domain';
import { emptyCustomerDoc } from '../customer-profile';
import { activeCustomersDashboard, activeDayChanges } from './active-customers';
import type { ActiveCustomerChangesDoc } from './active-customers';

/** The figures on `on` by definition: bought at all by then, and within the 30 and 90 days ending then. */
function counted(days: string[], on: string) {
  const within = (window: number) => (days.some((x) => x <= on && addDays(x, window) > on) ? 1 : 0);
  return { customers: days.some((x) => x <= on) ? 1 : 0, last30Days: within(30), last90Days: within(90) };
}

/** The figures on `on` from the changes: their sums over the days up to it. */
function summed(changes: ReturnType<typeof activeDayChanges>, on: string) {
  const sums = { customers: 0, last30Days: 0, last90Days: 0 };
  for (const change of changes) if (change.date <= on) sums[change.field] += change.amount;
  return sums;
}

describe('active customers by day, kept as changes', () => {
  it('a first purchase counts the customer from that day: 30 days, 90 days, and for good', () => {
    expect(activeDayChanges([], '2026-03-10')).toEqual([
      { date: '2026-03-10', field: 'customers', amount: 1 },
      { date: '2026-03-10', field: 'last30Days', amount: 1 },
      { date: '2026-04-09', field: 'last30Days', amount: -1 },
      { date: '2026-03-10', field: 'last90Days', amount: 1 },
      { date: '2026-06-08', field: 'last90Days', amount: -1 },
    ]);
  });

  it('a second purchase in the window extends it from where the first one ends; the same day again changes nothing', () => {
    expect(activeDayChanges(['2026-03-10'], '2026-03-20')).toEqual([
      { date: '2026-04-09', field: 'last30Days', amount: 1 },
      { date: '2026-04-19', field: 'last30Days', amount: -1 },
      { date: '2026-06-08', field: 'last90Days', amount: 1 },
      { date: '2026-06-18', field: 'last90Days', amount: -1 },
    ]);
    expect(activeDayChanges(['2026-03-10'], '2026-03-10')).toEqual([]);
  });

  it('a receipt dated before the first purchase moves the first day earlier', () => {
    expect(activeDayChanges(['2026-03-10'], '2026-01-01').filter((change) => change.field === 'customers')).toEqual([
      { date: '2026-01-01', field: 'customers', amount: 1 },
      { date: '2026-03-10', field: 'customers', amount: -1 },
    ]);
  });

  it('purchase days in any order sum, on every day, to the figures by definition', () => {
    let seed = 18;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let customer = 0; customer < 50; customer++) {
      const days: string[] = [];
      const changes: ReturnType<typeof activeDayChanges> = [];
      for (let purchase = 0; purchase < 1 + Math.floor(random() * 8); purchase++) {
        const day = addDays('2026-01-01', Math.floor(random() * 300));
        changes.push(...activeDayChanges(days, day));
        if (!days.includes(day)) days.push(day);
      }
      for (let offset = -5; offset < 420; offset++) {
        const on = addDays('2026-01-01', offset);
        expect({ on, ...summed(changes, on) }).toEqual({ on, ...counted(days, on) });
      }
    }
  });

  it('a purchase counts in the chain over every store\'s days, and in its store over that store\'s days only (S1 is not S10)', () => {
    const before = { ...emptyCustomerDoc('acme', 'c1'), storeDays: ['S10|2026-01-05', 'S1|2025-12-01', 'S10|2026-04-20'] };
    // 10:00 in Jakarta on 10 March.
    const purchase = { type: 'PurchaseRecorded', data: { receiptId: 'R1', storeId: 'S1', occurredAt: '2026-03-10T03:00:00.000Z', currency: 'IDR', total: 100_000, lines: [] } };
    const updates = activeCustomersDashboard.on.PurchaseRecorded!(purchase as never, before, () => 'Asia/Jakarta', []);
    const rows = updates.map((update) => update.apply(null) as ActiveCustomerChangesDoc);
    const changes = (storeId: string) => rows.filter((row) => row.storeId === storeId).map(({ date, customers, last30Days, last90Days }) => ({ date, customers, last30Days, last90Days }));
    // The chain: between 5 January (its 90 days reach 4 April) and 20 April.
    expect(changes('*')).toEqual([
      { date: '2026-03-10', customers: 0, last30Days: 1, last90Days: 0 },
      { date: '2026-04-09', customers: 0, last30Days: -1, last90Days: 0 },
      { date: '2026-04-05', customers: 0, last30Days: 0, last90Days: 1 },
      { date: '2026-04-20', customers: 0, last30Days: 0, last90Days: -1 },
    ]);
    // S1: after 1 December only (its 90 days ended on 28 February), nothing after.
    expect(changes('S1')).toEqual([
      { date: '2026-03-10', customers: 0, last30Days: 1, last90Days: 1 },
      { date: '2026-04-09', customers: 0, last30Days: -1, last90Days: 0 },
      { date: '2026-06-08', customers: 0, last30Days: 0, last90Days: -1 },
    ]);
    expect(changes('S10')).toEqual([]);
  });
});
