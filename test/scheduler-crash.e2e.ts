import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { customerStream } from '@setia/domain';
import { SqliteEventStore } from '@setia/event-store';
import type { EventStore, RecordedEvent } from '@setia/event-store';
import { main } from '../apps/cli/src/main';
import { openScheduler, seedDueLots } from '../bench/scheduler.bench';
import { seededRandom } from '../bench/ledger-generator';
import { buildEntryPoints, exited, spawnEntryPoint } from './support/entry-points';
import { eventually } from './support/setia-app';

const MEMBERS = 100_000;
const KILLS = 5;
const TENANT = 'kopi';
const PAGE = 2000;

/** The embedded store numbers its events: a position is how many events were ever appended. */
const eventsIn = async (store: EventStore) => Number((await store.readAll({ direction: 'backwards', maxCount: 1 }))[0].position);

/** Every member's events after the seed (enrolment and one purchase), as type and data, page by page. */
async function decidedByTime(store: EventStore, seeded: Map<string, number>): Promise<Map<string, Array<{ type: string; data: unknown }>>> {
  const decided = new Map<string, Array<{ type: string; data: unknown }>>();
  const members = Array.from({ length: MEMBERS }, (_, n) => `m${n}`);
  for (let from = 0; from < MEMBERS; from += PAGE) {
    const names = members.slice(from, from + PAGE).map((member) => customerStream(TENANT, member));
    for (const [name, events] of await store.readStreams(names)) {
      decided.set(name, events.slice(seeded.get(name)).map(({ type, data }: RecordedEvent) => ({ type, data })));
    }
  }
  return decided;
}

describe('scheduler crash (fault test): killed with SIGKILL while members\' points fall due, it loses and repeats nothing', () => {
  const crashed = mkdtempSync(join(tmpdir(), 'setia-scheduler-crash-'));
  const clean = mkdtempSync(join(tmpdir(), 'setia-scheduler-clean-'));
  afterAll(() => {
    rmSync(crashed, { recursive: true, force: true });
    rmSync(clean, { recursive: true, force: true });
  });

  it(`after ${KILLS} SIGKILLs while ${MEMBERS.toLocaleString('en')} members' lots expire, every member's ledger equals a run without crashes, and the ledger verifies`, async () => {
    buildEntryPoints();
    await seedDueLots(crashed, TENANT, MEMBERS);
    cpSync(crashed, clean, { recursive: true });

    // The run without crashes: the scheduler in this process, on a copy of the same stores.
    const reference = await openScheduler(clean);
    let expected: Map<string, Array<{ type: string; data: unknown }>>;
    let seeded: Map<string, number>;
    let seedEnd: number;
    try {
      seedEnd = await eventsIn(reference.store);
      const members = Array.from({ length: MEMBERS }, (_, n) => customerStream(TENANT, `m${n}`));
      seeded = new Map();
      for (let from = 0; from < MEMBERS; from += PAGE) {
        for (const [name, events] of await reference.store.readStreams(members.slice(from, from + PAGE))) seeded.set(name, events.length);
      }
      await reference.scheduler.catchUp();
      // The backlog /metrics shows: every member waits, the oldest since their lot's expiry.
      const backlog = await reference.scheduler.backlog();
      const askedAt = Date.now();
      expect(backlog.customers).toBe(MEMBERS);
      expect(await reference.scheduler.runDue()).toBe(MEMBERS);
      expected = await decidedByTime(reference.store, seeded);
      const expiredAt = Math.min(...[...expected.values()].map(([expired]) => Date.parse((expired.data as { occurredAt: string }).occurredAt)));
      expect(Math.abs(backlog.seconds - (askedAt - expiredAt) / 1000)).toBeLessThan(5);
      expect(await reference.scheduler.backlog()).toEqual({ customers: 0, seconds: 0 });
      // Made a month late, as after downtime, each expiry is dated when its lot expired.
      const sample = members.slice(0, PAGE);
      const lateness = new Set<string>();
      for (const [name, events] of await reference.store.readStreams(sample)) {
        const lot = events.find((event) => event.type === 'PointsEarned')!.data as { expiresAt: string };
        const expired = events.find((event) => event.type === 'PointsExpired')!.data as { occurredAt: string };
        lateness.add(`${name}: ${expired.occurredAt === lot.expiresAt}`);
      }
      expect([...lateness]).toEqual(sample.map((name) => `${name}: true`));
    } finally {
      await reference.app.close();
    }
    // Every member's lot expired, once.
    for (const events of expected.values()) expect(events.map((event) => event.type)).toEqual(['PointsExpired']);
    const toDecide = MEMBERS;

    // The run with crashes: the projector process (where the scheduler runs), killed at five moments
    // of the decisions, each at a random place of its own sixth, then started once more to finish.
    const store = new SqliteEventStore(join(crashed, 'events.sqlite'), { synchronous: 'FULL' });
    try {
      // Two threads decide beside the scheduler's own, whatever the machine's cores: killed with them.
      const env = { SETIA_DATA_DIR: crashed, HOST: '127.0.0.1', PORT: '0', SETIA_SQLITE_SYNCHRONOUS: 'FULL', SETIA_SCHEDULER_THREADS: '2' };
      const random = seededRandom(15);
      const decidedAtKill: number[] = [];
      for (let kill = 0; kill < KILLS; kill += 1) {
        const target = seedEnd + Math.floor((toDecide * (kill + 0.2 + 0.6 * random())) / (KILLS + 1));
        const projector = spawnEntryPoint('apps/projector/src/main.js', env);
        await eventually(async () => ((await eventsIn(store)) >= target ? true : undefined), 120_000).catch((error: Error) => {
          throw new Error(`${error.message}; projector said: ${projector.output()}`);
        });
        projector.kill('SIGKILL');
        await exited(projector);
        decidedAtKill.push((await eventsIn(store)) - seedEnd);
      }
      // Every kill came while decisions were still to be made.
      expect(decidedAtKill.every((decided) => decided > 0 && decided < toDecide)).toBe(true);

      const projector = spawnEntryPoint('apps/projector/src/main.js', env);
      await eventually(async () => ((await eventsIn(store)) >= seedEnd + toDecide ? true : undefined), 180_000);
      // A pass more, so that a decision made twice would be there to see.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      projector.kill('SIGTERM');
      await exited(projector);

      expect((await eventsIn(store)) - seedEnd).toBe(toDecide);
      const afterCrashes = await decidedByTime(store, seeded);
      let same = 0;
      for (const [stream, events] of expected) if (JSON.stringify(afterCrashes.get(stream)) === JSON.stringify(events)) same += 1;
      expect(same).toBe(MEMBERS);
    } finally {
      await store.close();
    }

    let out = '';
    const code = await main(['ledger', 'verify', '--tenant', TENANT, '--no-read-model'], {
      out: (text) => (out += `${text}\n`),
      err: { write: () => true, isTTY: false },
      env: { SETIA_DATA_DIR: crashed },
    });
    expect(out).toContain('OK: everything agrees');
    expect(code).toBe(0);
  }, 900_000);
});
