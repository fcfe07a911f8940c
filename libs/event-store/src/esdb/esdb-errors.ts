import {
  AccessDeniedError,
  AppendRecordSizeExceededError,
  CancelledError,
  DeadlineExceededError,
  ErrorType,
  InvalidArgumentError,
  MaxAppendSizeExceededError,
  NotFoundError,
  NotLeaderError,
  StreamDeletedError,
  StreamNotFoundError,
  StreamTombstonedError,
  TimeoutError,
  TransactionMaxSizeExceededError,
  UnavailableError,
  UnsupportedError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { maskCredentials } from '@setia/platform';
import { AppendTooLarge, WrongExpectedRevision } from '../errors';
import type { ExpectedRevision } from '../event-store.port';

/** The client's command errors carry a `type`; checking it too survives two copies of the client. */
function hasType(error: unknown, ...types: ErrorType[]): boolean {
  return typeof error === 'object' && error !== null && types.includes((error as { type?: ErrorType }).type as ErrorType);
}

/**
 * The port's conflict error for the client's wrong-expected-version error, or undefined when the
 * error is something else. `expected` is what Setia asked for (the client reports its own encoding
 * of it); `actual` is the stream's last revision as the server reported it, -1 for no stream.
 */
export function toWrongExpectedRevision(error: unknown, streamName: string, expected: ExpectedRevision): WrongExpectedRevision | undefined {
  if (!(error instanceof WrongExpectedVersionError) && !hasType(error, ErrorType.WRONG_EXPECTED_VERSION)) return undefined;
  return new WrongExpectedRevision(streamName, expected, revisionNumber((error as WrongExpectedVersionError).actualState));
}

/** The port's error for an append larger than the server takes, or undefined for any other error. */
export function toAppendTooLarge(error: unknown, streamName: string): AppendTooLarge | undefined {
  if (error instanceof MaxAppendSizeExceededError || hasType(error, ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED)) {
    const max = (error as MaxAppendSizeExceededError).maxAppendSize;
    return new AppendTooLarge(streamName, Number.isFinite(max) ? max : undefined);
  }
  if (error instanceof AppendRecordSizeExceededError || hasType(error, ErrorType.APPEND_RECORD_SIZE_EXCEEDED)) {
    const { stream, maxSize } = error as AppendRecordSizeExceededError;
    return new AppendTooLarge(stream || streamName, Number.isFinite(maxSize) ? maxSize : undefined);
  }
  if (error instanceof TransactionMaxSizeExceededError || hasType(error, ErrorType.TRANSACTION_MAX_SIZE_EXCEEDED)) {
    const max = (error as TransactionMaxSizeExceededError).maxSize;
    return new AppendTooLarge(streamName, Number.isFinite(max) ? max : undefined);
  }
  return undefined;
}

/** The client's current revision ('no_stream' or a bigint, -1n from some servers) as a port revision. */
export function revisionNumber(revision: 'no_stream' | bigint | undefined): number {
  if (revision === undefined || revision === 'no_stream' || revision < 0n) return -1;
  return Number(revision);
}

/** Reading a stream that was never written (or was soft-deleted) gives this error: the port returns []. */
export function isStreamNotFound(error: unknown): boolean {
  return error instanceof StreamNotFoundError || hasType(error, ErrorType.STREAM_NOT_FOUND);
}

/**
 * Whether an append that failed so may have been written all the same: the server did not answer
 * in time (deadline, its own commit timeout), the connection broke, or the node stopped being the
 * leader. Its outcome is unknown, and the same append (same events, same expected revision) is
 * safely sent once more: written, a repeat, or a conflict with what another writer did meanwhile.
 */
export function isUnknownOutcome(error: unknown): boolean {
  return (
    [DeadlineExceededError, TimeoutError, UnavailableError, NotLeaderError, CancelledError].some((type) => error instanceof type) ||
    hasType(error, ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT, ErrorType.UNAVAILABLE, ErrorType.NOT_LEADER, ErrorType.CANCELLED)
  );
}

/**
 * Whether a dropped subscription should be opened again. Connection trouble (unavailable,
 * deadline, cancelled by the server, a leader change, an unknown server error, a stream that just
 * ended) is worth retrying; a refusal that would repeat on every attempt is not.
 */
export function isRetryable(error: unknown): boolean {
  const permanent = [AccessDeniedError, InvalidArgumentError, UnsupportedError, NotFoundError, StreamDeletedError, StreamTombstonedError];
  if (permanent.some((type) => error instanceof type)) return false;
  return !hasType(error, ErrorType.ACCESS_DENIED, ErrorType.INVALID_ARGUMENT, ErrorType.UNSUPPORTED, ErrorType.NOT_FOUND, ErrorType.STREAM_DELETED, ErrorType.STREAM_TOMBSTONED);
}

/**
 * The client's preferred spelling of the scheme is kurrentdb:// (esdb:// still works, with a
 * deprecation warning on the console); every scheme Setia accepts names the same protocol.
 */
export function normaliseConnectionString(url: string): string {
  return url.trim().replace(/^(esdb|kurrent|kdb)(\+discover)?:\/\//i, (_, _scheme: string, discover?: string) => `kurrentdb${discover ?? ''}://`);
}

/** One clear line for start-up: names the variable, shows the URL with its password masked. */
export function connectionError(url: string, problem: string, cause?: unknown): Error {
  const password = /\/\/[^:@/]+:([^@/]+)@/.exec(url)?.[1];
  const hide = (text: string) => (password ? text.split(password).join('***') : text);
  const detail = cause instanceof Error && cause.message ? `: ${hide(cause.message)}` : '';
  return new Error(`EVENTSTORE_URL ${maskCredentials(url)}: ${problem}${detail}`, { cause });
}
