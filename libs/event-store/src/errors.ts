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
