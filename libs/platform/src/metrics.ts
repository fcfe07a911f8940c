import { timingSafeEqual } from 'node:crypto';
import { isMainThread } from 'node:worker_threads';
import { Controller, ForbiddenException, Get, Global, Header, Inject, Injectable, Module, Req, UnauthorizedException } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Public } from './api-key';

/**
 * Setia's Prometheus metrics, one set per thread (prom-client's registry of the thread): every
 * entry point serves them at GET /metrics; the all-in-one adds those of its worker threads
 * (counters and histograms summed). No label takes a tenant, a customer or a key: their number
 * has no bound.
 */
export const registry = new Registry();

/** A thread's metrics as prom-client JSON, as AggregatorRegistry adds them up. */
type MetricJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>[number];

/** Seconds, from a fast append or request (0.5 ms) to a slow one (5 s). */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export const metrics = {
  /**
   * Commands on a customer's ledger by kind (purchase, return, redemption, cancellation, feedback,
   * enrol, and the process managers' own) and outcome: recorded (events appended), repeated (a
   * retry of one already recorded: the first answer again, nothing appended), refused (the rules
   * or a conflicting request said no) or failed (the store or another error).
   */
  commands: new Counter({
    name: 'setia_commands_total',
    help: 'Commands on customer ledgers, by kind and outcome (recorded, repeated, refused, failed).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  }),
  httpDuration: new Histogram({
    name: 'setia_http_request_duration_seconds',
    help: 'HTTP requests from arrival to answer, by method, route (the template, e.g. /v1/tenants/:tenant/purchases) and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  appendDuration: new Histogram({
    name: 'setia_event_store_append_duration_seconds',
    help: 'Appends to the event store, from the call to its answer (a SQLite append includes its wait for the group commit), by adapter.',
    labelNames: ['adapter'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  readStoreWriteDuration: new Histogram({
    name: 'setia_read_store_write_duration_seconds',
    help: "Writes of a batch of read-model documents (one projector batch's dashboards, or its customers and programs), by adapter.",
    labelNames: ['adapter'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
};

/** Gauges whose values are asked for at each scrape (a lag, a backlog), from one read per scrape. */
function scrapedGauges<K extends string>(read: () => Promise<Record<K, number | null>>, gauges: Array<{ name: string; help: string; value: K }>): void {
  let last: Promise<Record<K, number | null>> | undefined;
  const once = () => (last ??= read().finally(() => setImmediate(() => (last = undefined))));
  for (const { name, help, value } of gauges) {
    registry.removeSingleMetric(name);
    new Gauge({
      name,
      help,
      registers: [registry],
      // A thread's gauge is its own: the all-in-one adds no other thread's.
      aggregator: 'max',
      async collect() {
        this.set((await once())[value] ?? Number.NaN);
      },
    });
  }
}

/** How far a subscriber (the projector, the relay) is behind the stored events. */
export function lagGauges(subsystem: 'projector' | 'relay', lag: () => Promise<{ events: number | null; seconds: number }>): void {
  scrapedGauges(lag, [
    { name: `setia_${subsystem}_lag_events`, help: `Events stored after the ${subsystem}'s checkpoint (0 when caught up).`, value: 'events' },
    { name: `setia_${subsystem}_lag_seconds`, help: `Age of the oldest event the ${subsystem} has not handled yet (0 when caught up).`, value: 'seconds' },
  ]);
}

/** What the scheduler has yet to decide of what fell due. */
export function schedulerBacklogGauges(backlog: () => Promise<{ customers: number; seconds: number }>): void {
  scrapedGauges(backlog, [
    { name: 'setia_scheduler_due_customers', help: 'Customers with a time-driven decision (expiry, notice, tier review, birthday) that fell due and is not made yet, over all tenants.', value: 'customers' },
    { name: 'setia_scheduler_overdue_seconds', help: 'How long ago the oldest of those decisions fell due (0 when none is waiting).', value: 'seconds' },
  ]);
}

/** Times a promise into a histogram; the promise itself is returned unchanged. */
export function timed<T>(histogram: Histogram<'adapter'>, adapter: string, work: Promise<T>): Promise<T> {
  const end = histogram.startTimer({ adapter });
  work.then(() => end(), () => end());
  return work;
}

let defaultMetricsCollected = false;
/** Node's process metrics (CPU, memory, event loop delay), once per process: on its main thread. */
export function collectProcessMetrics(): void {
  if (defaultMetricsCollected || !isMainThread) return;
  defaultMetricsCollected = true;
  collectDefaultMetrics({ register: registry });
}

/** Where the metrics of other threads come from (the all-in-one's workers), as prom-client JSON. */
@Injectable()
export class MetricsSources {
  private readonly sources = new Map<string, () => Promise<MetricJson[]>>();

  register(name: string, source: () => Promise<MetricJson[]>): void {
    this.sources.set(name, source);
  }

  /** This thread's metrics with every source's added, in the Prometheus text format. */
  async text(): Promise<string> {
    if (this.sources.size === 0) return registry.metrics();
    return (await this.aggregate()).metrics();
  }

  /** The same as JSON, for a supervisor that adds up its threads' (a thread with threads of its own). */
  async json(): Promise<MetricJson[]> {
    if (this.sources.size === 0) return registry.getMetricsAsJSON();
    return (await this.aggregate()).getMetricsAsJSON();
  }

  private async aggregate() {
    const others = await Promise.all([...this.sources.values()].map((source) => source().catch(() => [])));
    return AggregatorRegistry.aggregate([await registry.getMetricsAsJSON(), ...others]);
  }
}

/** This thread's metrics as JSON, for a supervisor that adds them up (see MetricsSources). */
export function metricsAsJson(): Promise<MetricJson[]> {
  return registry.getMetricsAsJSON();
}

/** Who may read /metrics: anyone on the loopback interface; others with SETIA_METRICS_KEY, when set. */
export function metricsAccess(remoteAddress: string | undefined, authorization: string | undefined, key: string | undefined): 'ok' | 'no-key' | 'wrong-key' | 'closed' {
  if (remoteAddress !== undefined && (remoteAddress === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(remoteAddress))) return 'ok';
  if (key === undefined) return 'closed';
  const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (given === undefined) return 'no-key';
  const [a, b] = [Buffer.from(given), Buffer.from(key)];
  return a.length === b.length && timingSafeEqual(a, b) ? 'ok' : 'wrong-key';
}

export const METRICS_KEY = Symbol('METRICS_KEY');

/**
 * GET /metrics: Prometheus text, open on loopback, with the metrics key elsewhere (see
 * metricsAccess). Not in the OpenAPI document: it is for scrapers, not for API clients.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly sources: MetricsSources, @Inject(METRICS_KEY) private readonly key: string | undefined) {}

  @Get()
  @Header('content-type', registry.contentType)
  async metrics(@Req() request: { ip?: string; socket?: { remoteAddress?: string }; headers: Record<string, string | undefined> }): Promise<string> {
    const access = metricsAccess(request.socket?.remoteAddress ?? request.ip, request.headers.authorization, this.key);
    if (access === 'closed') throw new ForbiddenException('metrics are served on the loopback interface only; set SETIA_METRICS_KEY to serve them elsewhere');
    if (access !== 'ok') throw new UnauthorizedException('metrics need Authorization: Bearer <SETIA_METRICS_KEY>');
    return this.sources.text();
  }
}

/** GET /metrics and MetricsSources; `key`: SETIA_METRICS_KEY (see SetiaConfig.metrics). */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(config: { key?: string }): DynamicModule {
    collectProcessMetrics();
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [MetricsSources, { provide: METRICS_KEY, useValue: config.key }],
      exports: [MetricsSources],
    };
  }
}
