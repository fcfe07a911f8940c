import { mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventPublisher, OutgoingMessage, PublisherStatus } from './publisher.port';

/**
 * The embedded default when no Kafka is configured: one JSON-lines file per topic under a
 * directory (`<dir>/<topic>.jsonl`), one CloudEvent per line in the structured JSON format
 * (`specversion`, `id`, `source`, `type`, `time`, `subject`, `datacontenttype`, the extensions,
 * `partitionkey` = the Kafka key, and `data` = the same body Kafka would carry). A user can read it
 * with `tail -f` or `jq`. Every batch is appended and fsynced before publish resolves.
 */
export class LocalSinkPublisher implements EventPublisher {
  private readonly files = new Map<string, FileHandle>();
  private lastError: PublisherStatus['lastError'];
  private connected = false;

  constructor(private readonly dir: string) {}

  async connect(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.connected = true;
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    const byTopic = new Map<string, string[]>();
    for (const message of messages) {
      let lines = byTopic.get(message.topic);
      if (!lines) byTopic.set(message.topic, (lines = []));
      lines.push(structuredLine(message));
    }
    try {
      await Promise.all(
        [...byTopic].map(async ([topic, lines]) => {
          const file = await this.file(topic);
          await file.appendFile(`${lines.join('\n')}\n`);
          await file.sync();
        }),
      );
      this.connected = true;
    } catch (error) {
      this.connected = false;
      this.lastError = { message: (error as Error).message, at: new Date().toISOString() };
      throw error;
    }
  }

  status(): PublisherStatus {
    return { kind: 'local-sink', target: this.dir, connected: this.connected, ...(this.lastError && { lastError: this.lastError }) };
  }

  async close(): Promise<void> {
    const files = [...this.files.values()];
    this.files.clear();
    this.connected = false;
    await Promise.all(files.map((file) => file.close()));
  }

  /** The file of one topic, opened once for appending. */
  private async file(topic: string): Promise<FileHandle> {
    let file = this.files.get(topic);
    if (!file) {
      if (!/^[A-Za-z0-9._-]+$/.test(topic)) throw new Error(`not a topic name: ${topic}`);
      file = await open(join(this.dir, `${topic}.jsonl`), 'a');
      this.files.set(topic, file);
    }
    return file;
  }
}

/**
 * A binary-mode message as a structured-mode CloudEvent (the JSON event format), as one line of
 * JSON. The message's value is already the body's JSON text: it goes in as `data` as it is, rather
 * than parsed and written again for every event.
 */
export function structuredLine(message: OutgoingMessage): string {
  const event: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (name === 'content-type') event.datacontenttype = value;
    else if (name.startsWith('ce_')) event[name.slice(3)] = value;
  }
  event.partitionkey = message.key;
  const attributes = JSON.stringify(event);
  return `${attributes.slice(0, -1)}${attributes === '{}' ? '' : ','}"data":${message.value}}`;
}
