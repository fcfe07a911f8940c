import { Logger } from '@nestjs/common';
import { openEventStore } from '@setia/event-store';
import { ConfigError, describeConfig, loadConfig } from '@setia/platform';
import type { SetiaConfig } from '@setia/platform';
import { openReadStore } from '@setia/read-store';

/** How long a server may take to answer at start-up, so a wrong URL fails well within 10 s. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Reads the configuration, prints the adapters in use (credentials masked) and checks that the
 * configured servers answer, before Nest starts: a bad or unreachable URL stops start-up with one
 * line naming the variable, instead of a stack trace or a hang.
 */
export async function prepareStartup(service: string, needs: { eventStore: boolean; readStore: boolean }): Promise<SetiaConfig> {
  const config = loadConfig();
  Logger.log(describeConfig(config), service);
  if (needs.eventStore && config.eventStore.kind === 'esdb') await (await openEventStore(config.eventStore, { timeoutMs: CONNECT_TIMEOUT_MS })).close();
  if (needs.readStore && config.readStore.kind === 'mongodb') {
    await (await openReadStore(config.readStore, { serverSelectionTimeoutMS: CONNECT_TIMEOUT_MS })).close();
  }
  return config;
}

/** One line and a non-zero exit. */
export function failStartup(service: string, error: unknown): never {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
  console.error(`${service} cannot start: ${message.split('\n')[0]}`);
  process.exit(1);
}
