import type { ExpectedRevision } from './event-store.port.js';

/** The stream was not at the expected revision; the append wrote nothing. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, -1 when it does not exist, `deleted` when deleted. */
    readonly actual: number | 'deleted',
  ) {
    super(`Stream ${streamId}: expected ${String(expected)}, actual ${String(actual)}`);
  }
}

/** The store was closed; the operation was not carried out. */
export class EventStoreClosedError extends Error {
  override readonly name = 'EventStoreClosedError';
  constructor() {
    super('The event store is closed');
  }
}
