import { dirname } from 'node:path';
import {
  AccessDeniedError,
  AppendRecordSizeExceededError,
  CancelledError,
  DeadlineExceededError,
  InvalidArgumentError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  convertToCommandError,
} from '@kurrent/kurrentdb-client';
import { WrongExpectedVersion } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import { Status } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb';
import { AppendRecordSizeExceededErrorDetails } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/errors_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { AppendTooLarge, WrongExpectedRevision } from '../errors';
import { isApplicationEvent, toClientExpectedRevision } from './esdb-event-store';
import {
  connectionError,
  isRetryable,
  isStreamNotFound,
  isUnknownOutcome,
  normaliseConnectionString,
  revisionNumber,
  toAppendTooLarge,
  toWrongExpectedRevision,
} from './esdb-errors';

// The client's own copy of grpc-js, so its `instanceof Metadata` check recognises the error below.
const grpc: typeof import('@grpc/grpc-js') = require(require.resolve('@grpc/grpc-js', { paths: [dirname(require.resolve('@kurrent/kurrentdb-client'))] }));

describe('EventStoreDB adapter: mapping the client errors', () => {
  describe('wrong expected version → WrongExpectedRevision', () => {
    it('from the append call (constructor with versions): actual revision of the stream', () => {
      const error = new WrongExpectedVersionError(undefined, { streamName: 'customer-t-1', expected: 3n, current: 5n });
      const mapped = toWrongExpectedRevision(error, 'customer-t-1', 3);
      expect(mapped).toBeInstanceOf(WrongExpectedRevision);
      expect(mapped).toMatchObject({ streamName: 'customer-t-1', expected: 3, actual: 5 });
    });

    it('from the append call when the stream does not exist: actual -1', () => {
      const error = new WrongExpectedVersionError(undefined, { streamName: 'customer-t-2', expected: 'stream_exists', current: 'no_stream' });
      expect(toWrongExpectedRevision(error, 'customer-t-2', 'stream_exists')).toMatchObject({ expected: 'stream_exists', actual: -1 });
    });

    it('from the batch append (the server\'s WrongExpectedVersion details)', () => {
      const exists = new WrongExpectedVersion().setCurrentStreamRevision('0').setExpectedStreamPosition('7');
      const fromBatch = WrongExpectedVersionError.fromWrongExpectedVersion(exists, 'customer-t-3');
      expect(fromBatch).toBeInstanceOf(WrongExpectedVersionError);
      expect(toWrongExpectedRevision(fromBatch, 'customer-t-3', 'no_stream')).toMatchObject({ streamName: 'customer-t-3', expected: 'no_stream', actual: 0 });

      const missing = new WrongExpectedVersion().setExpectedStreamPosition('0');
      const noStream = WrongExpectedVersionError.fromWrongExpectedVersion(missing, 'customer-t-4');
      expect(toWrongExpectedRevision(noStream, 'customer-t-4', 0)).toMatchObject({ expected: 0, actual: -1 });
    });

    it('from a gRPC error the client converts (older servers put the versions in trailers)', () => {
      const metadata = new grpc.Metadata();
      metadata.set('exception', 'wrong-expected-version');
      metadata.set('stream-name', 'customer-t-5');
      metadata.set('expected-version', '1');
      metadata.set('actual-version', '4');
      const serviceError = Object.assign(new Error('9 FAILED_PRECONDITION: wrong expected version'), {
        code: grpc.status.FAILED_PRECONDITION,
        details: 'wrong expected version',
        metadata,
      });
      const converted = convertToCommandError(serviceError);
      expect(converted).toBeInstanceOf(WrongExpectedVersionError);
      expect(toWrongExpectedRevision(converted, 'customer-t-5', 1)).toMatchObject({ streamName: 'customer-t-5', expected: 1, actual: 4 });

      const noActual = new grpc.Metadata();
      noActual.set('exception', 'wrong-expected-version');
      noActual.set('stream-name', 'customer-t-6');
      noActual.set('expected-version', '2');
      const convertedNoStream = convertToCommandError(Object.assign(new Error('wrong expected version'), { code: grpc.status.FAILED_PRECONDITION, details: '', metadata: noActual }));
      expect(toWrongExpectedRevision(convertedNoStream, 'customer-t-6', 2)).toMatchObject({ actual: -1 });
    });

    it('leaves every other error alone', () => {
      expect(toWrongExpectedRevision(new StreamNotFoundError(undefined, 'x'), 'x', 0)).toBeUndefined();
      expect(toWrongExpectedRevision(new UnavailableError(), 'x', 0)).toBeUndefined();
      expect(toWrongExpectedRevision(new Error('boom'), 'x', 0)).toBeUndefined();
      expect(toWrongExpectedRevision(undefined, 'x', 0)).toBeUndefined();
    });

    it('turns the client\'s current revision into a port revision', () => {
      expect(revisionNumber('no_stream')).toBe(-1);
      expect(revisionNumber(-1n)).toBe(-1);
      expect(revisionNumber(0n)).toBe(0);
      expect(revisionNumber(123n)).toBe(123);
    });
  });

  it('expected revisions in the client\'s terms', () => {
    expect(toClientExpectedRevision('any')).toBe('any');
    expect(toClientExpectedRevision('no_stream')).toBe('no_stream');
    expect(toClientExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toClientExpectedRevision(0)).toBe(0n);
    expect(toClientExpectedRevision(41)).toBe(41n);
    expect(toClientExpectedRevision(-1)).toBe('no_stream');
    expect(() => toClientExpectedRevision(-2)).toThrow(RangeError);
    expect(() => toClientExpectedRevision(1.5)).toThrow(RangeError);
  });

  it('a stream that was never written reads as not found', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'customer-t-none'))).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
    expect(isStreamNotFound(new Error('stream not found'))).toBe(false);
  });

  it('an append that timed out, lost its connection or met a former leader has an unknown outcome; a refusal has not', () => {
    for (const unknown of [new DeadlineExceededError(), new TimeoutError(), new UnavailableError(), new CancelledError()]) expect(isUnknownOutcome(unknown)).toBe(true);
    const leaderMetadata = new grpc.Metadata();
    leaderMetadata.set('exception', 'not-leader');
    leaderMetadata.set('leader-endpoint-host', '10.0.0.2');
    leaderMetadata.set('leader-endpoint-port', '2113');
    expect(isUnknownOutcome(convertToCommandError(Object.assign(new Error('not leader'), { code: grpc.status.NOT_FOUND, details: '', metadata: leaderMetadata })))).toBe(true);
    for (const known of [new WrongExpectedVersionError(undefined, { streamName: 's', expected: 0n, current: 1n }), new AccessDeniedError(), new Error('boom')]) {
      expect(isUnknownOutcome(known)).toBe(false);
    }
  });

  it('an append larger than the server takes is AppendTooLarge, naming the stream and the limit', () => {
    const single = toAppendTooLarge(MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576), 'customer-t-big');
    expect(single).toBeInstanceOf(AppendTooLarge);
    expect(single).toMatchObject({ streamName: 'customer-t-big', maxBytes: 1_048_576 });
    expect(single?.message).toBe('stream customer-t-big: the append is larger than the event store takes in one write (1048576 bytes)');
    // A multi-stream append's record over the limit: the server's INVALID_ARGUMENT with its details, as the client converts it.
    const details = new AppendRecordSizeExceededErrorDetails().setStream('customer-t-big-2').setRecordId('r').setSize(20_000_000).setMaxSize(16_777_216);
    const any = new Any();
    any.pack(details.serializeBinary(), 'kurrentdb.protocol.v2.streams.errors.AppendRecordSizeExceededErrorDetails');
    const metadata = new grpc.Metadata();
    metadata.set('grpc-status-details-bin', Buffer.from(new Status().setCode(3).setMessage('too large').setDetails(any).serializeBinary()));
    const converted = convertToCommandError(Object.assign(new Error('3 INVALID_ARGUMENT: too large'), { code: grpc.status.INVALID_ARGUMENT, details: 'too large', metadata }));
    expect(converted).toBeInstanceOf(AppendRecordSizeExceededError);
    expect(toAppendTooLarge(converted, 'claim-t-x')).toMatchObject({ streamName: 'customer-t-big-2', maxBytes: 16_777_216 });
    expect(toAppendTooLarge(new UnavailableError(), 's')).toBeUndefined();
  });

  it('a dropped subscription is resumed after connection trouble, not after a refusal', () => {
    for (const transient of [new UnavailableError(), new DeadlineExceededError(), new CancelledError(), new Error('the EventStoreDB subscription ended')]) {
      expect(isRetryable(transient)).toBe(true);
    }
    const leaderMetadata = new grpc.Metadata();
    leaderMetadata.set('exception', 'not-leader');
    leaderMetadata.set('leader-endpoint-host', '10.0.0.2');
    leaderMetadata.set('leader-endpoint-port', '2113');
    const notLeader = convertToCommandError(Object.assign(new Error('not leader'), { code: grpc.status.NOT_FOUND, details: '', metadata: leaderMetadata }));
    expect(notLeader).toBeInstanceOf(NotLeaderError);
    expect(isRetryable(notLeader)).toBe(true);
    expect(isRetryable(new AccessDeniedError())).toBe(false);
    expect(isRetryable(new InvalidArgumentError('bad filter'))).toBe(false);
  });

  it('system events and checkpoint streams are not application events', () => {
    expect(isApplicationEvent({ type: 'PurchaseRecorded', streamId: 'customer-t-1' })).toBe(true);
    expect(isApplicationEvent({ type: '$statsCollected', streamId: '$stats-127.0.0.1:2113' })).toBe(false);
    expect(isApplicationEvent({ type: '$metadata', streamId: '$$customer-t-1' })).toBe(false);
    expect(isApplicationEvent({ type: '$>', streamId: 'customer-t-1' })).toBe(false);
    expect(isApplicationEvent({ type: 'Anything', streamId: '$ce-customer' })).toBe(false);
    expect(isApplicationEvent({ type: 'CheckpointSaved', streamId: 'setia_checkpoint-relay' })).toBe(false);
  });

  describe('connection strings and start-up errors', () => {
    it('accepts the EventStoreDB and KurrentDB schemes as one protocol, spelt as the client prefers', () => {
      expect(normaliseConnectionString('esdb://localhost:2113?tls=false')).toBe('kurrentdb://localhost:2113?tls=false');
      expect(normaliseConnectionString('esdb+discover://a:2113,b:2113')).toBe('kurrentdb+discover://a:2113,b:2113');
      expect(normaliseConnectionString('kurrent+discover://a:2113,b:2113')).toBe('kurrentdb+discover://a:2113,b:2113');
      expect(normaliseConnectionString(' kurrentdb://localhost:2113 ')).toBe('kurrentdb://localhost:2113');
    });

    it('names EVENTSTORE_URL and never shows the password', () => {
      const error = connectionError('esdb://admin:s3cret@db:2113', 'cannot reach EventStoreDB', new Error('no route to esdb://admin:s3cret@db:2113'));
      expect(error.message).toBe('EVENTSTORE_URL esdb://admin:***@db:2113: cannot reach EventStoreDB: no route to esdb://admin:***@db:2113');
      expect(error.message).not.toContain('s3cret');
    });
  });
});
