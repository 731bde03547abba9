import type { NewEvent } from '#event-store';
import { currentSchemaVersion, type DirectoryEventType } from '#directory';
import { metadataFor, type ScimCaller } from './request-context.js';
import { uuidv7 } from '#platform';

/** Turns decided domain events into store events carrying the request's metadata (DESIGN decision 8). */
export function toNewEvents(
  events: readonly { readonly type: string; readonly data: object }[],
  caller: ScimCaller,
  occurredAt: string,
): NewEvent[] {
  return events.map((event) => ({
    id: uuidv7(),
    type: event.type,
    data: event.data as NewEvent['data'],
    metadata: metadataFor(
      caller,
      occurredAt,
      currentSchemaVersion(event.type as DirectoryEventType),
    ),
  }));
}

/** The outcome of a write: where it committed, for ETags and read-your-writes. */
export interface WriteResult {
  readonly id: string;
  /** Stream revision after the write (the ETag). */
  readonly revision: number;
  /** Global position of the write; 0 when nothing was appended (a no-op). */
  readonly position: number;
}
