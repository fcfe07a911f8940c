import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustomerLedger } from '@setia/application';
import { PERSONAL_DATA_VAULT } from '@setia/personal-data';
import type { PersonalDataVault } from '@setia/personal-data';
import { openScheduler, seedDueLots } from '../bench/scheduler.bench';

const TENANT = 'kopi';
const MEMBERS = 50;

/**
 * A scheduler pass decides time passing on members' ledgers with their personal fields left sealed
 * (no rule reads one), and leaves nothing sealed where other commands read those fields.
 */
describe('scheduler: time passes without opening personal data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'setia-scheduler-personal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a pass over members with cards consults no key, and afterwards their states show the cards in clear', async () => {
    await seedDueLots(dir, TENANT, MEMBERS);
    const { app, scheduler } = await openScheduler(dir);
    try {
      const vault = app.get<PersonalDataVault>(PERSONAL_DATA_VAULT);
      const lookups = [jest.spyOn(vault, 'find'), jest.spyOn(vault, 'findMany'), jest.spyOn(vault, 'keyFor')];
      await scheduler.catchUp();
      expect(await scheduler.runDue()).toBe(MEMBERS);
      expect(lookups.map((lookup) => lookup.mock.calls.length)).toEqual([0, 0, 0]);

      // The same process's ledger reads the members as their streams say, card numbers opened.
      const ledger = app.get(CustomerLedger);
      const states = await Promise.all([0, 17, MEMBERS - 1].map((n) => ledger.state(TENANT, `m${n}`)));
      expect(states.map((state) => [state.member?.cardNumber, state.points, state.lifetimeExpired])).toEqual([
        ['6001 0', 0, 10],
        ['6001 17', 0, 27],
        [`6001 ${MEMBERS - 1}`, 0, 59],
      ]);
    } finally {
      await app.close();
    }
  });
});
