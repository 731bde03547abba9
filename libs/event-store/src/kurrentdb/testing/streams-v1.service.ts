/**
 * `event_store.client.streams.Streams` (protocol v1): Append, BatchAppend, Delete and Read,
 * which the Node client and the Rust bridge inside it use.
 */
import {
  status,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import {
  ExpectationFailure,
  type Expectation,
  type InMemoryLog,
  type ProposedEvent,
} from './in-memory-log.js';
import { filterOf, streamAllSubscription } from './subscription.stream.js';
import {
  parseUuid,
  readEventResponse,
  rpcStatusOf,
  sharedPb,
  statusError,
  streamIdentifier,
  streamName,
  streamsPb,
  wrongExpectedVersion,
  type UuidFormat,
} from './wire-messages.js';

type ReadReq = InstanceType<typeof streamsPb.ReadReq>;
type ReadOptions = InstanceType<typeof streamsPb.ReadReq.Options>;
type ReadResp = InstanceType<typeof streamsPb.ReadResp>;
type AppendReq = InstanceType<typeof streamsPb.AppendReq>;
type AppendResp = InstanceType<typeof streamsPb.AppendResp>;
type BatchAppendReq = InstanceType<typeof streamsPb.BatchAppendReq>;
type BatchAppendResp = InstanceType<typeof streamsPb.BatchAppendResp>;
type DeleteReq = InstanceType<typeof streamsPb.DeleteReq>;
type DeleteResp = InstanceType<typeof streamsPb.DeleteResp>;
type Proposed = InstanceType<typeof streamsPb.AppendReq.ProposedMessage>;

export function streamsV1Service(log: InMemoryLog): UntypedServiceImplementation {
  return {
    read: (call: ServerWritableStream<ReadReq, ReadResp>) => read(log, call),
    append: (call: ServerReadableStream<AppendReq, AppendResp>, done: sendUnaryData<AppendResp>) =>
      append(log, call, done),
    batchAppend: (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) =>
      batchAppend(log, call),
    delete: (call: ServerUnaryCall<DeleteReq, DeleteResp>, done: sendUnaryData<DeleteResp>) =>
      remove(log, call, done),
    tombstone: (_call: unknown, done: sendUnaryData<never>) =>
      done(statusError(status.UNIMPLEMENTED, 'The wire double does not model hard deletes')),
  };
}

function read(log: InMemoryLog, call: ServerWritableStream<ReadReq, ReadResp>): void {
  const options = call.request.getOptions();
  if (options === undefined) return void call.emit('error', invalid('Read without options'));
  const format: UuidFormat = options.getUuidOption()?.hasStructured() ? 'structured' : 'string';
  if (options.hasSubscription()) {
    if (!options.hasAll())
      return void call.emit('error', invalid('Only $all subscriptions are modelled'));
    void streamAllSubscription(log, call, options, format);
    return;
  }
  const responses = options.hasAll()
    ? readAll(log, options, format)
    : readStream(log, options, format);
  for (const response of responses) call.write(response);
  call.end();
}

function readStream(log: InMemoryLog, options: ReadOptions, format: UuidFormat): ReadResp[] {
  const stream = options.getStream()!;
  const name = streamName(stream.getStreamIdentifier());
  const visible = log.visibleEvents(name);
  if (visible === undefined) {
    const notFound = new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(
      streamIdentifier(name),
    );
    return [new streamsPb.ReadResp().setStreamNotFound(notFound)];
  }
  const count = countOf(options);
  const backwards =
    options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
  let events = backwards ? [...visible].reverse() : visible;
  if (stream.hasRevision()) {
    const from = Number(stream.getRevision());
    events = events.filter((e) => (backwards ? e.revision <= from : e.revision >= from));
  } else if (stream.hasEnd() && !backwards) {
    events = [];
  }
  return events.slice(0, count).map((event) => readEventResponse(event, format, false));
}

function readAll(log: InMemoryLog, options: ReadOptions, format: UuidFormat): ReadResp[] {
  const all = options.getAll()!;
  const count = countOf(options);
  const backwards =
    options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
  const matches = filterOf(options);
  const responses: ReadResp[] = [];
  const from = all.hasPosition()
    ? Number(all.getPosition()!.getCommitPosition())
    : all.hasEnd()
      ? Infinity
      : -Infinity;
  // KurrentDB: forwards from a position includes the event there, backwards starts before it.
  const events = backwards
    ? log.all.slice(0, log.indexAtOrAfter(from)).reverse()
    : log.all.slice(log.indexAtOrAfter(from));
  for (const event of events) {
    if (responses.length >= count) break;
    if (matches(event.streamId, event.type)) responses.push(readEventResponse(event, format, true));
  }
  return responses;
}

function countOf(options: ReadOptions): number {
  return options.hasCount() ? Number(options.getCount()) : Infinity;
}

function append(
  log: InMemoryLog,
  call: ServerReadableStream<AppendReq, AppendResp>,
  done: sendUnaryData<AppendResp>,
): void {
  let target: { streamId: string; expected: Expectation } | undefined;
  const events: ProposedEvent[] = [];
  call.on('data', (request: AppendReq) => {
    if (request.hasOptions()) {
      const options = request.getOptions()!;
      target = {
        streamId: streamName(options.getStreamIdentifier()),
        expected: options.hasRevision()
          ? Number(options.getRevision())
          : options.hasNoStream()
            ? 'no_stream'
            : options.hasStreamExists()
              ? 'stream_exists'
              : 'any',
      };
    } else events.push(proposedEvent(request.getProposedMessage()!));
  });
  call.on('end', () => {
    if (target === undefined) return done(invalid('Append without options'));
    try {
      const [result] = log.append([{ ...target, events }]);
      const position = new streamsPb.AppendResp.Position()
        .setCommitPosition(String(result!.position))
        .setPreparePosition(String(result!.position));
      const success = new streamsPb.AppendResp.Success()
        .setCurrentRevision(String(result!.lastRevision))
        .setPosition(position);
      done(null, new streamsPb.AppendResp().setSuccess(success));
    } catch (error) {
      if (!(error instanceof ExpectationFailure)) throw error;
      if (error.deleted) return done(streamDeleted(error.streamId));
      const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
      if (error.actual >= 0) wrong.setCurrentRevision(String(error.actual));
      else wrong.setCurrentNoStream(new sharedPb.Empty());
      done(null, new streamsPb.AppendResp().setWrongExpectedVersion(wrong));
    }
  });
}

/** One long-lived duplex stream per client; appends are told apart by correlation id. */
function batchAppend(
  log: InMemoryLog,
  call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>,
): void {
  const pending = new Map<
    string,
    { streamId: string; expected: Expectation; events: ProposedEvent[] }
  >();
  call.on('data', (request: BatchAppendReq) => {
    const key = parseUuid(request.getCorrelationId());
    let batch = pending.get(key);
    if (batch === undefined) {
      const options = request.getOptions()!;
      batch = {
        streamId: streamName(options.getStreamIdentifier()),
        expected: options.hasStreamPosition()
          ? Number(options.getStreamPosition())
          : options.hasNoStream()
            ? 'no_stream'
            : options.hasStreamExists()
              ? 'stream_exists'
              : 'any',
        events: [],
      };
      pending.set(key, batch);
    }
    for (const message of request.getProposedMessagesList())
      batch.events.push(proposedEvent(message));
    if (!request.getIsFinal()) return;
    pending.delete(key);
    const response = new streamsPb.BatchAppendResp()
      .setCorrelationId(request.getCorrelationId())
      .setStreamIdentifier(streamIdentifier(batch.streamId));
    try {
      const [result] = log.append([batch]);
      const position = new sharedPb.AllStreamPosition()
        .setCommitPosition(String(result!.position))
        .setPreparePosition(String(result!.position));
      response.setSuccess(
        new streamsPb.BatchAppendResp.Success()
          .setCurrentRevision(String(result!.lastRevision))
          .setPosition(position),
      );
    } catch (error) {
      if (!(error instanceof ExpectationFailure)) throw error;
      response.setError(
        error.deleted
          ? rpcStatusOf(
              status.FAILED_PRECONDITION,
              `Event stream '${error.streamId}' is deleted.`,
              'event_store.client.StreamDeleted',
              new sharedPb.StreamDeleted().setStreamIdentifier(streamIdentifier(error.streamId)),
            )
          : rpcStatusOf(
              status.FAILED_PRECONDITION,
              'Wrong expected version.',
              'event_store.client.WrongExpectedVersion',
              wrongExpectedVersion(error.expected, error.actual),
            ),
      );
    }
    call.write(response);
  });
  call.on('end', () => call.end());
}

function remove(
  log: InMemoryLog,
  call: ServerUnaryCall<DeleteReq, DeleteResp>,
  done: sendUnaryData<DeleteResp>,
): void {
  const options = call.request.getOptions()!;
  const streamId = streamName(options.getStreamIdentifier());
  const expected: Expectation = options.hasRevision()
    ? Number(options.getRevision())
    : options.hasNoStream()
      ? 'no_stream'
      : options.hasStreamExists()
        ? 'stream_exists'
        : 'any';
  try {
    const result = log.softDelete(streamId, expected);
    const position = new streamsPb.DeleteResp.Position()
      .setCommitPosition(String(result.position))
      .setPreparePosition(String(result.position));
    done(null, new streamsPb.DeleteResp().setPosition(position));
  } catch (error) {
    if (!(error instanceof ExpectationFailure)) throw error;
    if (error.deleted) return done(streamDeleted(streamId));
    // The v1 Delete reports a conflict through trailers, not a typed detail.
    const trailers: Record<string, string> = {
      exception: 'wrong-expected-version',
      'stream-name': streamId,
      'expected-version': String(expectationNumber(expected)),
    };
    if (error.actual >= 0) trailers['actual-version'] = String(error.actual);
    done(statusError(status.FAILED_PRECONDITION, 'Wrong expected version.', undefined, trailers));
  }
}

/** The numbers KurrentDB uses for expectations on the v1 wire. */
function expectationNumber(expected: Expectation): number {
  if (typeof expected === 'number') return expected;
  return { any: -2, no_stream: -1, stream_exists: -4 }[expected];
}

function proposedEvent(message: Proposed): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: parseUuid(message.getId()),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

function streamDeleted(streamId: string) {
  return statusError(
    status.FAILED_PRECONDITION,
    `Event stream '${streamId}' is deleted.`,
    undefined,
    {
      exception: 'stream-deleted',
      'stream-name': streamId,
    },
  );
}

function invalid(message: string) {
  return statusError(status.INVALID_ARGUMENT, message);
}
