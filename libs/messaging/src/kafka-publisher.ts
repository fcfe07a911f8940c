import { Logger } from '@nestjs/common';
import { ConfigError } from '@setia/platform';
import { CompressionTypes, Kafka, logLevel, Partitioners } from 'kafkajs';
import type { Admin, LogEntry, Producer } from 'kafkajs';
import type { EventPublisher, OutgoingMessage, PublisherStatus } from './publisher.port';

export interface KafkaPublisherOptions {
  brokers: string[];
  clientId: string;
  /** Partitions of a topic the relay creates; program topics (one key) get 1. */
  topicPartitions: number;
  /** How long connect() may take before it gives up with BrokerUnreachable. */
  connectTimeoutMs?: number;
  /** Per-request timeout of a produce (acks from all in-sync replicas). */
  requestTimeoutMs?: number;
}

const MAX_PARTITION_BATCH_BYTES = 768 * 1024;

function tooLarge(error: unknown): boolean {
  for (let e = error as { type?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.type === 'MESSAGE_TOO_LARGE' || e.type === 'RECORD_LIST_TOO_LARGE') return true;
  }
  return false;
}

/** Kafka could not be reached at start-up. A ConfigError, so the entry point prints one line. */
export class BrokerUnreachable extends ConfigError {
  constructor(brokers: string[], seconds: number, cause: string) {
    super('KAFKA_BROKERS', `${brokers.join(',')} cannot be reached: ${cause} (gave up after ${seconds} s)`);
    this.name = 'BrokerUnreachable';
  }
}

/**
 * Publishes to Kafka with kafkajs: an idempotent producer (acks from all in-sync replicas, one
 * request in flight, so a retry inside the client cannot reorder or duplicate a partition's
 * messages), one `sendBatch` per relay batch, topics created when missing. After a failed send the
 * producer is replaced, so a broker restart cannot leave it stuck on stale producer state; the relay
 * then sends the batch again (at least once; consumers drop duplicates by ce_id).
 */
export class KafkaPublisher implements EventPublisher {
  private readonly logger = new Logger('KafkaPublisher');
  private readonly kafka: Kafka;
  private readonly admin: Admin;
  private producer: Producer | undefined;
  private readonly knownTopics = new Set<string>();
  private connected = false;
  private lastError: PublisherStatus['lastError'];

  constructor(private readonly options: KafkaPublisherOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: 3000,
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      // Short client-level retries: a broker that is down shows up as an error within seconds, and
      // the relay (which never gives up) decides when to try again and reports it on its health.
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => {
        // The relay reports failures itself (one line per change, and on its health); the client's
        // own lines go to the verbose level.
        this.logger.verbose(`${entry.log.message}${entry.log.error ? `: ${entry.log.error}` : ''}`);
      },
    });
    this.admin = this.kafka.admin({ retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1000 } });
  }

  async connect(): Promise<void> {
    const timeoutMs = this.options.connectTimeoutMs ?? 6000;
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    try {
      await Promise.race([
        (async () => {
          await this.admin.connect();
          // connect() alone may succeed on a half-open socket: ask the cluster something.
          await this.admin.describeCluster();
          await this.ensureProducer();
        })(),
        timeout,
      ]);
      this.markConnected();
    } catch (error) {
      await this.disconnectQuietly();
      const cause = error instanceof Error ? error.message : String(error);
      this.markDisconnected(cause);
      throw new BrokerUnreachable(this.options.brokers, Math.round((Date.now() - started) / 100) / 10, cause);
    } finally {
      clearTimeout(timer);
    }
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    try {
      await this.ensureTopics(messages);
      const producer = await this.ensureProducer();
      // In order, one request at a time: a key's messages never overtake each other.
      for (const chunk of this.chunks(messages)) await this.send(producer, chunk);
      this.markConnected();
    } catch (error) {
      this.markDisconnected(error instanceof Error ? error.message : String(error));
      await this.resetProducer();
      throw error;
    }
  }

  /**
   * Splits a relay batch so that no partition's share is likely to exceed the broker's default
   * message.max.bytes (1 MiB): about 768 KiB per partition of the topic.
   */
  private *chunks(messages: OutgoingMessage[]): Generator<OutgoingMessage[]> {
    let chunk: OutgoingMessage[] = [];
    const bytes = new Map<string, number>();
    for (const message of messages) {
      const size = message.value.length + message.key.length + 300;
      const budget = MAX_PARTITION_BATCH_BYTES * (message.topic.endsWith('.program') ? 1 : this.options.topicPartitions);
      if (chunk.length > 0 && (bytes.get(message.topic) ?? 0) + size > budget) {
        yield chunk;
        chunk = [];
        bytes.clear();
      }
      chunk.push(message);
      bytes.set(message.topic, (bytes.get(message.topic) ?? 0) + size);
    }
    if (chunk.length > 0) yield chunk;
  }

  /** One sendBatch; a batch the broker finds too large (skewed keys) is sent again in halves. */
  private async send(producer: Producer, messages: OutgoingMessage[]): Promise<void> {
    const byTopic = new Map<string, Array<{ key: string; value: string; headers: Record<string, string>; timestamp: string }>>();
    for (const message of messages) {
      let list = byTopic.get(message.topic);
      if (!list) byTopic.set(message.topic, (list = []));
      list.push({ key: message.key, value: message.value, headers: message.headers, timestamp: String(message.timestamp) });
    }
    try {
      await producer.sendBatch({
        acks: -1,
        timeout: this.options.requestTimeoutMs ?? 10_000,
        compression: CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
      });
    } catch (error) {
      if (!tooLarge(error) || messages.length === 1) throw error;
      const half = Math.ceil(messages.length / 2);
      await this.send(producer, messages.slice(0, half));
      await this.send(producer, messages.slice(half));
    }
  }

  /** Asks the cluster for its metadata: how the relay notices a lost broker while idle. */
  async check(): Promise<void> {
    try {
      await this.admin.describeCluster();
      this.markConnected();
    } catch (error) {
      this.markDisconnected(error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  status(): PublisherStatus {
    return {
      kind: 'kafka',
      target: this.options.brokers.join(','),
      connected: this.connected,
      ...(this.lastError && { lastError: this.lastError }),
    };
  }

  async close(): Promise<void> {
    await this.disconnectQuietly();
    this.connected = false;
  }

  private async ensureProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
      // Bounded so that a lost broker surfaces as an error the relay reports and retries.
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2000 },
    });
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.producer = producer;
    return producer;
  }

  private async resetProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  /** Creates the topics of these messages that this publisher has not seen yet, when missing. */
  private async ensureTopics(messages: OutgoingMessage[]): Promise<void> {
    const missing = new Set<string>();
    for (const message of messages) if (!this.knownTopics.has(message.topic)) missing.add(message.topic);
    if (missing.size === 0) return;
    const existing = new Set(await this.admin.listTopics());
    const toCreate = [...missing].filter((topic) => !existing.has(topic));
    if (toCreate.length > 0) {
      // Three replicas where the cluster has three brokers (the usual production shape), else
      // as many as there are brokers (one on a developer's machine).
      const { brokers } = await this.admin.describeCluster();
      const replicationFactor = Math.max(1, Math.min(3, brokers.length));
      await this.admin.createTopics({
        waitForLeaders: true,
        topics: toCreate.map((topic) => ({
          topic,
          numPartitions: topic.endsWith('.program') ? 1 : this.options.topicPartitions,
          replicationFactor,
        })),
      });
      this.logger.log(`created topic${toCreate.length > 1 ? 's' : ''} ${toCreate.join(', ')}`);
    }
    for (const topic of missing) this.knownTopics.add(topic);
  }

  private markConnected(): void {
    this.connected = true;
  }

  private markDisconnected(message: string): void {
    this.connected = false;
    this.lastError = { message, at: new Date().toISOString() };
  }

  /** Closes the clients; a connection that never answered must not hold this up for long. */
  private async disconnectQuietly(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      (async () => {
        await this.resetProducer();
        await this.admin.disconnect().catch(() => undefined);
      })(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 1000);
      }),
    ]);
    clearTimeout(timer);
  }
}
