import type { Position as EsdbPosition } from '@kurrent/kurrentdb-client';
import type { Position } from '../event-store.port';
import { NotAPosition } from '../errors';

/**
 * EventStoreDB positions are a pair of numbers (commit, prepare) in the transaction log, sent as
 * unsigned 64-bit numbers. The port wants an opaque string that orders with plain `<`, so both
 * numbers are written as fixed-width, zero-padded decimals: "<commit:20 digits>/<prepare:20 digits>".
 * 20 digits hold 2^64 - 1, so every position fits and the string order is the numeric order of
 * (commit, prepare). The form is stable: checkpoints saved by one version of Setia (in SQLite,
 * MongoDB or an EventStoreDB stream) are read back by the next.
 */
const DIGITS = 20;
/**
 * The largest position of an event: the server's log positions are signed 64-bit numbers. Servers
 * before EventStoreDB 22.10 send 2^64 - 1 (their "no position") on stream reads.
 */
export const MAX_LOG_POSITION = (1n << 63n) - 1n;
const FORMAT = /^(\d{20})\/(\d{20})$/;

export function encodeEsdbPosition(position: EsdbPosition): Position {
  for (const part of [position.commit, position.prepare]) {
    if (typeof part !== 'bigint' || part < 0n || part > MAX_LOG_POSITION) {
      throw new RangeError(`not an EventStoreDB position: commit ${String(position.commit)}, prepare ${String(position.prepare)}`);
    }
  }
  return `${position.commit.toString().padStart(DIGITS, '0')}/${position.prepare.toString().padStart(DIGITS, '0')}`;
}

export function decodeEsdbPosition(position: Position): EsdbPosition {
  const match = typeof position === 'string' ? FORMAT.exec(position) : null;
  if (!match) throw new NotAPosition(String(position));
  const commit = BigInt(match[1]);
  const prepare = BigInt(match[2]);
  if (commit > MAX_LOG_POSITION || prepare > MAX_LOG_POSITION) throw new NotAPosition(position);
  return { commit, prepare };
}

/** Negative when a is before b, positive when after, 0 when equal; orders like the encoded strings. */
export function compareEsdbPositions(a: EsdbPosition, b: EsdbPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}
