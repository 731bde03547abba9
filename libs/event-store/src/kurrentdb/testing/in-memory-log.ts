/**
 * The storage model of the wire double: one global log, streams as views on it, and KurrentDB's
 * optimistic concurrency and soft-delete rules. It knows nothing of gRPC.
 */

/** KurrentDB's `long.MaxValue`: a soft delete sets the stream's `$tb` to it. */
export const DELETED_STREAM_TB = 9223372036854775807n;

export type Expectation = 'any' | 'no_stream' | 'stream_exists' | number;

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export interface LoggedEvent extends ProposedEvent {
  readonly streamId: string;
  readonly revision: number;
  /** Commit and prepare position alike: no explicit transactions here. */
  readonly position: number;
  /** 100 ns ticks since the Unix epoch, as the server sends `created`. */
  readonly createdTicks: bigint;
}

export interface StreamWrite {
  readonly streamId: string;
  readonly expected: Expectation;
  readonly events: readonly ProposedEvent[];
}

export interface WriteResult {
  readonly streamId: string;
  readonly lastRevision: number;
  readonly position: number;
}

/** The stream was not where the writer expected; nothing was written. */
export class ExpectationFailure extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: Expectation,
    /** Raw revision of the stream's last event, -1 when it never had one. */
    readonly actual: number,
    /** `stream_exists` against a soft-deleted stream: KurrentDB answers StreamDeleted. */
    readonly deleted: boolean,
  ) {
    super(
      `${streamId}: expected ${String(expected)}, actual ${actual}${deleted ? ' (deleted)' : ''}`,
    );
  }
}

export class DuplicateStreamInSession extends Error {
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} appears more than once in one append session`);
  }
}

interface StreamState {
  readonly events: LoggedEvent[];
  /** `$tb` from the stream's metadata; reads start there. */
  truncateBefore: bigint;
}

/** Log positions in KurrentDB are byte offsets; the double spaces them like records would. */
const RECORD_OVERHEAD = 96;

export class InMemoryLog {
  private readonly log: LoggedEvent[] = [];
  private readonly streams = new Map<string, StreamState>();
  private readonly listeners = new Set<() => void>();
  private nextPosition = 1024;

  constructor() {
    // A fresh KurrentDB writes system events before any user event; keep one so that a reader
    // that forgets to exclude them sees it.
    this.write([
      {
        streamId: '$settings',
        expected: 'any',
        events: [jsonEvent('$settings', { $userStreamAcl: { $r: '$all' } })],
      },
    ]);
  }

  get all(): readonly LoggedEvent[] {
    return this.log;
  }

  get headPosition(): number {
    return this.log.at(-1)?.position ?? 0;
  }

  /** Index in `all` of the first event with a position at or after `position`. */
  indexAtOrAfter(position: number): number {
    let low = 0;
    let high = this.log.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.log[mid]!.position < position) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Registers a listener called after every write; returns its removal. */
  onWrite(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Raw revision of the last event, -1 when the stream never had one. */
  lastRevision(streamId: string): number {
    return (this.streams.get(streamId)?.events.length ?? 0) - 1;
  }

  isSoftDeleted(streamId: string): boolean {
    return this.streams.get(streamId)?.truncateBefore === DELETED_STREAM_TB;
  }

  /**
   * Events a stream read shows, or `undefined` when KurrentDB answers StreamNotFound: the
   * stream never existed or is soft-deleted.
   */
  visibleEvents(streamId: string): readonly LoggedEvent[] | undefined {
    const stream = this.streams.get(streamId);
    if (stream === undefined || stream.events.length === 0) return undefined;
    if (stream.truncateBefore === DELETED_STREAM_TB) return undefined;
    const first = Number(stream.truncateBefore);
    return first > 0 ? stream.events.slice(first) : stream.events;
  }

  /** Checks every expectation first, then writes all streams: all or nothing. */
  append(writes: readonly StreamWrite[]): WriteResult[] {
    const seen = new Set<string>();
    for (const write of writes) {
      if (seen.has(write.streamId)) throw new DuplicateStreamInSession(write.streamId);
      seen.add(write.streamId);
      this.check(write.streamId, write.expected);
    }
    return this.write(writes);
  }

  /** Soft delete: `$tb` = long.MaxValue in the stream's metadata stream `$$<stream>`. */
  softDelete(streamId: string, expected: Expectation): WriteResult {
    this.check(streamId, expected);
    this.state(streamId).truncateBefore = DELETED_STREAM_TB;
    const [result] = this.write([
      {
        streamId: `$$${streamId}`,
        expected: 'any',
        events: [metadataEvent(DELETED_STREAM_TB)],
      },
    ]);
    return result!;
  }

  private check(streamId: string, expected: Expectation): void {
    const actual = this.lastRevision(streamId);
    const deleted = this.isSoftDeleted(streamId);
    if (meets(expected, actual, deleted)) return;
    throw new ExpectationFailure(
      streamId,
      expected,
      actual,
      deleted && expected === 'stream_exists',
    );
  }

  private write(writes: readonly StreamWrite[]): WriteResult[] {
    const createdTicks = BigInt(Date.now()) * 10_000n;
    const results: WriteResult[] = [];
    const recreated: string[] = [];
    for (const write of writes) {
      const stream = this.state(write.streamId);
      // KurrentDB: the first write after a soft delete recreates the stream, numbering goes on
      // and `$tb` moves to the first new event, so the old events stay hidden.
      if (stream.truncateBefore === DELETED_STREAM_TB && write.events.length > 0) {
        stream.truncateBefore = BigInt(stream.events.length);
        recreated.push(write.streamId);
      }
      for (const proposed of write.events)
        this.push(stream, write.streamId, proposed, createdTicks);
      results.push({
        streamId: write.streamId,
        lastRevision: stream.events.length - 1,
        position: stream.events.at(-1)?.position ?? this.headPosition,
      });
    }
    for (const streamId of recreated) {
      const stream = this.state(`$$${streamId}`);
      this.push(
        stream,
        `$$${streamId}`,
        metadataEvent(this.state(streamId).truncateBefore),
        createdTicks,
      );
    }
    for (const listener of this.listeners) listener();
    return results;
  }

  private push(
    stream: StreamState,
    streamId: string,
    proposed: ProposedEvent,
    createdTicks: bigint,
  ) {
    const event: LoggedEvent = {
      ...proposed,
      streamId,
      revision: stream.events.length,
      position: this.nextPosition,
      createdTicks,
    };
    this.nextPosition += RECORD_OVERHEAD + proposed.data.length + proposed.metadata.length;
    stream.events.push(event);
    this.log.push(event);
  }

  private state(streamId: string): StreamState {
    let stream = this.streams.get(streamId);
    if (stream === undefined) {
      stream = { events: [], truncateBefore: 0n };
      this.streams.set(streamId, stream);
    }
    return stream;
  }
}

/**
 * KurrentDB's rules, including the soft-delete ones its own client test suites pin down: a
 * soft-deleted stream accepts `no_stream`, `any` and its exact last revision (all recreate it),
 * and refuses `stream_exists` with StreamDeleted.
 */
function meets(expected: Expectation, actual: number, deleted: boolean): boolean {
  if (typeof expected === 'number') return expected === actual;
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === -1 || deleted;
    case 'stream_exists':
      return actual >= 0 && !deleted;
    default: {
      const unknown: never = expected;
      throw new TypeError(`Unknown expectation ${String(unknown)}`);
    }
  }
}

function jsonEvent(type: string, data: unknown): ProposedEvent {
  return {
    id: crypto.randomUUID(),
    type,
    contentType: 'application/json',
    data: Buffer.from(JSON.stringify(data)),
    metadata: new Uint8Array(),
  };
}

function metadataEvent(truncateBefore: bigint): ProposedEvent {
  // JSON.stringify cannot write a bigint; `$tb` of a soft delete does not fit a double.
  return {
    ...jsonEvent('$metadata', {}),
    data: Buffer.from(`{"$tb":${truncateBefore.toString()}}`),
  };
}
