import type { EventStore, Subscription } from '#event-store';
import { streamPrefixes } from '#directory';
import type { DirectoryProjectionTarget } from '#read-model';

export interface DirectoryProjectorOptions {
  /** Largest batch applied in one read-model transaction. Default 500. */
  readonly batchSize?: number;
  /** Called when the subscription fails (a batch could not be applied); the projector stops. */
  readonly onError?: (error: Error) => void;
}

/** Only the directory's own streams: reservation and snapshot streams never reach the projection. */
export const directoryStreamPrefixes = [
  streamPrefixes.user,
  streamPrefixes.group,
  streamPrefixes.tenant,
  streamPrefixes.appRegistration,
] as const;

/**
 * Keeps the read model up to date: subscribes to the event store from the read model's stored
 * checkpoint, applies each batch (rows and checkpoint in one transaction) and advances the
 * checkpoint over stretches of other streams, so read-your-writes waits on any position resolve.
 */
export class DirectoryProjector {
  /** Resolves once the projector has applied everything in the store when it started. */
  readonly caughtUp: Promise<void>;
  private resolveCaughtUp: () => void = () => undefined;
  private rejectCaughtUp: (error: Error) => void = () => undefined;
  private subscription: Subscription | undefined;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readModel: DirectoryProjectionTarget,
    private readonly options: DirectoryProjectorOptions = {},
  ) {
    this.caughtUp = new Promise<void>((resolve, reject) => {
      this.resolveCaughtUp = resolve;
      this.rejectCaughtUp = reject;
    });
    // A failure before catch-up is reported through onError too; nobody may be awaiting caughtUp.
    this.caughtUp.catch(() => undefined);
  }

  get running(): boolean {
    return this.subscription !== undefined;
  }

  async start(): Promise<void> {
    if (this.subscription !== undefined)
      throw new Error('The directory projector is already running');
    const fromPosition = await this.readModel.checkpoint();
    this.subscription = this.eventStore.subscribeToAll({
      fromPosition,
      filter: { streamPrefixes: directoryStreamPrefixes },
      batchSize: this.options.batchSize ?? 500,
      onEvents: (events) => this.readModel.applyEvents(events),
      onCheckpoint: (position) => this.readModel.advanceCheckpoint(position),
      onCaughtUp: () => this.resolveCaughtUp(),
      onError: (error) => {
        this.subscription = undefined;
        this.rejectCaughtUp(error);
        this.options.onError?.(error);
      },
    });
  }

  /** Stops after the batch in progress; as each batch commits with its checkpoint, it stops at one. */
  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }
}
