import { Inject, Injectable, Logger } from '@nestjs/common';
import { announcedDue, instantOf, nextDue, parseCustomerStream, PASS_TIME_PREFIX } from '@setia/domain';
import type { CustomerEvent, ProgramConfigured, ProgramVersion } from '@setia/domain';
import { CHECKPOINT_STORE, EVENT_STORE } from '@setia/event-store';
import type { CheckpointStore, EventStore, RecordedEvent } from '@setia/event-store';
import { READ_STORE_ENGINE } from '@setia/read-store';
import type { DocumentWrite, ReadDocument, ReadStore, ReadStoreEngine } from '@setia/read-store';
import { CheckpointedSubscription } from './checkpointed-subscription';
import { CustomerLedger } from './customer-ledger.service';
import type { CustomerAt } from './customer-snapshots';
import { ProgramService } from './program.service';
import { TenantClocks } from './tenant-clocks';

/** The scheduler's documents live apart from the read models' generations, so a rebuild leaves them. */
export const SCHEDULER_GENERATION = 'scheduler';
const DUE = 'due';
const TENANTS = 'due_tenants';
/** The due instant of a customer with nothing due. */
const NEVER = '9999-12-31T23:59:59.999Z';
/**
 * Customers a pass takes from the index at once. Between pages the store's thread waits while the
 * index is written and read, so pages are large; but a page's documents stay alive until it is
 * done, and each young-generation collection copied them (a scheduler's thread spent a quarter
 * less collecting garbage with 5,000 a page than with 10,000).
 */
const PAGE = 5_000;
/**
 * Customers decided side by side (their appends share a commit). A page is decided a chunk at a
 * time, the next chunk while the last one's commit is under way on the store's thread. Fewer in
 * flight keep less alive: with the whole page side by side, its states, events and texts outlived
 * the young generation, and collecting them took much of a pass. With 100 rather than 200 a thread
 * beside the scheduler's spent 40% less collecting; with 50, commits too small left the threads
 * waiting on them.
 */
const CHUNK = 100;
/** Chunks handed to a thread beside the scheduler's before the first comes back. */
const THREAD_CHUNKS_IN_FLIGHT = 4;
/** Decided customers whose next instants are kept in one write of the index. */
const KEEP_AT_ONCE = 1000;
/** A customer whose decision failed is tried again this much later. */
const RETRY_MS = 60_000;

/** What passing a customer's time did: whether their ledger recorded something, and when something falls due next. */
export interface PassOutcome {
  recorded: boolean;
  next: string;
}

/** Deciders beside the scheduler's own thread (SchedulerThreads), each deciding a chunk of a tenant's customers when asked. */
export interface PassDeciders {
  running(): Array<{ passTimeFor(tenant: string, customerIds: string[], until: string): Promise<PassOutcome[]> }>;
}

/** When a customer has something due next: a hint, from the events; the customer's ledger decides. */
interface DueDoc extends ReadDocument {
  tenant: string;
  customerId: string;
  dueAt: string;
}

/** A tenant the scheduler looks after; `sweepFrom`: a program change since which every customer is to be looked at again. */
interface TenantDoc extends ReadDocument {
  tenant: string;
  sweepFrom: string | null;
}

const dueId = (tenant: string, customerId: string) => `${tenant}|${customerId}`;
const programTenant = (streamName: string) => /^program-([a-z0-9_]+)$/.exec(streamName)?.[1];
/** A document's position as the events last made it, without what passes added (`<position>~<until>`). */
const eventPosition = (position: string) => position.split('~')[0];
const earlier = (a: string, b: string | null) => (b !== null && instantOf(b) < instantOf(a) ? b : a);

/**
 * The scheduler: what falls due as time passes (expiries and their notices, tier reviews, birthday
 * months) is decided by PassTime, a command like any other, through the same deciders.
 *
 * Which customers to ask is known from the events: a durable subscription keeps, for every
 * customer, the earliest instant the rules announce for its events (a hint that may be early,
 * never late: each rule's `announces` comes before its `next`, a spec checks it over random
 * ledgers), and after deciding a customer's time it keeps the exact next instant its ledger gives.
 * A program change makes every customer of the tenant be looked at again. The ledger decides what
 * is really due: a hint too early decides nothing, and a crash at any point loses and repeats
 * nothing (a PassTime already carried out finds nothing more due). After downtime, every decision
 * that fell due is made, in order, each dated when it fell due.
 *
 * Each tenant's time is its clock's: the system's, or a sandbox tenant's own (TenantClocks).
 */
@Injectable()
export class Scheduler {
  static readonly subscriberName = 'scheduler';
  private readonly logger = new Logger('Scheduler');
  readonly subscription: CheckpointedSubscription;
  /** Passes run one at a time, tenant after tenant. */
  private running: Promise<unknown> = Promise.resolve();
  /** Due decisions made since start. */
  decided = 0;
  /** Threads that decide a pass's customers beside this one, once started (SchedulerService). */
  private threads: PassDeciders | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(READ_STORE_ENGINE) private readonly engine: ReadStoreEngine,
    private readonly ledger: CustomerLedger,
    private readonly programs: ProgramService,
    private readonly clocks: TenantClocks,
  ) {
    this.subscription = new CheckpointedSubscription(store, checkpoints, Scheduler.subscriberName, ['customer-', 'program-'], (events) => this.index(events), this.logger);
  }

  /** Decides the customers of later passes with these threads too. */
  useThreads(threads: PassDeciders | undefined): void {
    this.threads = threads;
  }

  private get due(): ReadStore {
    return this.engine.generation(SCHEDULER_GENERATION);
  }

  async prepare(): Promise<void> {
    // A pass reads the customers due in order, a sweep every customer of a tenant in order: page by page, each from its index.
    await this.due.ensureIndexes([
      { collection: DUE, fields: [['tenant', 1], ['dueAt', 1], ['_id', 1]] },
      { collection: DUE, fields: [['tenant', 1], ['customerId', 1], ['_id', 1]] },
    ]);
  }

  /** Brings the index up to the newest event, in this process (as the subscription would). */
  async catchUp(): Promise<void> {
    let after = await this.checkpoints.load(Scheduler.subscriberName);
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: 5000 });
      if (page.length === 0) return;
      const followed = page.filter((event) => parseCustomerStream(event.streamName) || programTenant(event.streamName));
      if (followed.length > 0) await this.index(followed);
      after = page[page.length - 1].position;
      await this.checkpoints.save(Scheduler.subscriberName, after);
    }
  }

  /** Decides what fell due for every tenant up to its time now; the number of customers whose ledger recorded something. */
  runDue(): Promise<number> {
    return this.serial(async () => {
      let decided = 0;
      const tenants = (await this.due.find(TENANTS, {}, { sort: [['tenant', 1]] })) as TenantDoc[];
      for (const { tenant } of tenants) decided += await this.tenantDue(tenant, await this.clocks.now(tenant));
      return decided;
    });
  }

  /** Decides what fell due for one tenant up to `until` (a sandbox whose clock moved). */
  runDueFor(tenant: string, until: string): Promise<number> {
    return this.serial(() => this.tenantDue(tenant, until));
  }

  /** Customers whose next decision fell due and is not made yet, over all tenants, and how long ago the oldest fell due. */
  async backlog(): Promise<{ customers: number; seconds: number }> {
    let customers = 0;
    let oldest = Number.POSITIVE_INFINITY;
    for (const { tenant } of (await this.due.find(TENANTS, {})) as TenantDoc[]) {
      const now = await this.clocks.now(tenant);
      const filter = { tenant, dueAt: { $lte: now } };
      const waiting = await this.due.count(DUE, filter);
      if (waiting === 0) continue;
      customers += waiting;
      const [first] = (await this.due.find(DUE, filter, { sort: [['dueAt', 1]], limit: 1 })) as DueDoc[];
      // A sandbox's lateness is judged on its own clock.
      oldest = Math.min(oldest, instantOf(first.dueAt) - instantOf(now) + Date.now());
    }
    return { customers, seconds: customers === 0 ? 0 : Math.max(0, (Date.now() - oldest) / 1000) };
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.running.then(work, work);
    this.running = next.catch(() => undefined);
    return next;
  }

  /** The index after a batch of events: each customer's earliest announced instant, each tenant's program changes. */
  private async index(events: RecordedEvent[]): Promise<void> {
    const byCustomer = new Map<string, { tenant: string; customerId: string; events: RecordedEvent[] }>();
    const tenants = new Map<string, { position: string; sweepFrom: string | null }>();
    for (const event of events) {
      const programOf = programTenant(event.streamName);
      if (programOf) {
        // A campaign's events change nothing that falls due as time passes.
        tenants.set(programOf, { position: event.position, sweepFrom: event.type === 'ProgramConfigured' ? (event.data as ProgramConfigured['data']).configuredAt : (tenants.get(programOf)?.sweepFrom ?? null) });
        continue;
      }
      const customer = parseCustomerStream(event.streamName);
      if (!customer) continue;
      if (!tenants.has(customer.tenant)) tenants.set(customer.tenant, { position: '', sweepFrom: null });
      const id = dueId(customer.tenant, customer.customerId);
      const entry = byCustomer.get(id) ?? { ...customer, events: [] };
      entry.events.push(event);
      byCustomer.set(id, entry);
    }
    const writes: DocumentWrite[] = [];
    const known = await this.due.getMany(DUE, [...byCustomer.keys()]);
    const programs = new Map(await Promise.all([...tenants.keys()].map(async (tenant) => [tenant, await this.programs.current(tenant)] as const)));
    for (const [id, { tenant, customerId, events: customerEvents }] of byCustomer) {
      const program = programs.get(tenant);
      const stored = known.get(id) as DueDoc | undefined;
      const last = customerEvents[customerEvents.length - 1].position;
      if (stored && eventPosition(stored._position) >= last) continue; // applied before a crash
      let dueAt = stored?.dueAt ?? NEVER;
      if (program) for (const event of customerEvents) dueAt = earlier(dueAt, announcedDue({ type: event.type, data: event.data } as CustomerEvent, program));
      if (stored && stored.dueAt === dueAt) continue;
      writes.push({ collection: DUE, document: { _id: id, _position: last, tenant, customerId, dueAt } satisfies DueDoc });
    }
    const knownTenants = await this.due.getMany(TENANTS, [...tenants.keys()]);
    for (const [tenant, change] of tenants) {
      const stored = knownTenants.get(tenant) as TenantDoc | undefined;
      if (change.sweepFrom === null && stored) continue;
      if (stored && eventPosition(stored._position) >= change.position && change.sweepFrom !== null) continue;
      writes.push({ collection: TENANTS, document: { _id: tenant, _position: change.position, tenant, sweepFrom: change.sweepFrom ?? stored?.sweepFrom ?? null } satisfies TenantDoc });
    }
    if (writes.length > 0) await this.due.putMany(writes);
  }

  /** What fell due for the tenant up to `until`: every customer after a program change, then those the index names. */
  private async tenantDue(tenant: string, until: string): Promise<number> {
    let decided = 0;
    const tenantDoc = (await this.due.get(TENANTS, tenant)) as TenantDoc | null;
    if (tenantDoc?.sweepFrom && instantOf(tenantDoc.sweepFrom) <= instantOf(until)) {
      for (let after: { values: string[]; id: string } | undefined; ; ) {
        const page = (await this.due.find(DUE, { tenant }, { sort: [['customerId', 1]], limit: PAGE, after })) as DueDoc[];
        if (page.length === 0) break;
        decided += await this.decide(page, until);
        const last = page[page.length - 1];
        after = { values: [last.customerId], id: last._id };
      }
      await this.due.putMany([{ collection: TENANTS, document: { ...tenantDoc, _position: `${eventPosition(tenantDoc._position)}~swept`, sweepFrom: null } }]);
    }
    for (;;) {
      const page = (await this.due.find(DUE, { tenant, dueAt: { $lte: until } }, { sort: [['dueAt', 1]], limit: PAGE })) as DueDoc[];
      if (page.length === 0) return decided;
      decided += await this.decide(page, until);
    }
  }

  /**
   * Time passed up to `until` for these customers, a chunk at a time, by this thread and the
   * threads beside it (SchedulerThreads), each taking the next chunk when one of its own is done;
   * their next instants kept as their chunks are decided. The number whose ledger recorded something.
   */
  private async decide(page: DueDoc[], until: string): Promise<number> {
    const tenant = page[0].tenant;
    let decided = 0;
    let taken = 0;
    let decidedWrites: DocumentWrite[] = [];
    // The index moves only once a chunk's decisions are committed: a crash before decides them again, and finds them done.
    const keep = () => {
      const writes = decidedWrites;
      decidedWrites = [];
      return writes.length > 0 ? this.due.putMany(writes) : undefined;
    };
    const decideChunks = async (decideChunk: (customerIds: string[]) => Promise<PassOutcome[]>, inFlight: number) => {
      const deciding = new Set<Promise<unknown>>();
      try {
        for (let from = taken; from < page.length; from = taken) {
          taken += CHUNK;
          const chunk = page.slice(from, from + CHUNK);
          const done: Promise<unknown> = decideChunk(chunk.map((doc) => doc.customerId)).then((outcomes) => {
            deciding.delete(done);
            chunk.forEach((doc, i) => {
              if (outcomes[i].recorded) decided += 1;
              decidedWrites.push({ collection: DUE, document: { ...doc, _position: `${eventPosition(doc._position)}~${until}`, dueAt: outcomes[i].next } });
            });
            // A transaction of the index costs about the same for a few documents as for a thousand.
            return decidedWrites.length >= KEEP_AT_ONCE ? keep() : undefined;
          });
          deciding.add(done);
          done.catch(() => undefined); // its failure is met where it is awaited
          if (deciding.size >= inFlight) await Promise.race(deciding);
          // A turn of the event loop sends the chunk's appends to the store's thread before the next chunk is decided.
          await new Promise((resolve) => setImmediate(resolve));
        }
        await Promise.all(deciding);
      } finally {
        // However it ended, nothing of this decider runs on after the pass.
        await Promise.allSettled(deciding);
      }
    };
    const here = (customerIds: string[]) => this.passTimeFor(tenant, customerIds, until);
    const onThreads = (this.threads?.running() ?? []).map((thread) => (customerIds: string[]) =>
      thread.passTimeFor(tenant, customerIds, until).catch((error: Error) => {
        // What the thread decided before it failed is found done here.
        this.logger.error(`a scheduler thread did not decide its chunk: ${error.message}; deciding it here`);
        return here(customerIds);
      }),
    );
    // This thread has a chunk committing while it decides the next; a thread beside it has more
    // waiting, so that it never waits for this busy thread to hand it the next.
    const deciders = [decideChunks(here, 2), ...onThreads.map((onThread) => decideChunks(onThread, THREAD_CHUNKS_IN_FLIGHT))];
    // Every decider stops before the pass goes on, however one of them ended.
    const failed = (await Promise.allSettled(deciders)).find((result) => result.status === 'rejected');
    await keep();
    this.decided += decided;
    if (failed) throw failed.reason;
    return decided;
  }

  /** Time passed up to `until` for these customers of the tenant, side by side (their appends share a commit). */
  async passTimeFor(tenant: string, customerIds: string[], until: string): Promise<PassOutcome[]> {
    const preread = await this.ledger.readWithoutPersonalData(tenant, customerIds);
    return Promise.all(customerIds.map((customerId) => this.passTime(tenant, customerId, until, preread.get(customerId))));
  }

  /** Decides the customer's time up to `until`: whether their ledger recorded something, and the next instant something falls due for them. */
  private async passTime(tenant: string, customerId: string, until: string, preread: CustomerAt | undefined): Promise<PassOutcome> {
    try {
      let decidedOn: ProgramVersion | undefined;
      const { events, state } = await this.ledger.execute({
        // No request caused it: time passing up to `until` did, and the correlation id says so.
        context: { tenant, principal: `process:${Scheduler.subscriberName}`, correlationId: `${PASS_TIME_PREFIX}${until}` },
        customerId,
        commandId: `${PASS_TIME_PREFIX}${until}`,
        needsProgram: true,
        answerNothingWithState: true,
        preread,
        build: (_now, program) => {
          decidedOn = program;
          return { type: 'PassTime', data: { customerId, until, program: program! } };
        },
      });
      return { recorded: events.length > 0, next: (decidedOn && nextDue(state, decidedOn)) ?? NEVER };
    } catch (error) {
      this.logger.error(`time for ${tenant}/${customerId} up to ${until} not decided: ${(error as Error).message}; trying again later`);
      return { recorded: false, next: new Date(instantOf(until) + RETRY_MS).toISOString() };
    }
  }
}
