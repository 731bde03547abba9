import type { EventMetadata, JsonObject, RecordedEvent } from '../event-store.port.js';

/** An `events` row as read, with the JSON columns still text so filtered rows cost no parsing. */
export interface EventRow {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recordedAt: string;
}

export const EVENT_COLUMNS =
  'position, stream_id, revision, event_id, type, data, metadata, recorded_at';

/** Narrows a row of `SELECT ${EVENT_COLUMNS}` as returned by `node:sqlite`. */
export function toEventRow(row: Record<string, unknown>): EventRow {
  return {
    position: Number(row['position']),
    streamId: String(row['stream_id']),
    revision: Number(row['revision']),
    eventId: String(row['event_id']),
    type: String(row['type']),
    data: String(row['data']),
    metadata: String(row['metadata']),
    recordedAt: String(row['recorded_at']),
  };
}

export function decodeEventRow(row: EventRow): RecordedEvent {
  return {
    id: row.eventId,
    type: row.type,
    data: JSON.parse(row.data) as JsonObject,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    streamId: row.streamId,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recordedAt,
  };
}
