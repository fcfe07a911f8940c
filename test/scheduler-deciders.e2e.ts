import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { customerStream } from '@setia/domain';
import type { PassDeciders } from '@setia/application';
import { openScheduler, seedDueLots } from '../bench/scheduler.bench';

const TENANT = 'kopi';
const MEMBERS = 1_000;

/**
 * A pass hands chunks of its members to the deciders beside its own thread (SchedulerThreads, which
 * run from the built JavaScript; test/scheduler-crash.e2e.ts runs them). Here a stand-in for such a
 * thread decides through the scheduler of this process, and fails every other chunk it is given, as
 * a thread that ends would: the pass decides those chunks on its own thread, and every member's
 * lots expire exactly once.
 */
describe('scheduler: chunks handed to a decider beside it, some of them failed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'setia-scheduler-deciders-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('decides every member once, those of the failed chunks on its own thread', async () => {
    await seedDueLots(dir, TENANT, MEMBERS);
    const { app, scheduler, store } = await openScheduler(dir);
    try {
      const given: number[] = [];
      let failed = 0;
      const beside: PassDeciders = {
        running: () => [
          {
            passTimeFor: (tenant, customerIds, until) => {
              given.push(customerIds.length);
              if (given.length % 2 === 1) {
                failed += customerIds.length;
                return Promise.reject(new Error('the scheduler-1 worker ended'));
              }
              return scheduler.passTimeFor(tenant, customerIds, until);
            },
          },
        ],
      };
      scheduler.useThreads(beside);
      await scheduler.catchUp();
      expect(await scheduler.runDue()).toBe(MEMBERS);
      // The stand-in was given chunks, and failed some of them.
      expect(given.length).toBeGreaterThanOrEqual(2);
      expect(failed).toBeGreaterThanOrEqual(200);
      expect(await scheduler.backlog()).toEqual({ customers: 0, seconds: 0 });
      // Another pass finds nothing due.
      expect(await scheduler.runDue()).toBe(0);

      const streams = Array.from({ length: MEMBERS }, (_, n) => customerStream(TENANT, `m${n}`));
      const expiries = new Map<number, number>();
      for (const events of (await store.readStreams(streams)).values()) {
        const count = events.filter((event) => event.type === 'PointsExpired').length;
        expiries.set(count, (expiries.get(count) ?? 0) + 1);
      }
      expect([...expiries]).toEqual([[1, MEMBERS]]);
    } finally {
      scheduler.useThreads(undefined);
      await app.close();
    }
  });
});
