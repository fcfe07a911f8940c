import { Global, Inject, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationShutdown } from '@nestjs/common';
import type { SetiaConfig } from '@setia/platform';
import { MongoReadStoreEngine } from './mongodb/mongodb-read-store';
import { READ_STORE_ENGINE } from './read-store.port';
import type { ReadStoreEngine } from './read-store.port';
import { SqliteReadStoreEngine } from './sqlite/sqlite-read-store';

class ReadStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(READ_STORE_ENGINE) private readonly engine: ReadStoreEngine) {}

  async onApplicationShutdown(): Promise<void> {
    await this.engine.close();
  }
}

/** Opens the configured read store; an unreachable MongoDB fails start-up within 10 s. */
export async function openReadStore(config: SetiaConfig['readStore'], options: { serverSelectionTimeoutMS?: number } = {}): Promise<ReadStoreEngine> {
  if (config.kind === 'sqlite') return new SqliteReadStoreEngine(config.file);
  return MongoReadStoreEngine.connect(config.url, config.database, options);
}

/** Provides READ_STORE_ENGINE with the adapter the configuration chose, and closes it on shutdown. */
@Global()
@Module({})
export class ReadStoreModule {
  static forRoot(config: SetiaConfig['readStore']): DynamicModule {
    return {
      module: ReadStoreModule,
      providers: [{ provide: READ_STORE_ENGINE, useFactory: () => openReadStore(config) }, ReadStoreLifecycle],
      exports: [READ_STORE_ENGINE],
    };
  }
}
