import type { EventStore, RecordedEvent, Subscription } from '#event-store';
import type { ChainStore } from './chain-store.js';
import { type ChainHead, type ChainLink, headOf, nextLink, tenantOf } from './event-digest.js';

export interface ChainKeeperOptions {
  /** Largest batch of events linked (and committed) at once. Default 500. */
  readonly batchSize?: number;
  /** The keeper stopped because reading the store or writing the chain failed. */
  readonly onError?: (error: Error) => void;
}

export interface ChainKeeperStatus {
  readonly running: boolean;
  /** Every event up to this event store position is linked. */
  readonly checkpoint: number;
  /** Links written since this keeper started. */
  readonly linked: number;
}

/**
 * Keeps the audit chain: follows `$all` from the chain store's checkpoint and links every event,
 * whatever its stream (reservations, snapshots and leases too, so tampering with any of them
 * shows), to the head of its tenant's chain. Each batch's links and the new checkpoint commit
 * together, so a restart resumes exactly after the last linked event and never links one twice.
 */
export class ChainKeeper {
  private subscription: Subscription | undefined;
  private stopping = false;
  private checkpoint = 0;
  private linked = 0;
  /** Each tenant's head, read once from the chain store: one lookup per tenant, not per event. */
  private readonly heads = new Map<string, ChainHead>();
  /** Resolves once everything in the store when the keeper started is linked. */
  readonly caughtUp: Promise<void>;
  private resolveCaughtUp: () => void = () => undefined;
  private rejectCaughtUp: (error: Error) => void = () => undefined;

  constructor(
    private readonly eventStore: EventStore,
    private readonly chainStore: ChainStore,
    private readonly options: ChainKeeperOptions = {},
  ) {
    this.caughtUp = new Promise((resolve, reject) => {
      this.resolveCaughtUp = resolve;
      this.rejectCaughtUp = reject;
    });
    // A failure is reported through onError too; nobody has to await caughtUp.
    this.caughtUp.catch(() => undefined);
  }

  status(): ChainKeeperStatus {
    return {
      running: this.subscription !== undefined,
      checkpoint: this.checkpoint,
      linked: this.linked,
    };
  }

  async start(): Promise<void> {
    if (this.subscription !== undefined) throw new Error('The chain keeper is already running');
    this.stopping = false;
    this.heads.clear();
    this.checkpoint = await this.chainStore.checkpoint();
    this.subscription = this.eventStore.subscribeToAll({
      fromPosition: this.checkpoint,
      batchSize: this.options.batchSize ?? 500,
      onEvents: (events) => this.link(events),
      onCaughtUp: () => this.resolveCaughtUp(),
      onError: (error) => {
        this.subscription = undefined;
        this.rejectCaughtUp(error);
        if (!this.stopping) this.options.onError?.(error);
      },
    });
  }

  /** Stops after the batch in flight, which commits whole or not at all. */
  async stop(): Promise<void> {
    this.stopping = true;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  private async link(events: readonly RecordedEvent[]): Promise<void> {
    // Idempotent: anything at or below the checkpoint is linked already.
    const fresh = events.filter((event) => event.position > this.checkpoint);
    const last = fresh.at(-1);
    if (last === undefined) return;
    // Heads move in a batch-local map first: if the append fails, the cache stays as committed.
    const moved = new Map<string, ChainHead>();
    const links: ChainLink[] = [];
    for (const event of fresh) {
      const tenant = tenantOf(event);
      const link = nextLink(moved.get(tenant) ?? (await this.headOf(tenant)), event);
      moved.set(tenant, headOf(link));
      links.push(link);
    }
    await this.chainStore.append(links, last.position);
    for (const [tenant, head] of moved) this.heads.set(tenant, head);
    this.checkpoint = last.position;
    this.linked += links.length;
  }

  private async headOf(tenant: string): Promise<ChainHead | undefined> {
    const cached = this.heads.get(tenant);
    if (cached !== undefined) return cached;
    const stored = await this.chainStore.head(tenant);
    if (stored !== undefined) this.heads.set(tenant, headOf(stored));
    return stored;
  }
}
