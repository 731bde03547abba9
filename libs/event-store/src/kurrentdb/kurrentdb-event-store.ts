import {
  BACKWARDS,
  END,
  excludeSystemEvents,
  jsonEvent,
  KurrentDBClient,
  START,
  StreamDeletedError,
  streamNameFilter,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendStreamRequest,
  type AppendStreamState,
  type CurrentStreamState,
  type ReadAllOptions as ClientReadAllOptions,
  type ResolvedEvent,
  type StreamState,
} from '@kurrent/kurrentdb-client';
import { EventStoreClosedError, WrongExpectedRevisionError } from '../event-store.errors.js';
import type {
  AppendRequest,
  AppendResult,
  EventFilter,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamInfo,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';
import { decodeEvent, encodeEvent } from './kurrentdb-event.codec.js';
import { KurrentDbSubscription } from './kurrentdb-subscription.js';

export interface KurrentDbEventStoreOptions {
  /** e.g. `kurrentdb://admin:changeit@db.example.com:2113` or `kurrentdb://127.0.0.1:2113?tls=false` */
  readonly connectionString: string;
}

/**
 * Opens the KurrentDB adapter and checks that the server answers, so a wrong KURRENTDB_URL
 * fails at start-up with a message naming it rather than on the first request.
 */
export async function openKurrentDbEventStore(
  options: KurrentDbEventStoreOptions,
): Promise<EventStore> {
  const store = new KurrentDbEventStore(KurrentDBClient.connectionString(options.connectionString));
  try {
    await store.headPosition();
  } catch (error) {
    await store.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot reach KurrentDB at ${withoutCredentials(options.connectionString)} ` +
        `(KURRENTDB_URL): ${reason}`,
      { cause: error },
    );
  }
  return store;
}

/**
 * The event store port on KurrentDB 25.1+. Positions are commit positions; multi-stream appends
 * use the server's atomic AppendSession. See docs/adr/0008 for the mapping decisions.
 */
export class KurrentDbEventStore implements EventStore {
  private closed = false;
  private readonly subscriptions = new Set<KurrentDbSubscription>();

  constructor(private readonly client: KurrentDBClient) {}

  async append(requests: readonly AppendRequest[]): Promise<AppendResult> {
    this.assertOpen();
    await this.refuseDeletedStreams(requests);
    try {
      if (requests.length === 1) return await this.appendOne(requests[0]!);
      return await this.appendMany(requests);
    } catch (error) {
      throw this.translate(error, requests);
    }
  }

  async *readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    const events = this.client.readStream(streamId, {
      fromRevision: BigInt(options.fromRevision ?? 0),
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
    });
    yield* decodeAll(events);
  }

  async readLastEvent(streamId: string): Promise<RecordedEvent | undefined> {
    this.assertOpen();
    const events = this.client.readStream(streamId, {
      fromRevision: END,
      direction: BACKWARDS,
      maxCount: 1,
    });
    for await (const event of decodeAll(events)) return event;
    return undefined;
  }

  async streamInfo(streamId: string): Promise<StreamInfo> {
    const last = await this.readLastEvent(streamId);
    if (last !== undefined) return { revision: last.revision, deleted: false };
    const { metadata } = await this.client.getStreamMetadata(streamId);
    if (metadata?.truncateBefore === undefined) return { revision: -1, deleted: false };
    const revision = await this.rawLastRevision(streamId);
    return { revision, deleted: revision >= 0 };
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    const after = options.fromPosition ?? 0;
    const readOptions: ClientReadAllOptions = {
      fromPosition: after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : START,
      filter: serverFilter(options.filter),
      // A read from a position includes the event there; the port's is strictly after it.
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount + 1 }),
    };
    let delivered = 0;
    for await (const event of decodeAll(this.client.readAll(readOptions))) {
      if (event.position <= after) continue;
      if (options.maxCount !== undefined && delivered >= options.maxCount) return;
      delivered += 1;
      yield event;
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    const subscription = new KurrentDbSubscription(this.client, options, serverFilter, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async deleteStream(streamId: string, expected: ExpectedRevision = 'any'): Promise<void> {
    this.assertOpen();
    const request = { streamId, expected, events: [] };
    await this.refuseDeletedStreams([request]);
    try {
      const expectedRevision = await this.deleteExpectation(streamId, expected);
      await this.client.deleteStream(streamId, { expectedRevision });
    } catch (error) {
      throw this.translate(error, [request]);
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const newest = this.client.readAll({
      fromPosition: END,
      direction: BACKWARDS,
      maxCount: 1,
      filter: excludeSystemEvents(),
    });
    for await (const resolved of newest) return Number(resolved.event?.position?.commit ?? 0);
    return 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  /** The v1 Delete has no `stream_exists`: expect the revision the stream is at instead. */
  private async deleteExpectation(streamId: string, expected: ExpectedRevision) {
    if (expected !== 'stream_exists') return streamState(expected) as StreamState;
    const last = await this.readLastEvent(streamId);
    if (last !== undefined) return BigInt(last.revision);
    const info = await this.streamInfo(streamId);
    throw new WrongExpectedRevisionError(streamId, expected, info.deleted ? 'deleted' : -1);
  }

  private async appendOne(request: AppendRequest): Promise<AppendResult> {
    const result = await this.client.appendToStream(
      request.streamId,
      request.events.map(encodeEvent),
      {
        streamState: streamState(request.expected),
      },
    );
    return {
      position: Number(result.position?.commit ?? 0),
      nextRevisions: [Number(result.nextExpectedRevision)],
    };
  }

  private async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult> {
    const result = await this.client.multiStreamAppend(
      requests.map((request): AppendStreamRequest => ({
        streamName: request.streamId,
        expectedState: streamState(request.expected),
        events: request.events.map(encodeEvent),
      })),
    );
    const revisions = new Map(result.responses.map((r) => [r.streamName, Number(r.revision)]));
    return {
      position: Number(result.position),
      nextRevisions: requests.map((request) => revisions.get(request.streamId) ?? -1),
    };
  }

  /**
   * KurrentDB lets a soft-deleted stream be written at its old last revision (which recreates
   * it); the port says a deleted stream is never at a revision. A deleted stream's `$tb` lies
   * past every revision it had, so one metadata read per such expectation tells them apart.
   * The check and the append are two calls: a delete landing between them is not caught.
   */
  private async refuseDeletedStreams(requests: readonly AppendRequest[]): Promise<void> {
    const checked = requests.filter(
      (r) =>
        typeof r.expected === 'number' || (r.expected === 'stream_exists' && requests.length > 1),
    );
    await Promise.all(
      checked.map(async ({ streamId, expected }) => {
        const { metadata } = await this.client.getStreamMetadata(streamId);
        const truncateBefore = metadata?.truncateBefore;
        if (truncateBefore === undefined) return;
        const revision = typeof expected === 'number' ? expected : -1;
        const lastVisible = await this.readLastEvent(streamId);
        if (Number(truncateBefore) > revision && lastVisible === undefined) {
          throw new WrongExpectedRevisionError(streamId, expected, 'deleted');
        }
      }),
    );
  }

  /**
   * The revision of a soft-deleted stream's last event, which no read shows: an append that
   * expects an impossible revision is refused, writes nothing, and reports the actual one.
   */
  private async rawLastRevision(streamId: string): Promise<number> {
    const impossible = BigInt(Number.MAX_SAFE_INTEGER);
    try {
      await this.client.appendToStream(streamId, jsonEvent({ type: '$probe', data: {} }), {
        streamState: impossible,
      });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return revisionOf(error.actualState);
      throw error;
    }
    throw new Error(`Stream ${streamId} accepted an append at revision ${impossible}`);
  }

  private translate(error: unknown, requests: readonly AppendRequest[]): unknown {
    if (this.closed) return new EventStoreClosedError();
    const expectedOf = (streamId: string): ExpectedRevision =>
      requests.find((r) => r.streamId === streamId)?.expected ?? 'any';
    if (error instanceof WrongExpectedVersionError) {
      const streamId = error.streamName;
      return new WrongExpectedRevisionError(
        streamId,
        expectedOf(streamId),
        revisionOf(error.actualState),
      );
    }
    if (error instanceof StreamDeletedError) {
      const streamId = error.streamName;
      return new WrongExpectedRevisionError(streamId, expectedOf(streamId), 'deleted');
    }
    return error;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}

/**
 * A stream-name filter on the server when the caller gives prefixes; otherwise the server drops
 * system events. KurrentDB takes one filter per read, and prefixes never match `$` streams.
 */
function serverFilter(filter: EventFilter | undefined) {
  const prefixes = filter?.streamPrefixes;
  if (prefixes === undefined || prefixes.length === 0) return excludeSystemEvents();
  return streamNameFilter({ prefixes: [...prefixes] });
}

async function* decodeAll(events: AsyncIterable<ResolvedEvent>): AsyncIterable<RecordedEvent> {
  try {
    for await (const resolved of events) {
      const event = decodeEvent(resolved);
      if (event !== undefined) yield event;
    }
  } catch (error) {
    // KurrentDB answers a read of a stream that never existed, or was deleted, with
    // StreamNotFound; the port reads such a stream as empty.
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
}

function streamState(expected: ExpectedRevision): AppendStreamState {
  return typeof expected === 'number' ? BigInt(expected) : expected;
}

function revisionOf(state: CurrentStreamState | AppendStreamState): number {
  return typeof state === 'bigint' ? Number(state) : -1;
}

function withoutCredentials(connectionString: string): string {
  return connectionString.replace(/\/\/[^@/]*@/, '//');
}
