/**
 * `kurrentdb.protocol.v2.streams.StreamsService/AppendSession` (server 25.1+): the atomic
 * multi-stream append behind the client's `multiStreamAppend`.
 */
import {
  status,
  type sendUnaryData,
  type ServerReadableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import errorsPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/errors_pb.js';
import v2Pb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_pb.js';
import {
  DuplicateStreamInSession,
  ExpectationFailure,
  type Expectation,
  type InMemoryLog,
  type ProposedEvent,
  type StreamWrite,
} from './in-memory-log.js';
import { statusError } from './wire-messages.js';

type AppendRequest = InstanceType<typeof v2Pb.AppendRequest>;
type AppendRecord = InstanceType<typeof v2Pb.AppendRecord>;
type AppendSessionResponse = InstanceType<typeof v2Pb.AppendSessionResponse>;

const ERRORS = 'kurrentdb.protocol.v2.streams.errors';

export function streamsV2Service(log: InMemoryLog): UntypedServiceImplementation {
  return {
    appendSession: (
      call: ServerReadableStream<AppendRequest, AppendSessionResponse>,
      done: sendUnaryData<AppendSessionResponse>,
    ) => {
      const writes: StreamWrite[] = [];
      call.on('data', (request: AppendRequest) => writes.push(streamWrite(request)));
      call.on('end', () => {
        try {
          const results = log.append(writes);
          const response = new v2Pb.AppendSessionResponse().setPosition(
            String(results.at(-1)?.position ?? log.headPosition),
          );
          for (const result of results) {
            response.addOutput(
              new v2Pb.AppendResponse()
                .setStream(result.streamId)
                .setStreamRevision(String(result.lastRevision))
                .setPosition(String(result.position)),
            );
          }
          done(null, response);
        } catch (error) {
          done(sessionError(error));
        }
      });
    },
  };
}

function streamWrite(request: AppendRequest): StreamWrite {
  const expected = Number(request.getExpectedRevision() ?? '-2');
  return {
    streamId: request.getStream(),
    expected: expectationOf(expected),
    events: request.getRecordsList().map(proposedEvent),
  };
}

function expectationOf(wire: number): Expectation {
  if (wire >= 0) return wire;
  if (wire === -1) return 'no_stream';
  if (wire === -4) return 'stream_exists';
  return 'any';
}

function wireOf(expected: Expectation): number {
  if (typeof expected === 'number') return expected;
  return { any: -2, no_stream: -1, stream_exists: -4 }[expected];
}

/**
 * Record properties become the event's JSON metadata, which is how a v1 reader sees them; the
 * client only sends string values here.
 */
function proposedEvent(record: AppendRecord): ProposedEvent {
  const properties: Record<string, unknown> = {};
  for (const [key, value] of record.getPropertiesMap().entries()) {
    properties[key] = value.toJavaScript();
  }
  const schema = record.getSchema();
  const json = schema?.getFormat() === v2Pb.SchemaFormat.SCHEMA_FORMAT_JSON;
  return {
    id: record.getRecordId() ?? crypto.randomUUID(),
    type: schema?.getName() ?? '',
    contentType: json ? 'application/json' : 'application/octet-stream',
    data: record.getData_asU8(),
    metadata:
      Object.keys(properties).length > 0
        ? Buffer.from(JSON.stringify(properties))
        : new Uint8Array(),
  };
}

function sessionError(error: unknown) {
  if (error instanceof DuplicateStreamInSession) {
    const detail = new errorsPb.StreamAlreadyInAppendSessionErrorDetails().setStream(
      error.streamId,
    );
    return statusError(status.ABORTED, error.message, {
      typeName: `${ERRORS}.StreamAlreadyInAppendSessionErrorDetails`,
      message: detail,
    });
  }
  if (!(error instanceof ExpectationFailure)) throw error;
  if (error.deleted) {
    const detail = new errorsPb.StreamDeletedErrorDetails().setStream(error.streamId);
    return statusError(status.FAILED_PRECONDITION, `Stream ${error.streamId} is deleted`, {
      typeName: `${ERRORS}.StreamDeletedErrorDetails`,
      message: detail,
    });
  }
  const detail = new errorsPb.StreamRevisionConflictErrorDetails()
    .setStream(error.streamId)
    .setExpectedRevision(String(wireOf(error.expected)))
    .setActualRevision(String(error.actual));
  return statusError(status.FAILED_PRECONDITION, error.message, {
    typeName: `${ERRORS}.StreamRevisionConflictErrorDetails`,
    message: detail,
  });
}
