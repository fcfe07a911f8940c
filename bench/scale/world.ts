import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { envelope } from '@setia/application';
import { decideProgram, evolveProgram, initialProgramState, programStream, programVersionOf } from '@setia/domain';
import type { ProgramEvent, ProgramVersion } from '@setia/domain';
import { SqliteEventStore } from '@setia/event-store';
import { BlindIndex, SqlitePersonalDataVault } from '@setia/personal-data';
import { cardOf, decideHistories, memberId, referralCodes, SCALE_PROGRAM, SCALE_TENANT, streamAppends } from './histories';
import type { HistoryResult, HistoryTask } from './histories';

const DAY = 86_400_000;
/** Members decided together by a worker and written in one transaction. */
const BLOCK = 2_000;
/** The platform key the spawned API starts with; the world's tenant and keys are made through it. */
export const SCALE_ADMIN_KEY = 'setia_platform.00000000000bec01_ScaleBenchOnlyScaleBenchOnlyScaleBenchOnly12';

/** A port no one listens on now, from the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The built API (dist), from bench/scale in dist or in the sources. */
export function distPath(relative: string): string {
  for (const base of [join(__dirname, '../..'), join(__dirname, '../../dist')]) {
    if (existsSync(join(base, relative))) return join(base, relative);
  }
  throw new Error(`${relative} is not built: run npm run build`);
}

export interface RunningApi {
  base: string;
  pid: number;
  stop(): Promise<void>;
}

/** How to start the API: its built entry point (dist's by default), Node's flags (as npm start), more environment. */
export interface ApiLaunch {
  entry?: string;
  nodeArgs?: string[];
  env?: Record<string, string>;
}

/** The API alone on the embedded store in `dataDir`, on a free port, once it answers. */
export async function startApi(dataDir: string, launch: ApiLaunch = {}): Promise<RunningApi> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(launch.nodeArgs ?? ['--max-semi-space-size=32']), launch.entry ?? distPath('apps/api/src/main.js')], {
    env: { ...process.env, ...launch.env, PORT: String(port), HOST: '127.0.0.1', SETIA_DATA_DIR: dataDir, SETIA_ADMIN_KEY: SCALE_ADMIN_KEY, SETIA_RATE_LIMIT: '1000000', SETIA_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the API did not start on ${base}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    base,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function call(base: string, path: string, key: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<any> {
  const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

export interface World {
  dataDir: string;
  members: number;
  /** Events in the store: the tenant's, the program's, the members' and their claims. */
  events: number;
  /** The keys of the tenant's admin and of a till. */
  admin: string;
  pos: string;
  /** Seconds the members took to decide and write, and events per second of that. */
  seconds: number;
  refused: number;
}

/**
 * A tenant of `members` members with a year of history each, in the embedded stores of `dataDir`:
 * the tenant and its keys made through the API (which is stopped again), the program configured a
 * year back, then each member's history decided by the real decider (bench/scale/histories.ts) in
 * `workers` threads (none: in this thread), written through the event store adapter's own append
 * (one transaction per block of 2,000 members), with their keys and cards in the vault as the API
 * makes them. The histories end two days before now.
 */
export async function buildWorld(dataDir: string, options: { members: number; seed?: number; workers?: number; log?: (line: string) => void; api?: ApiLaunch }): Promise<World> {
  const log = options.log ?? (() => undefined);
  const now = Date.now();
  const start = now - 365 * DAY;
  const api = await startApi(dataDir, options.api);
  let admin: string;
  let pos: string;
  try {
    await call(api.base, '/v1/tenants', SCALE_ADMIN_KEY, { tenantId: SCALE_TENANT, receiptsSince: new Date(start - 30 * DAY).toISOString() });
    admin = (await call(api.base, `/v1/tenants/${SCALE_TENANT}/keys`, SCALE_ADMIN_KEY, { role: 'admin' })).key;
    pos = (await call(api.base, `/v1/tenants/${SCALE_TENANT}/keys`, SCALE_ADMIN_KEY, { role: 'pos' })).key;
  } finally {
    await api.stop();
  }

  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'), { synchronous: 'NORMAL' });
  const vault = new SqlitePersonalDataVault(join(dataDir, 'vault.sqlite'));
  const index = new BlindIndex(vault);
  const pool = (options.workers ?? 0) > 0 ? new WorkerPool(options.workers!) : undefined;
  try {
    // The program as ProgramService configures it, a day before the first member enrols.
    const configured = decideProgram({ type: 'ConfigureProgram', data: { program: SCALE_PROGRAM, now: new Date(start - DAY).toISOString() } }, initialProgramState());
    await store.appendToStream(programStream(SCALE_TENANT), envelope(configured, 'program:0', { tenant: SCALE_TENANT }), { expectedRevision: 'no_stream' });
    let state = initialProgramState();
    for (const event of await store.readStream(programStream(SCALE_TENANT))) state = evolveProgram(state, event as unknown as ProgramEvent, event.revision);
    const program = programVersionOf(state) as ProgramVersion;

    const started = performance.now();
    const taken = new Set<string>();
    let events = 0;
    let refused = 0;
    let written = 0;
    let lastLog = 0;
    const write = async (result: HistoryResult) => {
      const appends = result.commands.map((command) => store.appendToStreams(streamAppends(command)));
      // Structured cloning from a worker turns Buffers into plain byte arrays.
      for (const [stream, snapshot] of result.snapshots) store.keepSnapshot(stream, { ...snapshot, bytes: Buffer.from(snapshot.bytes) });
      await Promise.all(appends);
      events += result.events;
      refused += result.refused;
    };
    const inFlight = new Set<Promise<void>>();
    for (let from = 0; from < options.members; from += BLOCK) {
      const count = Math.min(BLOCK, options.members - from);
      // Each member's key, and their card in the tenant's blind index, as an enrolment through the API makes them.
      const keys = await vault.inOneTransaction(async () => {
        const made: Uint8Array[] = [];
        for (let i = 0; i < count; i++) {
          made.push((await vault.keyFor(SCALE_TENANT, memberId(from + i)))!);
          await index.claim(SCALE_TENANT, 'card', cardOf(from + i), memberId(from + i), new Date(start).toISOString());
        }
        return made;
      });
      const task: HistoryTask = { tenant: SCALE_TENANT, seed: options.seed ?? 1, from, count, program, start, end: now - 2 * DAY, keys, codes: referralCodes(SCALE_TENANT, from, count, taken) };
      const job = (pool ? pool.run(task) : decideHistories(task)).then(write).then(() => {
        written += count;
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          log(`scale world: ${written.toLocaleString('en')} of ${options.members.toLocaleString('en')} members, ${events.toLocaleString('en')} events, ${Math.round(events / ((performance.now() - started) / 1000)).toLocaleString('en')} events/s`);
        }
      });
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job)).catch(() => undefined);
      if (inFlight.size >= (options.workers ?? 0) + 1) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const seconds = (performance.now() - started) / 1000;
    const total = (await store.readAll({ direction: 'backwards', maxCount: 1 }))[0].position;
    return { dataDir, members: options.members, events: Number(total), admin, pos, seconds, refused };
  } finally {
    await pool?.close();
    await store.close();
    await vault.close();
  }
}

/** Bytes of the event store's file (and its WAL) in the data dir. */
export function eventStoreBytes(dataDir: string): number {
  return ['events.sqlite', 'events.sqlite-wal'].reduce((sum, name) => sum + (existsSync(join(dataDir, name)) ? statSync(join(dataDir, name)).size : 0), 0);
}

/** Worker threads that decide blocks of members' histories, each one block at a time. */
class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<(worker: Worker) => void> = [];
  private readonly workers: Worker[];

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => new Worker(join(__dirname, 'history-worker.js')));
    this.idle.push(...this.workers);
  }

  async run(task: HistoryTask): Promise<HistoryResult> {
    const worker = this.idle.pop() ?? (await new Promise<Worker>((resolve) => this.waiting.push(resolve)));
    try {
      return await new Promise<HistoryResult>((resolve, reject) => {
        worker.once('message', (message: { ok?: HistoryResult; error?: string }) => (message.ok ? resolve(message.ok) : reject(new Error(message.error))));
        worker.postMessage(task);
      });
    } finally {
      const next = this.waiting.shift();
      if (next) next(worker);
      else this.idle.push(worker);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
