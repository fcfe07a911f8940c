import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { purchase } from './support/program';
import { spawnSetia } from './support/spawned-setia';

const TENANT = 'aio';
const MEMBERS = 20;
const PURCHASES = 200;

/**
 * npm start's process: the API on the main thread, the projector with the process managers and
 * the relay each on a supervised worker thread, reporting on /health, the read models and the
 * outbox caught up with what the API recorded, and a clean stop.
 */
describe('all-in-one (apps/setia, as npm start runs it)', () => {
  it('serves purchases while its threads keep the read models and the outbox caught up, and stops cleanly', async () => {
    const setia = await spawnSetia('apps/setia/src/main.js');
    try {
      const health = (await setia.send('GET', '/health')).body;
      expect(health.checks.projector).toMatchObject({ up: true, worker: 'running', restarts: 0 });
      expect(health.checks.relay).toMatchObject({ up: true, worker: 'running', restarts: 0, publisher: { kind: 'local-sink' } });

      const { admin, pos } = await setia.provision(TENANT);
      for (let i = 0; i < MEMBERS; i++) expect((await setia.send('POST', `/v1/tenants/${TENANT}/members`, { customerId: `m${i}`, cardNumber: `6001 ${i}` }, pos)).status).toBe(201);
      const answers = await Promise.all(
        Array.from({ length: PURCHASES }, (_, i) => setia.send('POST', `/v1/tenants/${TENANT}/purchases`, purchase(`m${i % MEMBERS}`, 100_000), pos)),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(PURCHASES).fill(201));

      // Caught up: both lags 0 on /health, within a few seconds of the last purchase.
      const deadline = Date.now() + 10_000;
      let checks: any;
      do {
        await new Promise((resolve) => setTimeout(resolve, 100));
        checks = (await setia.send('GET', '/health')).body.checks;
      } while ((checks.projector.lag.events !== 0 || checks.relay.lag.events !== 0) && Date.now() < deadline);
      expect(checks.projector.lag).toEqual({ events: 0, seconds: 0 });
      expect(checks.relay.lag).toEqual({ events: 0, seconds: 0 });

      // The read models hold every purchase: 10 points each, 10 purchases per member.
      const list = (await setia.send('GET', `/v1/tenants/${TENANT}/customers?limit=500`, undefined, admin)).body;
      expect(list.customers).toHaveLength(MEMBERS);
      expect(list.customers.map((customer: { points: number }) => customer.points)).toEqual(Array(MEMBERS).fill((PURCHASES / MEMBERS) * 10));
      // The relay's local sink holds every purchase recorded.
      const outbox = join(setia.dataDir, 'outbox');
      const published = readdirSync(outbox)
        .flatMap((file) => readFileSync(join(outbox, file), 'utf8').split('\n').filter(Boolean))
        .map((line) => JSON.parse(line) as { type: string });
      expect(published.filter((message) => message.type.includes('.PurchaseRecorded.'))).toHaveLength(PURCHASES);

      const started = Date.now();
      expect(await setia.stop()).toBe('SIGTERM');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(setia.child.output()).not.toMatch(/ERROR|worker ended|terminating/);
    } finally {
      await setia.cleanUp();
    }
  }, 60_000);

  it('runs its projector and relay threads SETIA_BACKGROUND_NICE below the API, and the threads Node shares (its pool for files) at the API\'s', async () => {
    const setia = await spawnSetia('apps/setia/src/main.js', { SETIA_BACKGROUND_NICE: '7', UV_THREADPOOL_SIZE: '9' });
    try {
      const { pos } = await setia.provision(TENANT);
      expect((await setia.send('POST', `/v1/tenants/${TENANT}/members`, { customerId: 'm0', cardNumber: '6001 0' }, pos)).status).toBe(201);
      expect((await setia.send('POST', `/v1/tenants/${TENANT}/purchases`, purchase('m0', 100_000), pos)).status).toBe(201);
      const pid = setia.child.pid!;
      const niceOf = (threadId: number | string) => Number(readFileSync(`/proc/${pid}/task/${threadId}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
      const { checks } = (await setia.send('GET', '/health')).body;
      // /health names each background thread and its priority, as the system has it.
      for (const work of ['projector', 'relay']) {
        expect(checks[work].thread).toEqual({ threadId: expect.any(Number), nice: 7 });
        expect(niceOf(checks[work].thread.threadId)).toBe(7);
      }
      expect(checks.projector.thread.threadId).not.toBe(checks.relay.thread.threadId);
      // The API's own thread (its id is the process's) at 0.
      expect(niceOf(pid)).toBe(0);
      // Node's nine threads for files and crypto are made on first use, with the priority of the
      // thread that makes them: at 0, so fewer than nine threads are at 7 (the two background
      // threads, and the store threads they started).
      const lowered = readdirSync(`/proc/${pid}/task`).filter((task) => niceOf(task) === 7);
      expect(lowered.length).toBeGreaterThanOrEqual(2);
      expect(lowered.length).toBeLessThan(9);
    } finally {
      await setia.cleanUp();
    }
  }, 60_000);
});
