import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personalDataVaultContract } from '../personal-data-vault.contract';
import { SqlitePersonalDataVault } from './sqlite-personal-data-vault';

personalDataVaultContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'setia-vault-contract-'));
  return {
    open: async () => new SqlitePersonalDataVault(join(dir, 'vault.sqlite')),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqlitePersonalDataVault.inOneTransaction', () => {
  it('keeps the keys and index entries made in it, and none of them when the work fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'setia-vault-batch-'));
    const file = join(dir, 'vault.sqlite');
    try {
      const vault = new SqlitePersonalDataVault(file);
      const digest = Buffer.alloc(32, 1);
      const made = await vault.inOneTransaction(async () => {
        const key = await vault.keyFor('kopi', 'ani');
        expect(await vault.claimEntry('kopi', digest, 'card', 'ani', '2026-12-01T00:00:00.000Z')).toEqual({ kind: 'card', customerId: 'ani', claimedAt: '2026-12-01T00:00:00.000Z' });
        return key;
      });
      await expect(
        vault.inOneTransaction(async () => {
          await vault.keyFor('kopi', 'budi');
          throw new Error('stopped half-way');
        }),
      ).rejects.toThrow('stopped half-way');
      await vault.close();

      const reopened = new SqlitePersonalDataVault(file);
      expect(await reopened.find('kopi', 'ani')).toEqual(made);
      expect(await reopened.find('kopi', 'budi')).toBeNull();
      expect(await reopened.findEntry('kopi', digest)).toEqual({ kind: 'card', customerId: 'ani', claimedAt: '2026-12-01T00:00:00.000Z' });
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
