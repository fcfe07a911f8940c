import { Logger } from '@nestjs/common';
import { EsdbEventStore, openEventStore } from '@setia/event-store';
import { ConfigError, describeConfig, loadConfig, SetiaLogger } from '@setia/platform';
import type { SetiaConfig } from '@setia/platform';
import { openReadStore } from '@setia/read-store';

/** How long a server may take to answer at start-up, so a wrong URL fails well within 10 s. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Reads the configuration, checks that the configured servers answer, and prints the adapters in
 * use (credentials masked) with what the EventStoreDB server said of itself (its version, and
 * whether it appends to several streams atomically and signals caughtUp), before Nest starts: a
 * bad or unreachable URL, or a server Setia cannot run on, stops start-up with the adapters line
 * and one line naming the variable, instead of a stack trace or a hang.
 */
export async function prepareStartup(service: string, needs: { eventStore: boolean; readStore: boolean }): Promise<SetiaConfig> {
  const config = loadConfig();
  Logger.overrideLogger(new SetiaLogger(config.logging));
  let eventStore: string | undefined;
  try {
    if (needs.eventStore && config.eventStore.kind === 'esdb') {
      const store = await openEventStore(config.eventStore, { timeoutMs: CONNECT_TIMEOUT_MS });
      if (store instanceof EsdbEventStore) eventStore = store.describeServer();
      await store.close();
    }
  } catch (error) {
    Logger.log(describeConfig(config), service);
    throw error;
  }
  Logger.log(describeConfig(config, { eventStore }), service);
  if (needs.readStore && config.readStore.kind === 'mongodb') {
    await (await openReadStore(config.readStore, { serverSelectionTimeoutMS: CONNECT_TIMEOUT_MS })).close();
  }
  return config;
}

/** One line and a non-zero exit. */
export function failStartup(service: string, error: unknown): never {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
  const line = `${service} cannot start: ${message.split('\n')[0]}`;
  // SETIA_LOG_FORMAT read as it is: the configuration that failed may be the one that names it.
  console.error(process.env.SETIA_LOG_FORMAT?.trim() === 'json' ? JSON.stringify({ time: new Date().toISOString(), level: 'fatal', context: service, message: line }) : line);
  process.exit(1);
}
