import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { SupervisedWorker } from './supervised-worker';

const FILE = join(__dirname, 'testing', 'test-worker.js');

function supervised(behaviour: string, extra: Record<string, unknown> = {}) {
  const logs: string[] = [];
  const worker = new SupervisedWorker({
    name: 'projector',
    file: FILE,
    workerData: { behaviour, ...extra },
    log: (message) => logs.push(`log: ${message}`),
    error: (message) => logs.push(`error: ${message}`),
    restartDelayMs: 100,
    stopTimeoutMs: 500,
  });
  return { worker, logs };
}

async function until(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('SupervisedWorker (real worker threads)', () => {
  it('runs the work on another thread and reports its health with the thread state', async () => {
    const { worker } = supervised('steady');
    await worker.start();
    const health = await worker.health();
    expect(health).toEqual({ up: true, threadId: expect.any(Number), worker: 'running', restarts: 0, lastExit: null });
    expect(health.threadId).not.toBe(threadId);
    expect(worker.isRunning).toBe(true);
    await worker.stop();
    expect(worker.isRunning).toBe(false);
    expect(await worker.health()).toEqual({ up: false, ready: false, worker: 'stopped', restarts: 0, lastExit: null });
  });

  it('hands work to the thread with an argument, and gives up on an answer later than the time given', async () => {
    const { worker } = supervised('steady');
    await worker.start();
    try {
      expect(await worker.ask('double', { n: 21, afterMs: 0 }, 5000)).toBe(42);
      await expect(worker.ask('double', { n: 1, afterMs: 1000 }, 100)).rejects.toThrow('the projector worker did not answer within 100 ms');
    } finally {
      await worker.stop();
    }
  });

  it('starts a worker that ended by itself again, after a pause, and says so on health and in the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'setia-worker-'));
    const { worker, logs } = supervised('crash-once', { marker: join(dir, 'crashed') });
    try {
      await worker.start();
      await until(async () => (await worker.health()).worker === 'restarting');
      expect(await worker.health()).toMatchObject({ up: false, worker: 'restarting', restarts: 0, lastExit: 'the read store went away' });
      await until(async () => (await worker.health()).worker === 'running');
      expect(await worker.health()).toMatchObject({ up: true, worker: 'running', restarts: 1, lastExit: 'the read store went away' });
      expect(logs).toEqual([
        'error: projector worker ended (the read store went away); starting it again in 100 ms',
        'log: projector worker running again (restart 1)',
      ]);
    } finally {
      await worker.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a worker that cannot start fails the start with its own message, and is not started again', async () => {
    const { worker, logs } = supervised('fail-start');
    await expect(worker.start()).rejects.toThrow('cannot open the store');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await worker.health()).toMatchObject({ up: false, worker: 'stopped', restarts: 0 });
    expect(logs).toEqual([]);
  });

  it('a worker that does not stop when asked is terminated after the limit', async () => {
    const { worker, logs } = supervised('deaf');
    await worker.start();
    const started = Date.now();
    await worker.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(logs).toEqual(['error: projector worker did not stop within 500 ms; terminating it']);
    expect((await worker.health()).worker).toBe('stopped');
  });
});
