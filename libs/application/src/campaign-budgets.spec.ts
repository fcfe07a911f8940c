import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { budgetStream } from '@setia/domain';
import type { CustomerEvent, ProgramVersion } from '@setia/domain';
import { SqliteEventStore, WrongExpectedRevision } from '@setia/event-store';
import { campaign, sampleProgram } from '../../domain/src/testing/fixtures';
import type { BudgetHold } from './campaign-budgets';
import { CampaignBudgets } from './campaign-budgets';

/** Two API processes' budget holders over one embedded store, and a campaign with a budget of `points`. */
function chain(points: number) {
  const dir = mkdtempSync(join(tmpdir(), 'setia-budgets-'));
  const store = new SqliteEventStore(join(dir, 'events.sqlite'));
  const program: ProgramVersion = {
    revision: 1,
    rules: { ...sampleProgram(), campaigns: [{ ...campaign({ budget: { points } }), createdAt: '2026-05-01T00:00:00.000Z' }] },
  };
  const close = async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { store, program, first: new CampaignBudgets(store), second: new CampaignBudgets(store), close };
}

/** What a purchase decided when the budget's points fell short of what the campaign would give. */
const short = (wanted: number, points = 0): CustomerEvent[] => [
  { type: 'CampaignBudgetExhausted', data: { campaignId: 'june-double', receiptId: 'r', storeId: 'jkt-1', wanted, points, occurredAt: '2026-06-15T09:00:00.000Z', programRevision: 1 } },
];
const gave = (points: number): CustomerEvent[] => [
  { type: 'PointsEarned', data: { reason: 'campaign', points, campaignId: 'june-double', receiptId: 'r', storeId: 'jkt-1', occurredAt: '2026-06-15T09:00:00.000Z', programRevision: 1 } },
];

/** Holds what a purchase wanting `wanted` may have, spends `spend` of it (as its decision gave), and gives the slices back. */
async function purchase(budgets: CampaignBudgets, store: SqliteEventStore, program: ProgramVersion, wanted: number, spend = wanted): Promise<{ held: number; hold: BudgetHold }> {
  const hold = budgets.hold();
  await budgets.holdMore('toko', program, hold, short(wanted));
  const held = budgets.points(hold)['june-double'] ?? 0;
  const appends = budgets.spendAppends(hold, gave(Math.min(spend, held)), 'c-1', `r-${Math.random()}`, { tenant: 'toko' }, 'purchase:r');
  try {
    if (appends.length > 0) await store.appendToStreams(appends);
    budgets.settle(hold, appends);
  } finally {
    budgets.release(hold);
  }
  return { held, hold };
}

describe('campaign budgets held in slices', () => {
  it('a purchase short of points takes a slice of what it lacks (a 256th of the budget when more), and the next one spends what is left of it', async () => {
    const { store, program, first, close } = chain(25_600);
    try {
      expect((await purchase(first, store, program, 30)).held).toBe(100);
      expect((await purchase(first, store, program, 50)).held).toBe(70);
      expect((await store.readStream(budgetStream('toko', 'june-double'))).map((event) => event.data)).toEqual([{ slice: 0, points: 100 }]);
      // 20 left in slice 0: a purchase wanting 150 holds it and a new slice of the 130 it lacks.
      expect((await purchase(first, store, program, 150)).held).toBe(150);
      expect((await store.readStream(budgetStream('toko', 'june-double'))).map((event) => event.data)).toEqual([
        { slice: 0, points: 100 },
        { slice: 1, points: 130 },
      ]);
    } finally {
      await close();
    }
  });

  it('never hands out more than the budget: the last slice is what is left, then nothing', async () => {
    const { store, program, first, second, close } = chain(100);
    try {
      expect((await purchase(first, store, program, 60)).held).toBe(60);
      expect((await purchase(second, store, program, 60)).held).toBe(40);
      expect((await purchase(first, store, program, 60)).held).toBe(0);
    } finally {
      await close();
    }
  });

  it('once the budget is handed out, what another process\'s slice has left is used; a stale copy of it is refused by its revision and read again', async () => {
    const { store, program, first, second, close } = chain(100);
    try {
      // The first process takes the whole budget in one slice and gives 30 of it.
      expect((await purchase(first, store, program, 100, 30)).held).toBe(100);
      // The second finds no budget to take, reads the first's slice and gives 50 of its 70.
      expect((await purchase(second, store, program, 50)).held).toBe(70);
      // The first still thinks its slice has 70: its append is refused, and read again it has 20.
      const hold = first.hold();
      await first.holdMore('toko', program, hold, short(60));
      expect(first.points(hold)).toEqual({ 'june-double': 70 });
      const appends = first.spendAppends(hold, gave(60), 'c-1', 'r-9', { tenant: 'toko' }, 'purchase:r-9');
      await expect(store.appendToStreams(appends)).rejects.toThrow(WrongExpectedRevision);
      first.release(hold);
      await first.refresh(appends[0].streamName);
      expect((await purchase(first, store, program, 60)).held).toBe(20);
      // The second's copy is stale in turn: refused, and read again the slice has nothing left.
      const stale = second.hold();
      await second.holdMore('toko', program, stale, short(60));
      expect(second.points(stale)).toEqual({ 'june-double': 20 });
      const refused = second.spendAppends(stale, gave(20), 'c-1', 'r-10', { tenant: 'toko' }, 'purchase:r-10');
      await expect(store.appendToStreams(refused)).rejects.toThrow(WrongExpectedRevision);
      second.release(stale);
      await second.refresh(refused[0].streamName);
      expect((await purchase(second, store, program, 60)).held).toBe(0);
    } finally {
      await close();
    }
  });

  it('a purchase with no points waits for the slices another decision of its process holds, and gets what that one left', async () => {
    const { store, program, first, close } = chain(100);
    try {
      const holding = first.hold();
      await first.holdMore('toko', program, holding, short(100));
      expect(first.points(holding)).toEqual({ 'june-double': 100 });
      const waiting = purchase(first, store, program, 50);
      // The holder gives 30 and gives its slice back: the waiting purchase then holds the other 70.
      const appends = first.spendAppends(holding, gave(30), 'c-2', 'r-1', { tenant: 'toko' }, 'purchase:r-1');
      await store.appendToStreams(appends);
      first.settle(holding, appends);
      expect((await waiting).held).toBe(70);
    } finally {
      await close();
    }
  });
});
