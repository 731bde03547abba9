import { describe, expect, it } from '@jest/globals';
import { WrongExpectedRevisionError } from './event-store.errors.js';
import type { ExpectedRevision, StreamInfo } from './event-store.port.js';
import { assertExpectedRevision } from './expected-revision.check.js';

const never: StreamInfo = { revision: -1, deleted: false };
const atTwo: StreamInfo = { revision: 2, deleted: false };
const deleted: StreamInfo = { revision: 2, deleted: true };

describe('assertExpectedRevision', () => {
  it.each<[ExpectedRevision, StreamInfo]>([
    ['any', never],
    ['any', atTwo],
    ['any', deleted],
    ['no_stream', never],
    ['no_stream', deleted],
    ['stream_exists', atTwo],
    [2, atTwo],
  ])('accepts %p for %p', (expected, actual) => {
    expect(() => assertExpectedRevision('s', expected, actual)).not.toThrow();
  });

  it.each<[ExpectedRevision, StreamInfo, number | 'deleted']>([
    ['no_stream', atTwo, 2],
    ['stream_exists', never, -1],
    ['stream_exists', deleted, 'deleted'],
    [1, atTwo, 2],
    [2, deleted, 'deleted'],
    [0, never, -1],
  ])('rejects %p for %p, reporting actual %p', (expected, actual, reported) => {
    let error: unknown;
    try {
      assertExpectedRevision('s', expected, actual);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ streamId: 's', expected, actual: reported });
  });
});
