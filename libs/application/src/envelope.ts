import { chainEvents } from '@setia/domain';
import type { EventMetadata, EventToAppend } from '@setia/event-store';

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
 * `previousHash`). Each is named by the tenant, the command's own id and its place in the decision;
 * the store records it under an id of that name and its content (`recordedEventId`). So the same
 * decision appended again is recognised as a repeat, while the same command decided again — another
 * clock reading, a new IV for a sealed field — is other content, a conflict, after which the write
 * side reads the stream and finds the command done.
 */
export function envelope(
  events: ReadonlyArray<{ type: string; data: object }>,
  commandId: string,
  context: CommandContext,
  previousHash: string | null = null,
): EventToAppend[] {
  // The same for every event of the decision; its key order is part of what each hash covers.
  const metadata: EventMetadata = { tenant: context.tenant, commandId, schemaVersion: SCHEMA_VERSION };
  if (context.correlationId) metadata.correlationId = context.correlationId;
  if (context.causationId) metadata.causationId = context.causationId;
  if (context.principal) metadata.principal = context.principal;
  const chained = chainEvents(previousHash, events, metadata);
  return events.map((event, index) => ({
    id: `${context.tenant}/${commandId}/${index}`,
    type: event.type,
    data: event.data,
    // Object.assign rather than { ...metadata, hash }: a spread followed by more fields takes the
    // slow path of Node 20's V8, several times the cost.
    metadata: Object.assign({}, metadata, { hash: chained[index].hash }),
    storedText: chained[index].storedText,
  }));
}
