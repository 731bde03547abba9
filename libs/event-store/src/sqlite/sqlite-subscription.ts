import { matchesFilter } from '../event-filter.match.js';
import type { RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port.js';
import type { EventRow } from './sqlite-event.row.js';

/** What a subscription needs from the store: pages of the log and a wake-up on each commit. */
export interface SubscriptionSource {
  readPage(afterPosition: number, limit: number): readonly EventRow[];
  decode(row: EventRow): RecordedEvent;
  /** Registers a listener called after each commit that wrote events; returns its removal. */
  onCommit(listener: () => void): () => void;
}

const DEFAULT_BATCH_SIZE = 500;
/** Commits by other processes on the same file are not announced; look for them this often. */
const FOREIGN_COMMIT_POLL_MS = 1000;

/**
 * Catch-up then live delivery over the global log. The log is read in raw pages of `batchSize`
 * and filtered here, so a page whose events the filter all skips still advances the checkpoint.
 */
export class SqliteSubscription implements Subscription {
  private stopped = false;
  private woken = false;
  private wake: (() => void) | undefined;
  private readonly done: Promise<void>;
  private readonly removeListener: () => void;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscribeOptions,
  ) {
    this.removeListener = source.onCommit(() => {
      this.woken = true;
      this.wake?.();
    });
    // Started on a later tick so callbacks never run before the caller holds the subscription.
    this.done = Promise.resolve()
      .then(() => this.run())
      .finally(this.removeListener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.done;
  }

  private async run(): Promise<void> {
    const { filter, onEvents, onCheckpoint, onCaughtUp, onError } = this.options;
    const batchSize = Math.max(1, this.options.batchSize ?? DEFAULT_BATCH_SIZE);
    let position = this.options.fromPosition ?? 0;
    let caughtUp = false;
    try {
      while (!this.stopped) {
        this.woken = false;
        const page = this.source.readPage(position, batchSize);
        const last = page.at(-1);
        if (last !== undefined) {
          const events = page
            .filter((row) => matchesFilter(filter, row.streamId))
            .map((row) => this.source.decode(row));
          if (events.length > 0) await onEvents(events);
          position = last.position;
          await onCheckpoint?.(position);
        }
        if (page.length < batchSize) {
          if (!caughtUp) {
            caughtUp = true;
            onCaughtUp?.();
          }
          await this.waitForCommit();
        }
      }
    } catch (error) {
      this.stopped = true;
      onError?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private async waitForCommit(): Promise<void> {
    if (this.woken || this.stopped) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      timer = setTimeout(resolve, FOREIGN_COMMIT_POLL_MS);
      // A live subscription alone must not keep the process from exiting.
      timer.unref();
    });
    clearTimeout(timer);
    this.wake = undefined;
  }
}
