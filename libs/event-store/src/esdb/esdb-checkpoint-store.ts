import { BACKWARDS, END, jsonEvent } from '@kurrent/kurrentdb-client';
import type { KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { CheckpointStore } from '../checkpoint-store.port';
import type { Position } from '../event-store.port';
import { isStreamNotFound } from './esdb-errors';

/**
 * Checkpoint streams are named `setia_checkpoint-<subscriber>`. Not `$`-prefixed: those are
 * EventStoreDB's system streams, which need admin rights to write in a secured cluster. The
 * event store adapter leaves this category out of readAll and subscriptions (a relay or projector
 * must not receive the checkpoints it writes itself), so other $all consumers may want to filter
 * the prefix too. Each stream keeps only its last few events ($maxCount), so the scavenger
 * removes old checkpoints; the rest of its metadata (an $acl an operator set) is left as it is.
 */
export const CHECKPOINT_STREAM_PREFIX = 'setia_checkpoint-';
export const CHECKPOINT_EVENT_TYPE = 'CheckpointSaved';
const KEEP_EVENTS = 3;

interface CheckpointData {
  position: Position;
  savedAt: string;
}

/** Checkpoints kept next to the events, in EventStoreDB itself: one small stream per subscriber. */
export class EsdbCheckpointStore implements CheckpointStore {
  /** Streams whose $maxCount this process has already set. */
  private readonly limited = new Set<string>();

  constructor(private readonly client: KurrentDBClient) {}

  static streamName(subscriberName: string): string {
    return `${CHECKPOINT_STREAM_PREFIX}${subscriberName}`;
  }

  async load(subscriberName: string): Promise<Position | undefined> {
    try {
      for await (const resolved of this.client.readStream(EsdbCheckpointStore.streamName(subscriberName), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
        requiresLeader: true,
      })) {
        const data = resolved.event?.data as Partial<CheckpointData> | undefined;
        if (typeof data?.position === 'string') return data.position;
      }
      return undefined;
    } catch (error) {
      if (isStreamNotFound(error)) return undefined;
      throw error;
    }
  }

  async save(subscriberName: string, position: Position): Promise<void> {
    const stream = EsdbCheckpointStore.streamName(subscriberName);
    const data: CheckpointData = { position, savedAt: new Date().toISOString() };
    await this.client.appendToStream(stream, jsonEvent({ type: CHECKPOINT_EVENT_TYPE, data: { ...data } }));
    if (!this.limited.has(stream)) {
      // The stream's metadata may hold more than the limit (an operator's $acl): it is kept, and
      // written again only when the limit is not there yet.
      const { metadata } = await this.client.getStreamMetadata(stream, { requiresLeader: true });
      if (metadata?.maxCount !== KEEP_EVENTS) await this.client.setStreamMetadata(stream, { ...metadata, maxCount: KEEP_EVENTS });
      this.limited.add(stream);
    }
  }
}
