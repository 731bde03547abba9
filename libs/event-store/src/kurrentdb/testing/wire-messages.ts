/**
 * Protobuf messages as KurrentDB puts them on the wire, built with the client's own generated
 * code so the double and the client can never disagree on the schema.
 */
import { Metadata, type status, type ServiceError } from '@grpc/grpc-js';
import sharedPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb.js';
import statusPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb.js';
import streamsPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';
import anyPb from 'google-protobuf/google/protobuf/any_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import type { Message } from 'google-protobuf';
import type { Expectation, LoggedEvent } from './in-memory-log.js';

export { sharedPb, streamsPb };

type RecordedEventPb = InstanceType<typeof streamsPb.ReadResp.ReadEvent.RecordedEvent>;

/** How the reader asked for event ids: the Rust bridge and the Node client differ. */
export type UuidFormat = 'string' | 'structured';

export function streamName(identifier: InstanceType<typeof sharedPb.StreamIdentifier> | undefined) {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

export function streamIdentifier(name: string) {
  return new sharedPb.StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

export function uuidOf(id: string, format: UuidFormat) {
  const uuid = new sharedPb.UUID();
  if (format === 'string') return uuid.setString(id);
  const hex = id.replaceAll('-', '');
  return uuid.setStructured(
    new sharedPb.UUID.Structured()
      .setMostSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString())
      .setLeastSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString()),
  );
}

export function parseUuid(uuid: InstanceType<typeof sharedPb.UUID> | undefined): string {
  if (uuid === undefined) return crypto.randomUUID();
  if (!uuid.hasStructured()) return uuid.getString();
  const structured = uuid.getStructured()!;
  const hex = (bits: string) => BigInt.asUintN(64, BigInt(bits)).toString(16).padStart(16, '0');
  const all = hex(structured.getMostSignificantBits()) + hex(structured.getLeastSignificantBits());
  return `${all.slice(0, 8)}-${all.slice(8, 12)}-${all.slice(12, 16)}-${all.slice(16, 20)}-${all.slice(20)}`;
}

export function recordedEvent(event: LoggedEvent, format: UuidFormat): RecordedEventPb {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidOf(event.id, format))
    .setStreamIdentifier(streamIdentifier(event.streamId))
    .setStreamRevision(String(event.revision))
    .setCommitPosition(String(event.position))
    .setPreparePosition(String(event.position))
    .setCustomMetadata(event.metadata)
    .setData(event.data);
  recorded
    .getMetadataMap()
    .set('type', event.type)
    .set('content-type', event.contentType)
    .set('created', event.createdTicks.toString());
  return recorded;
}

export function readEventResponse(event: LoggedEvent, format: UuidFormat, withPosition: boolean) {
  const readEvent = new streamsPb.ReadResp.ReadEvent().setEvent(recordedEvent(event, format));
  if (withPosition) readEvent.setCommitPosition(String(event.position));
  else readEvent.setNoPosition(new sharedPb.Empty());
  return new streamsPb.ReadResp().setEvent(readEvent);
}

/** A gRPC error carrying a `google.rpc.Status` with one typed detail, as KurrentDB sends them. */
export function statusError(
  code: status,
  message: string,
  detail?: { typeName: string; message: Message },
  extra: Record<string, string> = {},
): Partial<ServiceError> {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(extra)) metadata.set(key, value);
  if (detail !== undefined) {
    const rpcStatus = rpcStatusOf(code, message, detail.typeName, detail.message);
    metadata.set('grpc-status-details-bin', Buffer.from(rpcStatus.serializeBinary()));
  }
  return { code, details: message, metadata };
}

/** `google.rpc.Status` with one detail packed as `Any`, the way BatchAppend reports failures. */
export function rpcStatusOf(code: status, message: string, typeName: string, detail: Message) {
  const any = new anyPb.Any();
  any.pack(detail.serializeBinary(), typeName);
  return new statusPb.Status().setCode(Number(code)).setMessage(message).setDetails(any);
}

/** The v1 `WrongExpectedVersion` detail (its oneof markers are `google.protobuf.Empty`) shared by Append, BatchAppend and Delete. */
export function wrongExpectedVersion(expected: Expectation, actual: number) {
  const detail = new sharedPb.WrongExpectedVersion();
  if (actual >= 0) detail.setCurrentStreamRevision(String(actual));
  else detail.setCurrentNoStream(new emptyPb.Empty());
  if (typeof expected === 'number') detail.setExpectedStreamPosition(String(expected));
  else if (expected === 'any') detail.setExpectedAny(new emptyPb.Empty());
  else if (expected === 'stream_exists') detail.setExpectedStreamExists(new emptyPb.Empty());
  else detail.setExpectedNoStream(new emptyPb.Empty());
  return detail;
}
