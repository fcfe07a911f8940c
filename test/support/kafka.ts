import { execFile, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { killWhenTheFileEnds } from './entry-points';

const ROOT = join(__dirname, '../..');

/** Java (to run the broker) and Maven (to fetch it once) are on PATH. */
export function kafkaCanRun(): { ok: boolean; why?: string } {
  for (const tool of ['java', 'mvn']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return { ok: false, why: `${tool} is not on PATH` };
  }
  return { ok: true };
}

function kafkaScript(command: 'start' | 'stop' | 'reset', port: number, timeoutMs = 240_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(join(ROOT, 'scripts/kafka.sh'), [command], { env: { ...process.env, KAFKA_PORT: String(port) }, timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`scripts/kafka.sh ${command} failed: ${error.message}\n${stderr}`));
      else resolve(stdout.trim());
    });
  });
}

/** A fresh broker (data deleted) on this port; resolves with its bootstrap address. */
export async function startFreshKafka(port: number): Promise<string> {
  await kafkaScript('reset', port);
  return kafkaScript('start', port);
}
export const startKafka = (port: number) => kafkaScript('start', port);
export const stopKafka = (port: number) => kafkaScript('stop', port);

let built: string | undefined;

/**
 * Compiles the relay's entry point and the libraries with swc (as `npm run build` does, without the
 * type check) into a temporary folder, once per test file; returns the path of main.js.
 */
export function buildRelay(): string {
  if (built) return built;
  const out = mkdtempSync(join(tmpdir(), 'setia-relay-build-'));
  const result = spawnSync(
    join(ROOT, 'node_modules/.bin/swc'),
    ['apps/relay', 'libs', '-d', out, '--config-file', '.swcrc', '--quiet'],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  if (result.status !== 0) throw new Error(`swc build failed: ${result.stderr || result.error}`);
  built = join(out, 'apps/relay/src/main.js');
  return built;
}

export interface RelayProcess {
  child: ChildProcess;
  output(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** Runs the built relay as its own process, with the repository's node_modules. */
export function spawnRelay(env: Record<string, string>): RelayProcess {
  const main = buildRelay();
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', NODE_PATH: join(ROOT, 'node_modules'), RELAY_HEALTH_PORT: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killWhenTheFileEnds(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, output: () => out + err, stderr: () => err, exited };
}

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: number;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Every message now in these topics, read by a fresh consumer group from the beginning, in
 * partition order. Reads until each partition's high watermark, so it returns exactly what the
 * broker holds.
 */
export async function readTopics(brokers: string, topics: string[], timeoutMs = 60_000): Promise<ConsumedMessage[]> {
  const kafka = new Kafka({ clientId: 'setia-test-reader', brokers: [brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, number>();
  try {
    for (const topic of topics) {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        if (Number(high) > Number(low)) remaining.set(`${topic}/${partition}`, Number(high));
      }
    }
  } finally {
    await admin.disconnect();
  }
  const messages: ConsumedMessage[] = [];
  if (remaining.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: `setia-test-${process.pid}-${Date.now()}-${Math.random()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${messages.length} messages; partitions not finished: ${[...remaining.keys()].join(', ')}`)), timeoutMs);
      consumer
        .run({
          eachBatchAutoResolve: true,
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) {
              const headers: Record<string, string> = {};
              for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
              messages.push({
                topic: batch.topic,
                partition: batch.partition,
                offset: Number(message.offset),
                key: message.key?.toString() ?? '',
                value: message.value?.toString() ?? '',
                headers,
              });
              const id = `${batch.topic}/${batch.partition}`;
              if (remaining.has(id) && Number(message.offset) + 1 >= remaining.get(id)!) remaining.delete(id);
            }
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

export async function topicsOf(brokers: string): Promise<string[]> {
  const kafka = new Kafka({ clientId: 'setia-test-admin', brokers: [brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

export async function partitionsOf(brokers: string, topic: string): Promise<number> {
  const kafka = new Kafka({ clientId: 'setia-test-admin', brokers: [brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0].partitions.length;
  } finally {
    await admin.disconnect();
  }
}
