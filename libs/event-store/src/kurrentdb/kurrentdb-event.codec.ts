import { jsonEvent, type EventData, type ResolvedEvent } from '@kurrent/kurrentdb-client';
import type { EventMetadata, JsonObject, NewEvent, RecordedEvent } from '../event-store.port.js';

/**
 * Metadata travels as a JSON object of strings: `multiStreamAppend` accepts nothing else, and
 * single-stream appends use the same shape so every event reads back alike.
 */
export function encodeEvent(event: NewEvent): EventData {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.metadata)) {
    if (value !== undefined) metadata[key] = String(value);
  }
  return jsonEvent({ id: event.id, type: event.type, data: { ...event.data }, metadata });
}

/** The port's event, or `undefined` for what the port never shows (system and link events). */
export function decodeEvent(resolved: ResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (event === undefined || event.type.startsWith('$') || event.streamId.startsWith('$')) {
    return undefined;
  }
  const position = event.position?.commit ?? resolved.commitPosition;
  if (position === undefined) throw new Error(`Event ${event.id} came without a position`);
  return {
    id: event.id,
    type: event.type,
    data: event.data as JsonObject,
    metadata: decodeMetadata(event.metadata),
    streamId: event.streamId,
    revision: Number(event.revision),
    position: Number(position),
    recordedAt: event.created.toISOString(),
  };
}

function decodeMetadata(raw: unknown): EventMetadata {
  const stored = (raw ?? {}) as Record<string, string | undefined>;
  return {
    tenant: stored.tenant ?? '',
    caller: stored.caller ?? '',
    correlationId: stored.correlationId ?? '',
    ...(stored.requestId === undefined ? {} : { requestId: stored.requestId }),
    occurredAt: stored.occurredAt ?? '',
    schemaVersion: Number(stored.schemaVersion ?? 1),
  };
}
