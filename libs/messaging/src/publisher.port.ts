import type { Position } from '@setia/event-store';

/** One message to publish: a CloudEvent in Kafka's binary mode (attributes as headers). */
export interface OutgoingMessage {
  topic: string;
  /** The event's stream, so one member's events keep their order in one partition. */
  key: string;
  /** The JSON body: the event's public schema. */
  value: string;
  headers: Record<string, string>;
  /** When the store recorded the event, ms since the epoch (the Kafka record timestamp). */
  timestamp: number;
  /** The event's position in the store (not sent; the relay's bookkeeping). */
  position: Position;
}

/** A topic the publisher must have before it can write to it. */
export interface TopicSpec {
  topic: string;
  partitions: number;
}

export interface PublisherStatus {
  kind: 'kafka' | 'local-sink';
  /** Where it publishes: broker list or the sink's directory. */
  target: string;
  connected: boolean;
  lastError?: { message: string; at: string };
}

/**
 * Where the relay publishes. `publish` resolves only once every message is durable where it went
 * (Kafka acknowledged by all in-sync replicas; the local sink's file fsynced), so the relay may then
 * move its checkpoint. A rejected publish may have written some messages: the relay sends the batch
 * again, and consumers drop the duplicates by ce_id.
 */
export interface EventPublisher {
  /** Connects; rejects with a clear message when the target cannot be reached. */
  connect(): Promise<void>;
  publish(messages: OutgoingMessage[]): Promise<void>;
  /** Optional: a cheap round trip to the target, so a lost connection shows while idle. */
  check?(): Promise<void>;
  status(): PublisherStatus;
  close(): Promise<void>;
}

export const EVENT_PUBLISHER = Symbol('EVENT_PUBLISHER');
