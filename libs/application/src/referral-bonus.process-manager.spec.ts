import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { SqliteEventStore } from '@setia/event-store';
import type { CheckpointStore, Position } from '@setia/event-store';
import type { CustomerLedger } from './customer-ledger.service';
import type { ProgramService } from './program.service';
import { ReferralBonusProcessManager } from './referral-bonus.process-manager';

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('referral bonus process manager: a checkpoint store that is down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'setia-referral-pm-'));
  const store = new SqliteEventStore(join(dir, 'events.sqlite'), { pollIntervalMs: 10 });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const logged: string[] = [];
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void logged.push(String(message)));
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    jest.restoreAllMocks();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A checkpoint store whose loads and saves fail at the calls given (1 for the first), and work otherwise. */
  const flaky = ({ failLoads = [], failSaves = [] }: { failLoads?: number[]; failSaves?: number[] }) => {
    const saved: Position[] = [];
    let loads = 0;
    let saves = 0;
    const checkpoints: CheckpointStore = {
      load: async () => {
        loads += 1;
        if (failLoads.includes(loads)) throw new Error('checkpoint store unreachable');
        return saved.at(-1);
      },
      save: async (_name, position) => {
        saves += 1;
        if (failSaves.includes(saves)) throw new Error('checkpoint store unreachable');
        saved.push(position);
      },
    };
    return { checkpoints, saved, loads: () => loads };
  };
  // The events here carry no referral: the ledger is never asked.
  const ledger = {} as CustomerLedger;

  it('at start-up: bootstrap does not fail, the start is retried with a growing pause until the checkpoint loads, and nothing rejects unhandled', async () => {
    const { checkpoints, loads } = flaky({ failLoads: [1, 2] });
    const manager = new ReferralBonusProcessManager(store, checkpoints, ledger, {} as ProgramService);
    manager.subscription.restartDelayMs = 5;
    await expect(manager.onApplicationBootstrap()).resolves.toBeUndefined();
    await waitFor(() => manager.isLive());
    expect(loads()).toBe(3);
    expect(logged.splice(0)).toEqual([
      'cannot load its checkpoint: checkpoint store unreachable; restarting from the checkpoint in 5 ms',
      'cannot load its checkpoint: checkpoint store unreachable; restarting from the checkpoint in 10 ms',
    ]);
    await manager.onApplicationShutdown();
    expect(unhandled).toEqual([]);
  });

  it('while running: a save that fails stops the subscription, a load that fails on restart is retried too, and it resumes from the checkpoint', async () => {
    const { checkpoints, saved, loads } = flaky({ failLoads: [2], failSaves: [1] });
    const manager = new ReferralBonusProcessManager(store, checkpoints, ledger, {} as ProgramService);
    manager.subscription.restartDelayMs = 5;
    await manager.onApplicationBootstrap();
    await waitFor(() => manager.isLive());
    const { position } = await store.appendToStream('customer-toko-ayu', [{ id: 'e1', type: 'CustomerEnrolled', data: {}, metadata: { tenant: 'toko' } }]);
    await waitFor(() => saved.length > 0 && manager.isLive());
    expect(saved).toEqual([position]);
    expect(loads()).toBe(3);
    expect(logged.splice(0)).toEqual([
      'stopped: checkpoint store unreachable; restarting from the checkpoint in 5 ms',
      'cannot load its checkpoint: checkpoint store unreachable; restarting from the checkpoint in 10 ms',
    ]);
    await manager.onApplicationShutdown();
    expect(unhandled).toEqual([]);
  });

  it('stopped while waiting to restart: it does not start again', async () => {
    const { checkpoints, loads } = flaky({ failLoads: [1] });
    const manager = new ReferralBonusProcessManager(store, checkpoints, ledger, {} as ProgramService);
    manager.subscription.restartDelayMs = 20;
    await manager.onApplicationBootstrap();
    await manager.onApplicationShutdown();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(loads()).toBe(1);
    expect(manager.isLive()).toBe(false);
    logged.splice(0);
  });
});
