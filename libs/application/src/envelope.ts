import { parse as parseUuid, v5 as uuidv5 } from 'uuid';
import type { EventMetadata, EventToAppend } from '@setia/event-store';
import { chainHash } from './hash-chain';

/** Namespace for Setia's deterministic event ids (a fixed random UUID), parsed once. */
const SETIA_EVENT_NAMESPACE = parseUuid('6f1c9e0a-3b7d-4d35-9a52-1f0e8c7b2d44');

export const SCHEMA_VERSION = 1;

/** Who asked and why; recorded in every event's metadata. */
export interface CommandContext {
  tenant: string;
  correlationId?: string;
  /** The event that caused this command, for process managers. */
  causationId?: string;
  principal?: string;
}

/**
 * The events of one decision, ready to append after the stream's last event (whose hash is
 * `previousHash`). Ids are derived from the tenant, the command's own id and the event's place in
 * the decision, so appending the same decision again produces the same event ids (EventStoreDB then
 * treats it as the same write, consumers drop duplicates).
 */
export function envelope(
  events: ReadonlyArray<{ type: string; data: unknown }>,
  commandId: string,
  context: CommandContext,
  previousHash: string | null = null,
): EventToAppend[] {
  let hash = previousHash;
  return events.map((event, index) => {
    const metadata: EventMetadata = {
      tenant: context.tenant,
      commandId,
      schemaVersion: SCHEMA_VERSION,
      ...(context.correlationId && { correlationId: context.correlationId }),
      ...(context.causationId && { causationId: context.causationId }),
      ...(context.principal && { principal: context.principal }),
    };
    hash = chainHash(hash, { type: event.type, data: event.data, metadata });
    return {
      id: uuidv5(Buffer.from(`${context.tenant}/${commandId}/${index}`), SETIA_EVENT_NAMESPACE),
      type: event.type,
      data: event.data,
      metadata: { ...metadata, hash },
    };
  });
}
