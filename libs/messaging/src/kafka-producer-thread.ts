import { parentPort, workerData } from 'node:worker_threads';
import { CompressionTypes } from 'kafkajs';
import type { Kafka, Message, Producer } from 'kafkajs';
import { createKafka, DEFAULT_REQUEST_TIMEOUT_MS } from './kafka-client';
import type { KafkaClientOptions } from './kafka-client';
import type { OutgoingMessage } from './publisher.port';
import { rememberingPartitioner } from './remembering-partitioner';

/**
 * A producer thread: one kafkajs idempotent producer on a worker thread. kafkajs encodes every
 * record and header on the thread that sends, and that encoding is most of the relay's CPU; here
 * it runs beside the main thread, which reads the store, maps events and saves checkpoints. The
 * main thread sends it one request at a time and waits for its answer, so acknowledgement still
 * comes before the checkpoint.
 */

export interface ProducerThreadData extends KafkaClientOptions {
  /** Partitions of a customer topic, to size requests (program topics have one). */
  topicPartitions: number;
}

/** A message as the thread sends it: what the relay publishes, less its bookkeeping. */
export type ThreadMessage = Omit<OutgoingMessage, 'position'>;

/** What the main thread asks of a producer thread. */
export type ProducerCommand = { op: 'connect' } | { op: 'send'; messages: ThreadMessage[] } | { op: 'disconnect' };

export type ProducerRequest = ProducerCommand & { id: number };

export type ProducerReply =
  | { id: number; ok: true }
  | { id: number; ok: false; error: { name: string; message: string } }
  | { log: string };

const MAX_PARTITION_BATCH_BYTES = 768 * 1024;

function tooLarge(error: unknown): boolean {
  for (let e = error as { type?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.type === 'MESSAGE_TOO_LARGE' || e.type === 'RECORD_LIST_TOO_LARGE') return true;
  }
  return false;
}

/**
 * Sends with an idempotent producer: acks from all in-sync replicas, one request in flight, so a
 * retry inside the client cannot reorder or duplicate a partition's messages. After a failed send
 * the producer is replaced, so a broker restart cannot leave it stuck on stale producer state.
 */
class ThreadProducer {
  private producer: Producer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: ProducerThreadData,
  ) {}

  async connect(): Promise<void> {
    await this.ensureProducer();
  }

  async send(messages: ThreadMessage[]): Promise<void> {
    try {
      const producer = await this.ensureProducer();
      // In order, one request at a time: a key's messages never overtake each other.
      for (const chunk of this.chunks(messages)) await this.sendChunk(producer, chunk);
    } catch (error) {
      await this.disconnect();
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  /**
   * Splits the messages so that no partition's share is likely to exceed the broker's default
   * message.max.bytes (1 MiB): about 768 KiB per partition of the topic.
   */
  private *chunks(messages: ThreadMessage[]): Generator<ThreadMessage[]> {
    let chunk: ThreadMessage[] = [];
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
  private async sendChunk(producer: Producer, messages: ThreadMessage[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, key, value, headers, timestamp } of messages) {
      let list = byTopic.get(topic);
      if (!list) byTopic.set(topic, (list = []));
      // kafkajs takes the record timestamp as a string of milliseconds.
      list.push({ key, value, headers, timestamp: String(timestamp) });
    }
    try {
      await producer.sendBatch({
        acks: -1,
        timeout: this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
        compression: CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
      });
    } catch (error) {
      if (!tooLarge(error) || messages.length === 1) throw error;
      const half = Math.ceil(messages.length / 2);
      await this.sendChunk(producer, messages.slice(0, half));
      await this.sendChunk(producer, messages.slice(half));
    }
  }

  private async ensureProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: rememberingPartitioner(),
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
}

if (parentPort) {
  const port = parentPort;
  const options = workerData as ProducerThreadData;
  const producer = new ThreadProducer(createKafka(options, (log) => port.postMessage({ log } satisfies ProducerReply)), options);
  // Requests are handled one after the other, as they came.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (request: ProducerRequest) => {
    queue = queue.then(async () => {
      try {
        if (request.op === 'connect') await producer.connect();
        else if (request.op === 'send') await producer.send(request.messages);
        else await producer.disconnect();
        port.postMessage({ id: request.id, ok: true } satisfies ProducerReply);
      } catch (error) {
        const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
        port.postMessage({ id: request.id, ok: false, error: { name, message } } satisfies ProducerReply);
      }
    });
  });
}
