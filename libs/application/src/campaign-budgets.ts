import { Inject, Injectable } from '@nestjs/common';
import {
  budgetSliceStream,
  budgetStream,
  evolveBudget,
  evolveSlice,
  initialBudgetState,
  sliceSize,
  storedHash,
  takeSlice,
} from '@setia/domain';
import type { BudgetEvent, BudgetSliceEvent, BudgetState, CustomerEvent, ProgramCampaign, ProgramVersion } from '@setia/domain';
import { EVENT_STORE, WrongExpectedRevision } from '@setia/event-store';
import type { EventStore, StreamAppend } from '@setia/event-store';
import type { CommandContext } from './envelope';
import { envelope } from './envelope';
import { KeyedLock } from './keyed-lock';

/** A slice of a campaign's budget as this process knows it. */
interface Slice {
  tenant: string;
  campaignId: string;
  slice: number;
  streamName: string;
  left: number;
  /** Revision of the slice stream's last event, and its hash (the next event chains to it). */
  revision: number;
  lastHash: string | null;
  /** Held by a decision under way: no other decision of this process spends from it meanwhile. */
  busy: boolean;
}

/** The slices one decision holds, by campaign, and the budget streams it gives back to. */
export interface BudgetHold {
  slices: Slice[];
}

/** The budget's own stream as last read. */
interface KnownBudget {
  state: BudgetState;
  revision: number;
  lastHash: string | null;
}

/** A budget found all handed out and its slices empty is not looked through again for this long. */
const EMPTY_FOR_MS = 200;
/** A decision with no points waits for others of this process to give theirs back, at most this many times, this long each. */
const MAX_WAITS = 20;
const RELEASE_WAIT_MS = 25;

/** Idle slices of the pool with points, held until they cover `short`: the points added. */
function holdIdle(pool: Slice[], hold: BudgetHold, short: number): number {
  let added = 0;
  for (const slice of pool) {
    if (added >= short) break;
    if (slice.busy || slice.left <= 0) continue;
    slice.busy = true;
    hold.slices.push(slice);
    added += slice.left;
  }
  return added;
}

/**
 * The write side of campaign budgets (see campaign-budget.ts in the domain): the slices this process
 * holds, each spent by one decision at a time, so purchases of one process never wait on each
 * other's appends beyond their own slice and the processes of the chain meet on the budget's
 * stream only when one takes a new slice. The points a decision may give are those of the slices
 * it holds; what it gave is appended to them with the customer's events, each slice at the
 * revision read, so a slice another process spent from meanwhile refuses the append and the
 * decision is made again on what it has left. When the budget is all handed out, the slices other
 * processes took (or a process that stopped left) are read and their points used, so a budget is
 * given to its last point.
 */
@Injectable()
export class CampaignBudgets {
  private readonly pools = new Map<string, Slice[]>();
  private readonly budgets = new Map<string, KnownBudget>();
  private readonly emptyUntil = new Map<string, number>();
  /** Decisions waiting for slices to be given back. */
  private readonly waiting: Array<() => void> = [];
  private readonly lock = new KeyedLock();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  hold(): BudgetHold {
    return { slices: [] };
  }

  /** The points the held slices have, by campaign: what the decision may give. */
  points(hold: BudgetHold): Record<string, number> {
    const points: Record<string, number> = {};
    for (const slice of hold.slices) points[slice.campaignId] = (points[slice.campaignId] ?? 0) + slice.left;
    return points;
  }

  /**
   * Before a purchase is decided: an idle slice with points of each running campaign with a budget,
   * from what this process holds already (no read), so that most purchases are decided once.
   */
  holdIdle(tenant: string, program: ProgramVersion, hold: BudgetHold): void {
    for (const campaign of program.rules.campaigns ?? []) {
      if (!campaign.budget || campaign.endedAt !== undefined) continue;
      const slice = this.pools.get(budgetStream(tenant, campaign.campaignId))?.find((candidate) => !candidate.busy && candidate.left > 0);
      if (!slice) continue;
      slice.busy = true;
      hold.slices.push(slice);
    }
  }

  /**
   * The campaigns whose budget fell short in a decision (`wanted` more than the points held), held
   * more of: idle slices of this process, a new slice, or else the slices others left. Whether
   * anything was added (so the decision is worth making again).
   */
  async holdMore(tenant: string, program: ProgramVersion, hold: BudgetHold, events: readonly CustomerEvent[]): Promise<boolean> {
    let added = false;
    for (const event of events) {
      if (event.type !== 'CampaignBudgetExhausted') continue;
      const campaign = program.rules.campaigns?.find((known) => known.campaignId === event.data.campaignId);
      if (!campaign?.budget) continue;
      const short = event.data.wanted - event.data.points;
      if (await this.holdPoints(tenant, campaign, hold, short)) added = true;
    }
    return added;
  }

  /** What the decision gave from each campaign's budget, appended to the slices it holds: one append per slice used. */
  spendAppends(hold: BudgetHold, events: readonly CustomerEvent[], customerId: string, receiptId: string, context: CommandContext, commandId: string): StreamAppend[] {
    const appends: StreamAppend[] = [];
    for (const event of events) {
      if (event.type !== 'PointsEarned' || event.data.campaignId === undefined) continue;
      let owed = event.data.points;
      for (const slice of hold.slices) {
        if (owed === 0) break;
        if (slice.campaignId !== event.data.campaignId || slice.left === 0) continue;
        const points = Math.min(owed, slice.left);
        owed -= points;
        appends.push(this.sliceAppend(slice, { type: 'BudgetSpent', data: { customerId, receiptId, points } }, context, commandId));
      }
    }
    return appends;
  }

  /**
   * A return's campaign points given back: to a slice this process holds idle (held for the
   * decision), else to the budget's own stream.
   */
  async giveBackAppends(tenant: string, program: ProgramVersion, hold: BudgetHold, events: readonly CustomerEvent[], customerId: string, context: CommandContext, commandId: string): Promise<StreamAppend[]> {
    const appends: StreamAppend[] = [];
    for (const event of events) {
      if (event.type !== 'PointsReversed' || event.data.campaignId === undefined) continue;
      const campaign = program.rules.campaigns?.find((known) => known.campaignId === event.data.campaignId);
      if (!campaign?.budget) continue;
      const givenBack: BudgetSliceEvent = { type: 'BudgetGivenBack', data: { customerId, returnId: event.data.returnId, points: event.data.points } };
      const slice = this.pool(tenant, campaign.campaignId).find((candidate) => !candidate.busy);
      if (slice) {
        slice.busy = true;
        hold.slices.push(slice);
        appends.push(this.sliceAppend(slice, givenBack, context, commandId));
        continue;
      }
      const budget = await this.readBudget(tenant, campaign.campaignId);
      appends.push({
        streamName: budgetStream(tenant, campaign.campaignId),
        events: envelope([givenBack], commandId, { tenant }, budget.lastHash),
        expectedRevision: budget.revision < 0 ? 'no_stream' : budget.revision,
      });
    }
    return appends;
  }

  /** The appends were made: the slices have given (or got back) what they record, and are free again. */
  settle(hold: BudgetHold, appends: readonly StreamAppend[]): void {
    const bySlice = new Map(hold.slices.map((slice) => [slice.streamName, slice]));
    for (const append of appends) {
      const slice = bySlice.get(append.streamName);
      if (!slice) continue;
      for (const event of append.events) slice.left = evolveSlice(slice.left, event as unknown as BudgetSliceEvent);
      slice.revision += append.events.length;
      slice.lastHash = storedHash(append.events[append.events.length - 1]);
    }
    this.release(hold);
  }

  release(hold: BudgetHold): void {
    if (hold.slices.length === 0) return;
    for (const slice of hold.slices) slice.busy = false;
    hold.slices = [];
    const waiting = this.waiting.splice(0);
    for (const wake of waiting) wake();
  }

  /** Whether a stream is one of the budgets' (a refused append there means: read it again and decide again). */
  isBudgetStream(streamName: string): boolean {
    return streamName.startsWith('budgetslice-') || streamName.startsWith('budget-');
  }

  /** A budget stream refused an append: what this process knows of it is read again. */
  async refresh(streamName: string): Promise<void> {
    for (const pool of this.pools.values()) {
      const slice = pool.find((candidate) => candidate.streamName === streamName);
      if (slice) await this.readSlice(slice);
    }
    for (const key of this.budgets.keys()) if (key === streamName) this.budgets.delete(key);
  }

  private pool(tenant: string, campaignId: string): Slice[] {
    const key = budgetStream(tenant, campaignId);
    let pool = this.pools.get(key);
    if (!pool) this.pools.set(key, (pool = []));
    return pool;
  }

  private async holdPoints(tenant: string, campaign: ProgramCampaign, hold: BudgetHold, short: number): Promise<boolean> {
    const pool = this.pool(tenant, campaign.campaignId);
    for (let waits = 0; ; waits++) {
      const added = holdIdle(pool, hold, short);
      if (added >= short) return true;
      const taken = await this.takeSlice(tenant, campaign, short - added);
      if (taken) {
        hold.slices.push(taken);
        return true;
      }
      if ((await this.adoptSlices(tenant, campaign.campaignId, hold, short - added)) || added > 0) return true;
      // With nothing at all, what other decisions of this process hold may be left over when they
      // are done: wait for one to finish and look again, so a budget is given to its last point.
      if (hold.slices.some((slice) => slice.campaignId === campaign.campaignId && slice.left > 0)) return false;
      if (waits >= MAX_WAITS || !pool.some((slice) => slice.busy && slice.left > 0 && !hold.slices.includes(slice))) return false;
      await this.nextRelease();
    }
  }

  /** Resolves when a decision gives its slices back, or after a moment. */
  private nextRelease(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, RELEASE_WAIT_MS);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiting.push(done);
    });
  }

  /** A new slice of the budget, held busy: at least what is short, unless less is left. */
  private takeSlice(tenant: string, campaign: ProgramCampaign, short: number): Promise<Slice | undefined> {
    const name = budgetStream(tenant, campaign.campaignId);
    return this.lock.run(name, async () => {
      for (;;) {
        const budget = await this.readBudget(tenant, campaign.campaignId);
        const taken = takeSlice(budget.state, campaign.budget!.points, Math.max(short, sliceSize(campaign.budget!.points)));
        if (!taken) return undefined;
        const { slice, points } = taken.data;
        const sliceName = budgetSliceStream(tenant, campaign.campaignId, slice);
        const commandId = `budget:${campaign.campaignId}:${slice}`;
        const budgetEvents = envelope([taken], commandId, { tenant }, budget.lastHash);
        const sliceEvents = envelope([{ type: 'BudgetSliceOpened', data: { campaignId: campaign.campaignId, slice, points } }], commandId, { tenant });
        try {
          await this.store.appendToStreams([
            { streamName: name, events: budgetEvents, expectedRevision: budget.revision < 0 ? 'no_stream' : budget.revision },
            { streamName: sliceName, events: sliceEvents, expectedRevision: 'no_stream' },
          ]);
        } catch (error) {
          if (!(error instanceof WrongExpectedRevision)) throw error;
          this.budgets.delete(name);
          continue;
        }
        this.budgets.set(name, { state: evolveBudget(budget.state, taken), revision: budget.revision + 1, lastHash: storedHash(budgetEvents[0]) });
        const held: Slice = { tenant, campaignId: campaign.campaignId, slice, streamName: sliceName, left: points, revision: 0, lastHash: storedHash(sliceEvents[0]), busy: true };
        this.pool(tenant, campaign.campaignId).push(held);
        return held;
      }
    });
  }

  /**
   * The budget is all handed out: the slices this process does not know are read (another
   * process's, or those a stopped process left), and kept in the pool; what is short of them is
   * held (another process may spend from them too; the slice's revision decides). One read of them
   * at a time, so decisions short at once find what the first one read.
   */
  private adoptSlices(tenant: string, campaignId: string, hold: BudgetHold, short: number): Promise<boolean> {
    const name = budgetStream(tenant, campaignId);
    return this.lock.run(`${name} adopt`, async () => {
      const pool = this.pool(tenant, campaignId);
      if (holdIdle(pool, hold, short) > 0) return true;
      if ((this.emptyUntil.get(name) ?? 0) > Date.now()) return false;
      const budget = await this.readBudget(tenant, campaignId);
      const known = (number: number) => pool.some((slice) => slice.slice === number);
      let found = false;
      for (let number = 0; number < budget.state.slices; number++) {
        if (known(number)) continue;
        const slice: Slice = { tenant, campaignId, slice: number, streamName: budgetSliceStream(tenant, campaignId, number), left: 0, revision: -1, lastHash: null, busy: false };
        await this.readSlice(slice);
        // Taken by this process while the stream was read: the pool's is the one.
        if (slice.revision < 0 || known(number)) continue;
        pool.push(slice);
        if (slice.left > 0) found = true;
      }
      if (!found) this.emptyUntil.set(name, Date.now() + EMPTY_FOR_MS);
      return holdIdle(pool, hold, short) > 0;
    });
  }

  private async readBudget(tenant: string, campaignId: string): Promise<KnownBudget> {
    const name = budgetStream(tenant, campaignId);
    let known = this.budgets.get(name) ?? { state: initialBudgetState(), revision: -1, lastHash: null };
    const newer = await this.store.readStream(name, { fromRevision: known.revision + 1 });
    for (const event of newer) known = { state: evolveBudget(known.state, event as unknown as BudgetEvent), revision: event.revision, lastHash: storedHash(event) };
    this.budgets.set(name, known);
    return known;
  }

  private async readSlice(slice: Slice): Promise<void> {
    const events = await this.store.readStream(slice.streamName);
    slice.left = events.reduce((left, event) => evolveSlice(left, event as unknown as BudgetSliceEvent), 0);
    slice.revision = events.length - 1;
    slice.lastHash = events.length > 0 ? storedHash(events[events.length - 1]) : null;
  }

  private sliceAppend(slice: Slice, event: BudgetSliceEvent, context: CommandContext, commandId: string): StreamAppend {
    return { streamName: slice.streamName, events: envelope([event], commandId, context, slice.lastHash), expectedRevision: slice.revision };
  }
}
