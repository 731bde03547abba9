import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  Filter,
  KurrentDBClient,
  Position,
} from '@kurrent/kurrentdb-client';
import type {
  EventFilter,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';
import { decodeEvent } from './kurrentdb-event.codec.js';

const DEFAULT_BATCH_SIZE = 500;

/** Markers put into the client's stream in order with its events (see `constructor`). */
type Marker =
  { readonly kind: 'checkpoint'; readonly position: number } | { readonly kind: 'caught-up' };
type Item = AllStreamResolvedEvent | Marker;

/**
 * A catch-up subscription to `$all` with the server-side filter. The client's subscription is a
 * Node stream: this reads it only while no handler runs, so HTTP/2 flow control holds the server
 * back (back-pressure), and it batches what is already buffered, up to `batchSize`.
 */
export class KurrentDbSubscription implements Subscription {
  private stopped = false;
  private ended = false;
  private wake: (() => void) | undefined;
  private readonly source: AllStreamSubscription;
  private readonly done: Promise<void>;

  constructor(
    client: KurrentDBClient,
    private readonly options: SubscribeOptions,
    serverFilter: (filter: EventFilter | undefined) => Filter,
    onFinished: () => void,
  ) {
    const from = options.fromPosition ?? 0;
    const filter = serverFilter(options.filter);
    this.source = client.subscribeToAll({
      fromPosition: from > 0 ? { commit: BigInt(from), prepare: BigInt(from) } : 'start',
      // The client hands checkpoints and CaughtUp to callbacks as they arrive, ahead of events
      // still buffered; pushing a marker into the same stream keeps them in log order, so a
      // checkpoint never passes an event the handler has not had.
      filter: {
        ...filter,
        checkpointReached: (subscription, position) => this.mark(subscription, position),
      },
    });
    this.source.on('caughtUp', () => this.source.push({ kind: 'caught-up' } satisfies Marker));
    this.source.on('readable', () => this.wakeUp());
    this.source.on('end', () => {
      this.ended = true;
      this.wakeUp();
    });
    this.source.on('error', (error: Error) => {
      this.ended = true;
      if (!this.stopped) this.options.onError?.(error);
      this.wakeUp();
    });
    // Started on a later tick so callbacks never run before the caller holds the subscription.
    this.done = Promise.resolve()
      .then(() => this.run())
      .catch((error: unknown) => this.options.onError?.(asError(error)))
      .finally(onFinished);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp();
    await this.done;
  }

  private mark(subscription: unknown, position: Position): void {
    (subscription as AllStreamSubscription).push({
      kind: 'checkpoint',
      position: Number(position.commit),
    } satisfies Marker);
  }

  private async run(): Promise<void> {
    const { onEvents, onCheckpoint, onCaughtUp } = this.options;
    const batchSize = Math.max(1, this.options.batchSize ?? DEFAULT_BATCH_SIZE);
    let lastCheckpoint = this.options.fromPosition ?? 0;
    let caughtUp = false;
    let held: Item | undefined;
    try {
      while (!this.stopped) {
        const first = held ?? (await this.next());
        held = undefined;
        if (first === undefined) break;
        if (isMarker(first)) {
          if (first.kind === 'caught-up' && !caughtUp) {
            caughtUp = true;
            onCaughtUp?.();
          } else if (first.kind === 'checkpoint' && first.position > lastCheckpoint) {
            lastCheckpoint = first.position;
            await onCheckpoint?.(first.position);
          }
          continue;
        }
        const batch = [first];
        while (batch.length < batchSize) {
          const item = this.source.read() as Item | null;
          if (item === null) break;
          if (isMarker(item)) {
            held = item;
            break;
          }
          batch.push(item);
        }
        const events = batch.map(decodeEvent).filter((e): e is RecordedEvent => e !== undefined);
        if (events.length > 0) {
          await onEvents(events);
          lastCheckpoint = Math.max(lastCheckpoint, events.at(-1)!.position);
        }
      }
    } finally {
      await this.source.unsubscribe();
    }
  }

  /** The next buffered item, waiting for one; `undefined` once stopped or ended. */
  private async next(): Promise<Item | undefined> {
    for (;;) {
      if (this.stopped) return undefined;
      const item = this.source.read() as Item | null;
      if (item !== null) return item;
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  private wakeUp(): void {
    this.wake?.();
  }
}

function isMarker(item: Item): item is Marker {
  return 'kind' in item;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
