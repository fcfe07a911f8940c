import { Kafka, logLevel } from 'kafkajs';
import type { LogEntry } from 'kafkajs';

/** What the relay's Kafka clients (the admin on the main thread, the producers on their threads) share. */
export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** Per-request timeout of a produce (acks from all in-sync replicas). */
  requestTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * A kafkajs client with the relay's settings. Its own log lines (warnings and errors) go to `log`:
 * the relay reports failures itself (one line per change, and on its health), so callers print
 * them at the verbose level.
 */
export function createKafka(options: KafkaClientOptions, log: (line: string) => void): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 3000,
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    // Short client-level retries: a broker that is down shows up as an error within seconds, and
    // the relay (which never gives up) decides when to try again and reports it on its health.
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => log(`${entry.log.message}${entry.log.error ? `: ${entry.log.error}` : ''}`),
  });
}
