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
