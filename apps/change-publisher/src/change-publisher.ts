import { Logger } from '@nestjs/common';
import type { ContractSink, ContractTopics } from '#contracts';
import type { EventStore, RecordedEvent, Subscription } from '#event-store';
import type { CheckpointStore } from './checkpoint-store.js';
import { contractMessagesOf, contractStreamPrefixes } from './contract-messages.js';

export interface ChangePublisherOptions {
  /** Names the checkpoint: each sink (Kafka, in-process) follows the store on its own. */
  readonly name: string;
  readonly topics: ContractTopics;
  /** Largest batch of events read and published at once. Default 500. */
  readonly batchSize?: number;
  /** Back-off after a failed publish: doubles from `initial` up to `max`. */
  readonly backoffMs?: { readonly initial: number; readonly max: number };
  readonly onError?: (error: Error) => void;
}

export interface ChangePublisherStatus {
  readonly running: boolean;
  /** Everything up to this event store position has been published. */
  readonly checkpoint: number;
  readonly publishedMessages: number;
  /** Why the last publish failed, while the publisher is retrying it. */
  readonly failing?: string;
}

/**
 * Feeds the contracts from the event store, never from the write path (no dual write): a
 * catch-up subscription from the stored checkpoint maps each user and group event to its v1
 * contract messages, publishes a batch, and only then moves the checkpoint past it. A crash
 * re-publishes at most the batch in flight (consumers deduplicate by `ce_id`). While the sink
 * fails (a broker outage) the same batch is retried with back-off and nothing further is read,
 * so memory stays bounded by one batch.
 */
export class ChangePublisher {
  private readonly logger: Logger;
  private subscription: Subscription | undefined;
  private stopping = false;
  private wakeFromBackoff: (() => void) | undefined;
  private checkpoint = 0;
  private publishedMessages = 0;
  private failing: string | undefined;
  /** Resolves once the publisher has published everything in the store when it started. */
  readonly caughtUp: Promise<void>;
  private resolveCaughtUp: () => void = () => undefined;

  constructor(
    private readonly eventStore: EventStore,
    private readonly sink: ContractSink,
    private readonly checkpoints: CheckpointStore,
    private readonly options: ChangePublisherOptions,
  ) {
    this.logger = new Logger(`ChangePublisher ${options.name}`);
    this.caughtUp = new Promise((resolve) => (this.resolveCaughtUp = resolve));
  }

  status(): ChangePublisherStatus {
    return {
      running: this.subscription !== undefined,
      checkpoint: this.checkpoint,
      publishedMessages: this.publishedMessages,
      ...(this.failing === undefined ? {} : { failing: this.failing }),
    };
  }

  async start(): Promise<void> {
    if (this.subscription !== undefined) throw new Error('The change publisher is already running');
    this.stopping = false;
    this.checkpoint = await this.checkpoints.load(this.options.name);
    this.subscription = this.eventStore.subscribeToAll({
      fromPosition: this.checkpoint,
      filter: { streamPrefixes: contractStreamPrefixes },
      batchSize: this.options.batchSize ?? 500,
      onEvents: (events) => this.publish(events),
      onCheckpoint: (position) => this.advance(position),
      onCaughtUp: () => this.resolveCaughtUp(),
      onError: (error) => {
        this.subscription = undefined;
        if (this.stopping) return;
        this.logger.error(`Stopped: ${error.message}`);
        this.options.onError?.(error);
      },
    });
  }

  /** Stops after the batch in flight; a batch still being retried is abandoned, not checkpointed. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeFromBackoff?.();
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  private async publish(events: readonly RecordedEvent[]): Promise<void> {
    const messages = events.flatMap((event) => contractMessagesOf(event, this.options.topics));
    const backoff = this.options.backoffMs ?? { initial: 250, max: 10_000 };
    for (let attempt = 0; ; attempt++) {
      if (this.stopping) throw new Error('The change publisher is stopping');
      try {
        await this.sink.publish(messages);
        break;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (this.failing === undefined)
          this.logger.warn(`Publishing failed, retrying with back-off: ${reason}`);
        this.failing = reason;
        await this.pause(Math.min(backoff.max, backoff.initial * 2 ** attempt));
      }
    }
    if (this.failing !== undefined) this.logger.log('Publishing again');
    this.failing = undefined;
    this.publishedMessages += messages.length;
    await this.advance(events.at(-1)!.position);
  }

  private async advance(position: number): Promise<void> {
    if (position <= this.checkpoint) return;
    await this.checkpoints.save(this.options.name, position);
    this.checkpoint = position;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeFromBackoff = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
