import { WrongExpectedRevisionError } from './event-store.errors.js';
import type { ExpectedRevision, StreamInfo } from './event-store.port.js';

/**
 * Throws `WrongExpectedRevisionError` when a stream in `actual` state does not meet `expected`.
 * Shared by every adapter that checks expectations itself, so they agree with KurrentDB:
 * a soft-deleted stream counts as "no stream" and never as "exists" or as any revision.
 */
export function assertExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
  actual: StreamInfo,
): void {
  if (!meetsExpectation(expected, actual)) {
    throw new WrongExpectedRevisionError(
      streamId,
      expected,
      actual.deleted ? 'deleted' : actual.revision,
    );
  }
}

function meetsExpectation(expected: ExpectedRevision, actual: StreamInfo): boolean {
  if (typeof expected === 'number') return !actual.deleted && actual.revision === expected;
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual.revision === -1 || actual.deleted;
    case 'stream_exists':
      return actual.revision >= 0 && !actual.deleted;
    default: {
      const unknown: never = expected;
      throw new TypeError(`Unknown expected revision ${String(unknown)}`);
    }
  }
}
