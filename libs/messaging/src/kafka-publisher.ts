import type { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { ConfigError, startModuleThread } from '@setia/platform';
import type { Admin } from 'kafkajs';
import { createKafka } from './kafka-client';
import type { KafkaClientOptions } from './kafka-client';
import type { ProducerCommand, ProducerReply, ProducerRequest, ProducerThreadData, ThreadMessage } from './kafka-producer-thread';
import type { EventPublisher, OutgoingMessage, PublisherStatus } from './publisher.port';

export interface KafkaPublisherOptions extends KafkaClientOptions {
  /** Partitions of a topic the relay creates; program topics (one key) get 1. */
  topicPartitions: number;
  /** How long connect() may take before it gives up with BrokerUnreachable. */
  connectTimeoutMs?: number;
  /** Producer threads, each with its own idempotent producer; a key always goes through the same one. */
  producerThreads?: number;
}

/** Two: the relay's CPU goes mostly to kafkajs's encoding, and a second producer thread spreads it over the cores. */
const DEFAULT_PRODUCER_THREADS = 2;

/** Kafka could not be reached at start-up. A ConfigError, so the entry point prints one line. */
export class BrokerUnreachable extends ConfigError {
  constructor(brokers: string[], seconds: number, cause: string) {
    super('KAFKA_BROKERS', `${brokers.join(',')} cannot be reached: ${cause} (gave up after ${seconds} s)`);
    this.name = 'BrokerUnreachable';
  }
}

/**
 * Publishes to Kafka with kafkajs. The producers run on their own threads (kafka-producer-thread.ts:
 * idempotent, acks from all in-sync replicas, one request in flight); this side keeps the admin
 * client (topics created when missing, the idle connection check) and splits each relay batch
 * between the threads by key, so one member's messages always leave through one producer, in order.
 * publish resolves once every thread's share was acknowledged. A thread whose send failed replaces
 * its producer, so a broker restart cannot leave it stuck on stale producer state; the relay then
 * sends the batch again (at least once; consumers drop duplicates by ce_id).
 */
export class KafkaPublisher implements EventPublisher {
  private readonly logger = new Logger('KafkaPublisher');
  private readonly admin: Admin;
  private readonly threads: ProducerThread[];
  private readonly knownTopics = new Set<string>();
  private connected = false;
  private lastError: PublisherStatus['lastError'];

  constructor(private readonly options: KafkaPublisherOptions) {
    const log = (line: string) => this.logger.verbose(line);
    this.admin = createKafka(options, log).admin({ retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1000 } });
    const data: ProducerThreadData = {
      brokers: options.brokers,
      clientId: options.clientId,
      requestTimeoutMs: options.requestTimeoutMs,
      topicPartitions: options.topicPartitions,
    };
    this.threads = Array.from({ length: Math.max(1, options.producerThreads ?? DEFAULT_PRODUCER_THREADS) }, () => new ProducerThread(data, log));
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
          await this.allThreads((thread) => thread.request({ op: 'connect' }));
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
      const shares = this.threads.map((): ThreadMessage[] => []);
      for (const message of messages) shares[threadOf(message.key, shares.length)].push(message);
      await this.allThreads((thread, i) => (shares[i].length > 0 ? thread.request({ op: 'send', messages: shares[i] }) : Promise.resolve()));
      this.markConnected();
    } catch (error) {
      this.markDisconnected(error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  /**
   * Runs a request on every thread and waits for all of them (a thread still sending when another
   * failed must finish before the relay sends the batch again); rejects with the first failure.
   */
  private async allThreads(request: (thread: ProducerThread, index: number) => Promise<void>): Promise<void> {
    const results = await Promise.allSettled(this.threads.map(request));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
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

  /** Closes the clients and ends the threads; a connection that never answered must not hold this up for long. */
  private async disconnectQuietly(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      (async () => {
        await Promise.all(this.threads.map((thread) => thread.disconnect()));
        await this.admin.disconnect().catch(() => undefined);
      })(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 1000);
      }),
    ]);
    clearTimeout(timer);
    await Promise.all(this.threads.map((thread) => thread.terminate()));
  }
}

/** A key's thread: a hash of the key, so one member's messages always leave through one producer. */
function threadOf(key: string, threads: number): number {
  if (threads === 1) return 0;
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return (hash >>> 0) % threads;
}

/**
 * The main thread's side of a producer thread: started on the first request (again after it
 * ended), answers matched to requests by id. The thread keeps the process alive only while a
 * request waits for its answer.
 */
class ProducerThread {
  private running: { worker: Worker; pending: Map<number, { resolve: () => void; reject: (error: Error) => void }> } | undefined;
  private nextId = 0;

  constructor(
    private readonly data: ProducerThreadData,
    private readonly log: (line: string) => void,
  ) {}

  request(command: ProducerCommand): Promise<void> {
    const { worker, pending } = this.running ?? this.start();
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...command, id } satisfies ProducerRequest);
    });
  }

  /** Disconnects the thread's producer, if the thread runs. */
  async disconnect(): Promise<void> {
    if (this.running) await this.request({ op: 'disconnect' }).catch(() => undefined);
  }

  async terminate(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.ended(running, new Error('the producer thread was stopped'));
    await running.worker.terminate();
  }

  private start(): NonNullable<ProducerThread['running']> {
    const running = { worker: startModuleThread(__filename, 'kafka-producer-thread', { workerData: this.data }), pending: new Map() };
    const { worker, pending } = running;
    worker.on('message', (reply: ProducerReply) => {
      if ('log' in reply) return this.log(reply.log);
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (pending.size === 0) worker.unref();
      if (reply.ok) waiting?.resolve();
      else waiting?.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
    });
    worker.on('error', (error) => this.ended(running, error));
    worker.on('exit', (code) => this.ended(running, new Error(`the producer thread exited (code ${code})`)));
    worker.unref();
    this.running = running;
    return running;
  }

  /** Whatever still waits on a thread that ended fails (the relay sends that batch again). */
  private ended(running: NonNullable<ProducerThread['running']>, error: Error): void {
    if (this.running === running) this.running = undefined;
    for (const { reject } of running.pending.values()) reject(error);
    running.pending.clear();
  }
}
