import { Inject, Injectable } from '@nestjs/common';
import { chainHash, claimStream, customerStream, decideAndEvolveCustomer, programStream, evolveCustomer, initialCustomerState, SNAPSHOT_AFTER_EVENTS, storedHash } from '@setia/domain';
import type { CustomerCommand, CustomerEvent, CustomerState, ProgramVersion } from '@setia/domain';
import { EVENT_STORE, WrongExpectedRevision } from '@setia/event-store';
import type { EventStore, RecordedEvent, StreamAppend } from '@setia/event-store';
import { PersonalData } from '@setia/personal-data';
import { metrics } from '@setia/platform';
import { DomainError } from '@setia/domain';
import { CampaignBudgets } from './campaign-budgets';
import type { BudgetHold } from './campaign-budgets';
import { CardIndex } from './card-index';
import type { Claim, ClaimStanding } from './claims';
import { ClaimRegistry } from './claims';
import { CustomerSnapshots } from './customer-snapshots';
import type { CustomerAt } from './customer-snapshots';
import { TENANT_TIME } from './clock';
import type { TenantTime } from './clock';
import type { CommandContext } from './envelope';
import { envelope } from './envelope';
import { KeyedLock } from './keyed-lock';
import { RecentlyUsed } from './recently-used';
import { ProgramService } from './program.service';
import { VoucherCodes } from './voucher-codes';

/** The slots of partners' pools whose codes the events give. */
function partnerSlotClaims(customerId: string, events: readonly CustomerEvent[]): Claim[] {
  const claims: Claim[] = [];
  for (const event of events) {
    if (event.type === 'PartnerCodeGiven') {
      claims.push({ kind: 'partner-code', id: `${event.data.partnerId}:${event.data.slot}`, field: 'slot', customerId, request: { redemptionId: event.data.redemptionId } });
    }
  }
  return claims;
}

/** Optimistic-concurrency retries before a conflict is reported; other processes rarely collide. */
const MAX_ATTEMPTS = 10;
const MAX_BUDGET_CONFLICTS = 200;
/**
 * Customer states kept in memory: a first attempt decides on one without reading its stream; the
 * append's expected revision catches a newer one. Bounded in (estimated) bytes, not in states,
 * because a state grows with its ledger and with a million members the cache is always full. The
 * bound keeps the API under the scale bench's 1 GiB of memory while the HTTP bench's hot set of
 * 1,000 members stays held; a smaller one read their streams again on every purchase (the README's
 * benchmarks give the figures). A member not held is read from the ledger, as nearly every purchase
 * spread over a million members is whatever the cache's size.
 */
const CACHE_BYTES = 512 * 1_048_576;
/** A state's estimated bytes: what it holds grows with its events (receipts, lots, redemptions…). */
const weighState = (loaded: LoadedCustomer) => 2_000 + (loaded.revision + 1) * 1_400;

export interface CustomerCommandRequest {
  context: CommandContext;
  customerId: string;
  /** Unique per tenant and kind of command, e.g. `purchase:<receiptId>`; recorded in metadata. */
  commandId: string;
  /** Tenant-wide id the command claims, in the same append as its events. */
  claim?: Claim;
  /** Whether the decision needs the program (all but a cancellation do). */
  needsProgram: boolean;
  build(now: string, program: ProgramVersion | undefined, budgets: Readonly<Record<string, number>>): CustomerCommand;
  /**
   * The command draws on campaign budgets (CampaignBudgets): a purchase spends from the slices it
   * holds, a return gives its campaigns' points back.
   */
  budgets?: 'spend' | 'give back';
  /**
   * A command that decides nothing is answered with the customer as now, without reading the
   * ledger for the first time it was carried out (time passing, whose answer is only the state).
   */
  answerNothingWithState?: boolean;
  /**
   * The customer as read for this command with its personal fields left sealed
   * (readWithoutPersonalData): decided on in the first attempt when no state is in memory. Only for
   * a command whose rules read no personal field (time passing); a state decided from it is never
   * remembered, since other commands compare card numbers and birthdays.
   */
  preread?: CustomerAt;
}

export interface CommandOutcome {
  /** The events the command recorded: now, or the first time when this is a retry. */
  events: CustomerEvent[];
  /** The customer right after those events. */
  state: CustomerState;
  /** A retry of a command already recorded: nothing was appended now. */
  repeated?: true;
}

/** A customer as the stream's end says: the state after its last event. */
type LoadedCustomer = CustomerAt;

const nobody = (): LoadedCustomer => ({ state: initialCustomerState(), revision: -1, lastHash: null });

export function asCustomerEvent(event: RecordedEvent): CustomerEvent {
  return { type: event.type, data: event.data } as CustomerEvent;
}

/**
 * The write side for customers: decide on the customer and program as last known (read when
 * unknown), append with their revisions as expected, read them and decide again on conflict.
 * Nothing else: rules live in the domain's decider.
 */
@Injectable()
export class CustomerLedger {
  private readonly cache = new RecentlyUsed<string, LoadedCustomer>(CACHE_BYTES, weighState);
  private readonly lock = new KeyedLock();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(TENANT_TIME) private readonly time: TenantTime,
    private readonly programs: ProgramService,
    private readonly claims: ClaimRegistry,
    private readonly personalData: PersonalData,
    private readonly cards: CardIndex,
    private readonly budgets: CampaignBudgets,
    private readonly voucherCodes: VoucherCodes,
    private readonly snapshots: CustomerSnapshots,
  ) {}

  /** The command, counted in setia_commands_total by kind (its id's prefix) and outcome. */
  execute(request: CustomerCommandRequest): Promise<CommandOutcome> {
    const kind = request.commandId.slice(0, request.commandId.indexOf(':'));
    return this.executeOnce(request).then(
      (outcome) => {
        metrics.commands.inc({ kind, outcome: outcome.repeated ? 'repeated' : 'recorded' });
        return outcome;
      },
      (error: unknown) => {
        metrics.commands.inc({ kind, outcome: error instanceof DomainError ? 'refused' : 'failed' });
        throw error;
      },
    );
  }

  private executeOnce(request: CustomerCommandRequest): Promise<CommandOutcome> {
    const { context, customerId, commandId, claim } = request;
    const stream = customerStream(context.tenant, customerId);
    return this.lock.run(stream, async () => {
      /** Where the id's claim stands for this request, once known: its own from an earlier attempt, or free again. */
      let claimed: ClaimStanding | undefined;
      /** Where the claims of the events met by an earlier attempt stand (their own, or free again; another's is refused). */
      const eventClaimed = new Map<string, ClaimStanding>();
      // The slices of campaign budgets an attempt holds: given up after each attempt, however it ends.
      const hold = this.budgets.hold();
      let budgetConflicts = 0;
      try {
        for (let attempt = 1; ; attempt++) {
          this.budgets.release(hold);
          // The customer and the program as this process last wrote or read them: the append's
          // expected revisions check that no one (another process) wrote since, so their streams are
          // read only when unknown or after a conflict.
          const remembered = attempt === 1;
          const decidingOn = request.needsProgram ? await this.programs.forDecision(context.tenant, remembered) : undefined;
          const cached = remembered ? this.cache.get(stream) : undefined;
          const preread = remembered && !cached ? request.preread : undefined;
          const known = cached ?? preread;
          const loaded = known ?? (await this.load(context.tenant, customerId));
          let events: CustomerEvent[];
          let after: CustomerState;
          // A refusal, or a decision of nothing, appends nothing to check it against: it stands only
          // if what came from memory (rather than from a read just now) had not moved.
          const programFromMemory = decidingOn?.fromMemory ? decidingOn.streamRevision : undefined;
          try {
            const now = await this.time.now(context.tenant);
            if (request.budgets === 'spend' && decidingOn) this.budgets.holdIdle(context.tenant, decidingOn.program, hold);
            ({ events, state: after } = decideAndEvolveCustomer(request.build(now, decidingOn?.program, this.budgets.points(hold)), loaded.state));
            // A campaign's budget fell short of what it would give: hold more of it and decide again.
            while (request.budgets === 'spend' && (await this.budgets.holdMore(context.tenant, decidingOn!.program, hold, events))) {
              ({ events, state: after } = decideAndEvolveCustomer(request.build(now, decidingOn?.program, this.budgets.points(hold)), loaded.state));
            }
          } catch (refusal) {
            this.budgets.release(hold);
            if (await this.movedSince(context.tenant, customerId, known?.revision, programFromMemory)) continue;
            throw refusal;
          }
          if (events.length === 0) this.budgets.release(hold);
          if (events.length === 0 && request.answerNothingWithState) return { events, state: after };
          // Other commands decide nothing when they were carried out already, which a newer ledger may
          // have undone since (a card replaced again by another process).
          if (events.length === 0 && (await this.movedSince(context.tenant, customerId, known?.revision, programFromMemory))) continue;
          if (events.length === 0) return this.firstOutcome(context.tenant, customerId, commandId);
          // A card the decision gives the customer is theirs in the index before any ledger says so.
          const card = await this.cards.claim(context.tenant, customerId, loaded.state, after, (holder) => this.state(context.tenant, holder));
          // The rules decided on plain values; the store (and the hash chain) gets them sealed.
          const sealed = await this.personalData.seal(context.tenant, customerId, events);
          const toAppend = envelope(sealed, commandId, context, loaded.lastHash);
          const customerAppend: StreamAppend = { streamName: stream, events: toAppend, expectedRevision: loaded.revision < 0 ? 'no_stream' : loaded.revision };
          const appends: StreamAppend[] = [customerAppend];
          // What the decision gave of campaign budgets, or gave back to them, before the customer's events.
          const budgetAppends = await this.budgetAppends(request, hold, events, decidingOn?.program);
          if (budgetAppends.length > 0) appends.unshift(...budgetAppends);
          // Claim and events in one append; the claim first, so that a store writing stream by stream
          // never records an id before it is claimed (there the claim carries the events: ClaimRegistry).
          const claimAppend = claim && this.claims.needsAppend(claimed) ? this.claims.claimAppend(context.tenant, claim, claimed, customerAppend) : undefined;
          if (claimAppend) appends.unshift(claimAppend);
          // What the events take that is unique in the tenant is claimed in the same append: the codes
          // of the vouchers it issues (a code finds its member once the voucher is in the ledger), the
          // slots of partners' pools whose codes it gives (a code is never given twice).
          const eventClaims = new Map<string, Claim>();
          for (const eventClaim of [...(await this.voucherCodes.claimsOf(context.tenant, customerId, events)), ...partnerSlotClaims(customerId, events)]) {
            const streamName = claimStream(context.tenant, eventClaim.kind, eventClaim.id);
            const standing = eventClaimed.get(streamName);
            if (!this.claims.needsAppend(standing)) continue;
            appends.unshift(this.claims.claimAppend(context.tenant, eventClaim, standing, customerAppend));
            eventClaims.set(streamName, eventClaim);
          }
          // Nothing appended to the program: its revision checked, before anything is written.
          const programCheck = decidingOn && { streamName: programStream(context.tenant), events: [], expectedRevision: decidingOn.streamRevision };
          if (programCheck) appends.unshift(programCheck);
          try {
            const results = await this.store.appendToStreams(appends);
            this.budgets.settle(hold, budgetAppends);
            if (preread) this.cache.forget(stream);
            else this.cache.remember(stream, { state: after, revision: results[results.length - 1].nextExpectedRevision, lastHash: storedHash(toAppend[toAppend.length - 1]) });
            if (card !== undefined) await this.cards.settle(context.tenant, customerId, card);
            return { events, state: after };
          } catch (error) {
            this.budgets.release(hold);
            const eventClaim = error instanceof WrongExpectedRevision ? eventClaims.get(error.streamName) : undefined;
            if (eventClaim) {
              eventClaimed.set((error as WrongExpectedRevision).streamName, await this.claims.confirm(context.tenant, eventClaim));
              continue;
            }
            // Budget conflicts have a bound of their own: at the end of a budget, processes meet on its last slices.
            if (error instanceof WrongExpectedRevision && this.budgets.isBudgetStream(error.streamName) && ++budgetConflicts < MAX_BUDGET_CONFLICTS) {
              attempt -= 1;
              // Another process spent from the slice (or took from the budget) meanwhile: read it again and decide again.
              if (claimAppend) claimed = this.claims.written(claimAppend) ?? claimed;
              await this.budgets.refresh(error.streamName);
              continue;
            }
            if (claimAppend && error instanceof WrongExpectedRevision && error.streamName === claimAppend.streamName) {
              // Claimed before: by this same request (a retry after a crash, another process), free again, or 409.
              claimed = await this.claims.confirm(context.tenant, claim!);
              continue;
            }
            // Written stream by stream, the claim went before the customer's events that were refused.
            if (claimAppend && error instanceof WrongExpectedRevision && error.streamName === stream) claimed = this.claims.written(claimAppend) ?? claimed;
            // The program changed since it was read: read both streams and decide again.
            if (programCheck && error instanceof WrongExpectedRevision && error.streamName === programCheck.streamName && attempt < MAX_ATTEMPTS) continue;
            this.cache.forget(stream);
            if (!(error instanceof WrongExpectedRevision) || attempt >= MAX_ATTEMPTS) throw error;
          }
        }
      } finally {
        this.budgets.release(hold);
      }
    });
  }

  private async budgetAppends(request: CustomerCommandRequest, hold: BudgetHold, events: CustomerEvent[], program: ProgramVersion | undefined): Promise<StreamAppend[]> {
    if (!request.budgets || !program?.rules.campaigns) return [];
    const { context, customerId, commandId } = request;
    if (request.budgets === 'give back') return this.budgets.giveBackAppends(context.tenant, program, hold, events, customerId, context, commandId);
    const purchase = events[0];
    return purchase.type === 'PurchaseRecorded' ? this.budgets.spendAppends(hold, events, customerId, purchase.data.receiptId, context, commandId) : [];
  }

  /** Whether the customer's stream or the program's moved past the revision given for it; a stream without one is not read. */
  private async movedSince(tenant: string, customerId: string, customerRevision: number | undefined, programRevision: number | undefined): Promise<boolean> {
    if (customerRevision !== undefined && (await this.load(tenant, customerId)).revision !== customerRevision) return true;
    return programRevision !== undefined && (await this.programs.forDecision(tenant, false)).streamRevision !== programRevision;
  }

  /** The customer as the stream says now. */
  async state(tenant: string, customerId: string): Promise<CustomerState> {
    return (await this.load(tenant, customerId)).state;
  }

  /** The stream's events from a revision on, personal fields opened (null once erased). */
  async readLedger(tenant: string, customerId: string, options: { fromRevision?: number; maxCount?: number } = {}): Promise<RecordedEvent[]> {
    const events = await this.store.readStream(customerStream(tenant, customerId), options);
    return this.personalData.open(tenant, customerId, events);
  }

  /**
   * The customers as their streams end, read at once for a page of time-passing decisions (the
   * scheduler's), each to be passed to its command as `preread`. Their personal fields stay sealed:
   * no rule reads one (the auditor's re-decision has no key either), and opening them (a vault read
   * and a decryption each) was a good part of a scheduler pass. Kept apart from the cache
   * of states, whose other commands compare card numbers and birthdays; a customer in memory is
   * not read again.
   */
  async readWithoutPersonalData(tenant: string, customerIds: readonly string[]): Promise<Map<string, CustomerAt>> {
    const unknown = new Map<string, string>();
    for (const customerId of customerIds) {
      const stream = customerStream(tenant, customerId);
      if (!this.cache.get(stream)) unknown.set(stream, customerId);
    }
    const read = await this.store.readStreams([...unknown.keys()]);
    const customers = new Map<string, CustomerAt>();
    for (const [stream, customerId] of unknown) {
      const events = read.get(stream)!;
      if (events.length === 0) continue;
      let state = initialCustomerState();
      for (const event of events) state = evolveCustomer(state, asCustomerEvent(event));
      const last = events[events.length - 1];
      customers.set(customerId, { state, revision: last.revision, lastHash: storedHash(last) });
    }
    return customers;
  }

  /**
   * The customer as their stream ends now: the state in memory, else the snapshot kept beside the
   * stream (when the stream still has the event it was taken at), else nothing; and the events
   * after it folded in. A read that folded many events keeps a snapshot for the next one.
   */
  private async load(tenant: string, customerId: string): Promise<LoadedCustomer> {
    const stream = customerStream(tenant, customerId);
    let loaded = this.cache.get(stream);
    let newer: RecordedEvent[] | undefined;
    if (!loaded) {
      const kept = await this.snapshots.read(tenant, customerId);
      const after = kept && (await this.store.readStream(stream, { fromRevision: kept.revision + 1 }));
      // The snapshot is this stream's when the event after it chains to the one it was taken at
      // (a stream never loses events, so with none after it the stream ends there).
      if (kept && after && (after.length === 0 || (after[0].revision === kept.revision + 1 && chainHash(kept.lastHash, after[0]) === storedHash(after[0])))) {
        [loaded, newer] = [kept, await this.personalData.open(tenant, customerId, after)];
      }
    }
    loaded ??= nobody();
    newer ??= await this.readLedger(tenant, customerId, { fromRevision: loaded.revision + 1 });
    if (newer.length > 0) {
      let state = loaded.state;
      for (const event of newer) state = evolveCustomer(state, asCustomerEvent(event));
      const last = newer[newer.length - 1];
      loaded = { state, revision: last.revision, lastHash: storedHash(last) };
      // A snapshot not kept (a failed write) costs the next read a longer fold, nothing else.
      if (newer.length >= SNAPSHOT_AFTER_EVENTS) this.snapshots.keep(tenant, customerId, loaded).catch(() => undefined);
    }
    this.cache.remember(stream, loaded);
    return loaded;
  }

  /**
   * A command already carried out decides nothing; its answer is rebuilt from the stream as it
   * stood right after its events, so a retry gets the same answer as the first call.
   */
  private async firstOutcome(tenant: string, customerId: string, commandId: string): Promise<CommandOutcome> {
    const recorded = await this.readLedger(tenant, customerId);
    const last = recorded.findLastIndex((event) => event.metadata.commandId === commandId);
    if (last < 0) return { events: [], state: (await this.load(tenant, customerId)).state };
    let state = initialCustomerState();
    const events: CustomerEvent[] = [];
    for (const event of recorded.slice(0, last + 1)) {
      const customerEvent = asCustomerEvent(event);
      state = evolveCustomer(state, customerEvent);
      if (event.metadata.commandId === commandId) events.push(customerEvent);
    }
    return { events, state, repeated: true };
  }
}
