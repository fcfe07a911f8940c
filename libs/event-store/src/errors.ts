import type { ExpectedRevision } from './event-store.port';

/** The stream's revision is not the one the writer expected: someone else appended first. */
export class WrongExpectedRevision extends Error {
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`stream ${streamName}: expected revision ${expected}, actual ${actual < 0 ? 'no stream' : actual}`);
    this.name = 'WrongExpectedRevision';
  }
}

/**
 * The append is larger than the store takes in one write (EventStoreDB's MaxAppendSize, 1 MiB by
 * default): nothing was written, and the same append will be refused again.
 */
export class AppendTooLarge extends Error {
  constructor(
    readonly streamName: string,
    /** The server's limit in bytes, when it said. */
    readonly maxBytes: number | undefined,
  ) {
    super(`stream ${streamName}: the append is larger than the event store takes in one write${maxBytes === undefined ? '' : ` (${maxBytes} bytes)`}`);
    this.name = 'AppendTooLarge';
  }
}

/** A position given to a read (`after`) that this store never gave out: nothing was read. */
export class NotAPosition extends Error {
  constructor(readonly position: string) {
    super(`not a position of this event store: ${position}`);
    this.name = 'NotAPosition';
  }
}
