import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Global, Inject, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationShutdown } from '@nestjs/common';
import type { SetiaConfig } from '@setia/platform';
import { PersonalData } from './personal-data';
import { PERSONAL_DATA_VAULT } from './personal-data-vault.port';
import type { PersonalDataVault } from './personal-data-vault.port';
import { SqlitePersonalDataVault } from './sqlite/sqlite-personal-data-vault';

class VaultLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault) {}

  async onApplicationShutdown(): Promise<void> {
    await this.vault.close();
  }
}

/**
 * Provides PERSONAL_DATA_VAULT and PersonalData. The vault is the embedded SQLite file for every
 * topology for now; with EventStoreDB and MongoDB on several machines, the API and the relay must
 * share that file (or a MongoDB adapter of the same port takes its place).
 */
@Global()
@Module({})
export class PersonalDataModule {
  static forRoot(config: SetiaConfig['vault']): DynamicModule {
    return {
      module: PersonalDataModule,
      providers: [
        {
          provide: PERSONAL_DATA_VAULT,
          useFactory: () => {
            mkdirSync(dirname(config.file), { recursive: true });
            return new SqlitePersonalDataVault(config.file);
          },
        },
        PersonalData,
        VaultLifecycle,
      ],
      exports: [PERSONAL_DATA_VAULT, PersonalData],
    };
  }
}
