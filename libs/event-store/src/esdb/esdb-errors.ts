import {
  AccessDeniedError,
  ErrorType,
  InvalidArgumentError,
  NotFoundError,
  StreamDeletedError,
  StreamNotFoundError,
  UnsupportedError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { maskCredentials } from '@setia/platform';
import { WrongExpectedRevision } from '../errors';
import type { ExpectedRevision } from '../event-store.port';

/** The client's command errors carry a `type`; checking it too survives two copies of the client. */
function hasType(error: unknown, type: ErrorType): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === type;
}

/**
 * The port's conflict error for the client's wrong-expected-version error, or undefined when the
 * error is something else. `expected` is what Setia asked for (the client reports its own encoding
 * of it); `actual` is the stream's last revision as the server reported it, -1 for no stream.
 */
export function toWrongExpectedRevision(
  error: unknown,
  streamName: string,
  expected: ExpectedRevision,
): WrongExpectedRevision | undefined {
  if (!(error instanceof WrongExpectedVersionError) && !hasType(error, ErrorType.WRONG_EXPECTED_VERSION)) return undefined;
  const actualVersion = (error as WrongExpectedVersionError).actualVersion;
  return new WrongExpectedRevision(streamName, expected, revisionNumber(actualVersion));
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
 * Whether a dropped subscription should be opened again. Connection trouble (unavailable,
 * deadline, cancelled by the server, a leader change, an unknown server error, a stream that just
 * ended) is worth retrying; a refusal that would repeat on every attempt is not.
 */
export function isRetryable(error: unknown): boolean {
  const permanent = [AccessDeniedError, InvalidArgumentError, UnsupportedError, NotFoundError, StreamDeletedError];
  if (permanent.some((type) => error instanceof type)) return false;
  const permanentTypes = [ErrorType.ACCESS_DENIED, ErrorType.INVALID_ARGUMENT, ErrorType.UNSUPPORTED, ErrorType.NOT_FOUND, ErrorType.STREAM_DELETED];
  return !permanentTypes.some((type) => hasType(error, type));
}

/** The client spells the scheme esdb://; KurrentDB's kurrentdb:// and kurrent:// name the same protocol. */
export function normaliseConnectionString(url: string): string {
  return url.trim().replace(/^(kurrentdb|kurrent)(\+discover)?:\/\//i, (_, _scheme: string, discover?: string) => `esdb${discover ?? ''}://`);
}

/** One clear line for start-up: names the variable, shows the URL with its password masked. */
export function connectionError(url: string, problem: string, cause?: unknown): Error {
  const password = /\/\/[^:@/]+:([^@/]+)@/.exec(url)?.[1];
  const hide = (text: string) => (password ? text.split(password).join('***') : text);
  const detail = cause instanceof Error && cause.message ? `: ${hide(cause.message)}` : '';
  return new Error(`EVENTSTORE_URL ${maskCredentials(url)}: ${problem}${detail}`, { cause });
}
