import type { EventStore, RecordedEvent, Subscription } from '@setia/event-store';
import { GenerationSwitched } from '@setia/read-store';
import type { DocumentWrite, ReadStore, ReadStoreEngine } from '@setia/read-store';
import { applyDashboardUpdates, dashboardKeys, entityKeys, projectEntities } from './project-events';
import type { DashboardDocuments, DocumentMap } from './project-events';
import { COLLECTIONS, READ_MODEL_INDEXES } from './read-models';
import { RememberedDocuments } from './remembered-documents';

export const PROJECTOR_CHECKPOINT = 'projector';
/** Only these streams feed read models; claim streams are the write side's own. */
export const PROJECTED_STREAM_PREFIXES = ['customer-', 'program-'];

const isProjected = (stream: string) => PROJECTED_STREAM_PREFIXES.some((prefix) => stream.startsWith(prefix));

/**
 * Events per batch while catching up (live, a batch is what has arrived): the larger the batch, the
 * fewer reads and writes of the same documents.
 */
const CATCH_UP_BATCH = 5000;
/** Documents the live projector remembers as it wrote them (see RememberedDocuments): the busiest customers and days of its last batches. */
const REMEMBERED_DOCUMENTS = 2000;
const RESTART_DELAY_MS = 1000;
const GENERATION_CHECK_MS = 2000;

/** What applying a batch reads and writes of a generation. */
export type BatchStore = Pick<ReadStore, 'getMany' | 'putMany' | 'setCheckpoint'>;

/**
 * Applies a batch of events to one generation of the read models: dashboards first, then
 * customers and programs, then the checkpoint (why this order: see project-events.ts).
 */
export async function applyBatch(store: BatchStore, events: readonly RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const keys = entityKeys(events);
  const [storedCustomers, storedPrograms] = await Promise.all([
    store.getMany(COLLECTIONS.customers, keys.customers),
    store.getMany(COLLECTIONS.programs, keys.programs),
  ]);
  const customers: DocumentMap = new Map(keys.customers.map((id) => [id, storedCustomers.get(id) ?? null]));
  const programs: DocumentMap = new Map(keys.programs.map((id) => [id, storedPrograms.get(id) ?? null]));
  const { updates, changedCustomers, changedPrograms } = projectEntities(events, customers, programs);

  const dashboards: DashboardDocuments = new Map();
  await Promise.all(
    [...dashboardKeys(updates)].map(async ([collection, ids]) => {
      const found = await store.getMany(collection, ids);
      dashboards.set(collection, new Map(ids.map((id) => [id, found.get(id) ?? null])));
    }),
  );
  await store.putMany(applyDashboardUpdates(updates, dashboards));
  await store.putMany([
    ...[...changedCustomers].map((id): DocumentWrite => ({ collection: COLLECTIONS.customers, document: customers.get(id)! })),
    ...[...changedPrograms].map((id): DocumentWrite => ({ collection: COLLECTIONS.programs, document: programs.get(id)! })),
  ]);
  const last = events[events.length - 1];
  await store.setCheckpoint(PROJECTOR_CHECKPOINT, last.position, last.recordedAt.toISOString());
}

export interface ProjectorStatus {
  generation: string | null;
  checkpoint: string | null;
  live: boolean;
  lastError: string | null;
}

/** How far the read models are behind the newest stored event of the streams they are made from. */
export interface ProjectorLag {
  /** Events (of any stream) stored after the checkpoint, where positions count events (SQLite); else null. 0 when caught up. */
  events: number | null;
  /** Age of the oldest projected event not yet applied; 0 when caught up. */
  seconds: number;
}

export interface ProjectorLogger {
  log(message: string): void;
  error(message: string): void;
}

/**
 * Keeps the active generation of the read models up to date: a catch-up subscription to all
 * events from the generation's checkpoint. When a rebuild switches the active generation, the
 * projector moves to it and continues from that generation's checkpoint.
 */
export class Projector {
  private subscription: Subscription | undefined;
  private generation: string | null = null;
  private checkpoint: string | null = null;
  private live = false;
  private lastError: string | null = null;
  private stopped = true;
  private restartTimer: NodeJS.Timeout | undefined;
  private generationTimer: NodeJS.Timeout | undefined;
  private switching: Promise<void> = Promise.resolve();

  constructor(
    private readonly events: EventStore,
    private readonly engine: ReadStoreEngine,
    private readonly logger: ProjectorLogger,
    private readonly batchSize = CATCH_UP_BATCH,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.subscribe();
    this.generationTimer = setInterval(() => void this.followActiveGeneration(), GENERATION_CHECK_MS);
    this.generationTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    clearInterval(this.generationTimer);
    await this.switching;
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  status(): ProjectorStatus {
    return { generation: this.generation, checkpoint: this.checkpoint, live: this.live, lastError: this.lastError };
  }

  /** The lag behind the store (two small reads of the event store). */
  async lag(): Promise<ProjectorLag> {
    const after = this.checkpoint ?? undefined;
    const [oldest] = await this.events.readAll({ after, maxCount: 1, streamFilter: isProjected });
    if (!oldest) return { events: 0, seconds: 0 };
    const [head] = await this.events.readAll({ direction: 'backwards', maxCount: 1 });
    const numeric = /^\d+$/.test(head.position) && (after === undefined || /^\d+$/.test(after));
    return {
      events: numeric ? Number(head.position) - Number(after ?? 0) : null,
      seconds: Math.max(0, (Date.now() - oldest.recordedAt.getTime()) / 1000),
    };
  }

  private async subscribe(): Promise<void> {
    try {
      const generation = await this.engine.activeGeneration();
      const generationStore = this.engine.generation(generation);
      await generationStore.ensureIndexes(READ_MODEL_INDEXES);
      const after = await generationStore.getCheckpoint(PROJECTOR_CHECKPOINT);
      const store = new RememberedDocuments(generationStore, REMEMBERED_DOCUMENTS);
      this.generation = generation;
      this.checkpoint = after ?? null;
      this.live = false;
      this.subscription = this.events.subscribeToAll(
        {
          onEvents: async (events) => {
            await applyBatch(store, events);
            this.checkpoint = events[events.length - 1].position;
          },
          onLive: () => {
            this.live = true;
            this.lastError = null;
          },
          onError: (error) => this.restartAfter(error),
        },
        { after, batchSize: this.batchSize, streamPrefixes: PROJECTED_STREAM_PREFIXES },
      );
    } catch (error) {
      this.restartAfter(error as Error);
    }
  }

  private restartAfter(error: Error): void {
    this.live = false;
    this.subscription = undefined;
    clearTimeout(this.restartTimer);
    if (this.stopped) return;
    // A rebuild switched the generation under a batch (MongoDB refused the old one's write): go on with the new one.
    if (error instanceof GenerationSwitched) {
      this.logger.log(`read models switched generation during a batch; following the active one`);
      this.restartTimer = setTimeout(() => void this.subscribe(), 0);
      return;
    }
    this.lastError = error.message;
    this.logger.error(`projector stopped: ${error.message}; restarting from the checkpoint`);
    this.restartTimer = setTimeout(() => void this.subscribe(), RESTART_DELAY_MS);
  }

  private async followActiveGeneration(): Promise<void> {
    if (this.stopped || !this.subscription) return;
    let active: string;
    try {
      active = await this.engine.activeGeneration();
    } catch {
      return;
    }
    if (active === this.generation) return;
    this.switching = (async () => {
      this.logger.log(`read models switched to generation ${active}; following it`);
      await this.subscription?.stop();
      this.subscription = undefined;
      if (!this.stopped) await this.subscribe();
    })();
    await this.switching;
  }
}
