import type { StreamInfo } from '../event-store.port.js';

/** A `streams` row: the stream's revision and how much of it reads may show. */
export interface StreamRow extends StreamInfo {
  readonly truncateBefore: number;
}

/** Read by the main thread for reads and by the writer thread to check expectations. */
export const SELECT_STREAM_SQL =
  'SELECT revision, deleted, truncate_before FROM streams WHERE stream_id = ?';

const NO_STREAM: StreamRow = { revision: -1, deleted: false, truncateBefore: 0 };

/** Narrows a row of `SELECT_STREAM_SQL`; a stream without a row has never been written. */
export function toStreamRow(row: Record<string, unknown> | undefined): StreamRow {
  if (row === undefined) return NO_STREAM;
  return {
    revision: Number(row['revision']),
    deleted: Number(row['deleted']) === 1,
    truncateBefore: Number(row['truncate_before']),
  };
}
