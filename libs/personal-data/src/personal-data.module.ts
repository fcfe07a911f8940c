import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Global, Inject, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationShutdown } from '@nestjs/common';
import type { SetiaConfig } from '@setia/platform';
import { BlindIndex } from './blind-index';
import { PersonalData } from './personal-data';
import { PERSONAL_DATA_VAULT } from './personal-data-vault.port';
import type { PersonalDataVault } from './personal-data-vault.port';
import { MongoPersonalDataVault } from './mongodb/mongodb-personal-data-vault';
import { SqlitePersonalDataVault } from './sqlite/sqlite-personal-data-vault';

class VaultLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault) {}

  async onApplicationShutdown(): Promise<void> {
    await this.vault.close();
  }
}

/** A vault that does not answer stops start-up well within 10 s, naming MONGODB_URL. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Provides PERSONAL_DATA_VAULT, PersonalData and the BlindIndex: the vault in MongoDB, shared by
 * services on any machine, or the embedded SQLite file, which the services of one host share
 * through the data directory.
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
          useFactory: async (): Promise<PersonalDataVault> => {
            if (config.kind === 'mongodb') return MongoPersonalDataVault.connect(config.url, config.database, { serverSelectionTimeoutMS: CONNECT_TIMEOUT_MS });
            mkdirSync(dirname(config.file), { recursive: true });
            return new SqlitePersonalDataVault(config.file);
          },
        },
        PersonalData,
        BlindIndex,
        VaultLifecycle,
      ],
      exports: [PERSONAL_DATA_VAULT, PersonalData, BlindIndex],
    };
  }
}
