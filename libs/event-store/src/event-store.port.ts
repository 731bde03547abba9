/**
 * The event store port. Two adapters implement it: the embedded SQLite store (default) and
 * KurrentDB (production). Both run the same contract suite (`event-store.contract.ts`).
 *
 * Revisions are per stream and 0-based (the first event of a stream has revision 0).
 * Positions are global, strictly increasing across all streams, and start above 0, so
 * `fromPosition: 0` means "from the beginning".
 */

/** What the writer expects the stream to be before the append (optimistic concurrency). */
export type ExpectedRevision =
  | 'any'
  /** The stream has never been written, or it was deleted. */
  | 'no_stream'
  /** The stream exists and is not deleted. */
  | 'stream_exists'
  /** The revision of the stream's last event. */
  | number;

export type JsonObject = { readonly [key: string]: unknown };

export interface EventMetadata {
  readonly tenant: string;
  /** The credential that caused the write: an app registration or token id, or `system`. */
  readonly caller: string;
  readonly correlationId: string;
  /** The IdP's own request id when it sent one. */
  readonly requestId?: string;
  /** RFC 3339 time at which the command was decided. */
  readonly occurredAt: string;
  /** Version of the event's data shape; upcasters bring older versions to the current one. */
  readonly schemaVersion: number;
}

export interface NewEvent {
  /** UUID; the idempotency key of the event. */
  readonly id: string;
  /** Stable, explicit type string such as `UserDeactivated`. */
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly recordedAt: string;
  /**
   * Set when the event's personal data were erased (`#personal-data`): its personal fields hold
   * stand-in values of the same type, not what was recorded.
   */
  readonly personalDataErased?: true;
}

export interface AppendRequest {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly NewEvent[];
}

export interface AppendResult {
  /** Global position of the last event written by this append. */
  readonly position: number;
  /** Revision of the last event now in each stream written, in request order. */
  readonly nextRevisions: readonly number[];
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive). Default 0. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Read events strictly after this position. Default 0 (from the beginning). */
  readonly fromPosition?: number;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface EventFilter {
  /** Only streams whose id starts with one of these prefixes. */
  readonly streamPrefixes?: readonly string[];
}

export interface SubscribeOptions {
  /** Deliver events strictly after this position (a stored checkpoint). Default 0. */
  readonly fromPosition?: number;
  readonly filter?: EventFilter;
  /** Largest batch handed to `onEvents`. */
  readonly batchSize?: number;
  /**
   * Called with consecutive events in position order. The next batch is not delivered until
   * the returned promise settles (back-pressure). A rejection stops the subscription and is
   * reported through `onError`.
   */
  readonly onEvents: (events: readonly RecordedEvent[]) => Promise<void> | void;
  /**
   * Called when the subscription has delivered everything up to `position`, including
   * stretches of events the filter skipped, so a checkpoint can advance past them.
   */
  readonly onCheckpoint?: (position: number) => Promise<void> | void;
  /** Called once when the subscription first reaches the head of the log (catch-up done). */
  readonly onCaughtUp?: () => void;
  readonly onError?: (error: Error) => void;
}

export interface Subscription {
  /** Stops delivery after the batch in progress; resolves when the handler has settled. */
  stop(): Promise<void>;
}

export interface StreamInfo {
  /** Revision of the last event; -1 when the stream never existed. */
  readonly revision: number;
  readonly deleted: boolean;
}

export interface EventStore {
  /** Atomically appends to one or more streams, each with its own expectation. All or nothing. */
  append(requests: readonly AppendRequest[]): Promise<AppendResult>;
  /** Reads a stream forwards. A stream that never existed or was deleted yields nothing. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /** The last event of a stream, if any (snapshots and reservation owners). */
  readLastEvent(streamId: string): Promise<RecordedEvent | undefined>;
  streamInfo(streamId: string): Promise<StreamInfo>;
  /** Reads all streams in global order. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Catch-up then live subscription to all events. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  /**
   * Soft-deletes a stream: reads see nothing, and a later append with `no_stream` recreates it
   * with revisions continuing after the old last one (KurrentDB semantics).
   */
  deleteStream(streamId: string, expected?: ExpectedRevision): Promise<void>;
  /** Position of the newest event in the store; 0 when empty. */
  headPosition(): Promise<number>;
  /** Flushes pending appends and releases resources. */
  close(): Promise<void>;
}
