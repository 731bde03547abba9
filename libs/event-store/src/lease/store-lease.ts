import { randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError } from '../event-store.errors.js';
import type { EventStore, NewEvent, RecordedEvent } from '../event-store.port.js';

/** Streams of leases start with this; no projection or publisher subscribes to it. */
export const leaseStreamPrefix = 'lease-';

export const leaseEventTypes = {
  acquired: 'LeaseAcquired',
  renewed: 'LeaseRenewed',
  released: 'LeaseReleased',
} as const;

export interface LeaseState {
  /** Who holds the lease; undefined when nobody does (never taken, or released). */
  readonly holder: string | undefined;
  /** Revision of the lease stream's last event (-1 when absent), the expectation of the next write. */
  readonly revision: number;
  /** The stream was compacted (soft-deleted); someone may still hold the lease. */
  readonly compacted: boolean;
}

export interface StoreLeaseOptions {
  /** Names the work the lease guards, e.g. `directory-projector`. */
  readonly name: string;
  /** This process, as other candidates see it (host name and process id, say). */
  readonly holder: string;
  /** The holder soft-deletes and restarts the stream after this many writes, so it stays short. */
  readonly compactEvery?: number;
}

/**
 * A lease kept in the event store itself: the stream `lease-<name>` records who holds it, and
 * optimistic concurrency on that stream makes exactly one of several candidates win each write.
 * Time is never compared across machines: a candidate judges a lease expired by watching the
 * stream not move for a lease period on its own clock (see `LeaderElection`), so clock skew
 * between hosts cannot hand the lease to two holders.
 */
export class StoreLease {
  readonly streamId: string;
  private readonly compactEvery: number;
  private writesSinceCompaction = 0;

  constructor(
    private readonly store: EventStore,
    private readonly options: StoreLeaseOptions,
  ) {
    this.streamId = `${leaseStreamPrefix}${options.name}`;
    this.compactEvery = options.compactEvery ?? 1000;
  }

  get holder(): string {
    return this.options.holder;
  }

  async read(): Promise<LeaseState> {
    const info = await this.store.streamInfo(this.streamId);
    if (info.deleted) return { holder: undefined, revision: info.revision, compacted: true };
    const last = await this.store.readLastEvent(this.streamId);
    return { holder: holderOf(last), revision: info.revision, compacted: false };
  }

  /**
   * Takes the lease if the stream is still at `seen.revision`; false when another candidate
   * wrote first.
   */
  async acquire(seen: LeaseState): Promise<boolean> {
    return this.write(leaseEventTypes.acquired, seen.compacted ? 'no_stream' : seen.revision);
  }

  /** Extends the lease held since `revision`; false when the holder lost it meanwhile. */
  async renew(revision: number): Promise<number | undefined> {
    if (this.writesSinceCompaction >= this.compactEvery) return this.compact(revision);
    const written = await this.write(leaseEventTypes.renewed, revision);
    return written ? revision + 1 : undefined;
  }

  /** Gives the lease up so a standby takes over at once instead of after a lease period. */
  async release(revision: number): Promise<void> {
    await this.write(leaseEventTypes.released, revision);
  }

  /** The revision the holder's next write expects; undefined when it no longer holds the lease. */
  async revisionIfHeld(): Promise<number | undefined> {
    const state = await this.read();
    return state.holder === this.options.holder && !state.compacted ? state.revision : undefined;
  }

  /**
   * Restarts the stream: a soft delete keeps revisions climbing, and candidates treat a deleted
   * lease stream as held, so nobody jumps in between the delete and the new first event.
   */
  private async compact(revision: number): Promise<number | undefined> {
    try {
      await this.store.deleteStream(this.streamId, revision);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return undefined;
      throw error;
    }
    this.writesSinceCompaction = 0;
    if (!(await this.write(leaseEventTypes.renewed, 'no_stream'))) return undefined;
    return this.revisionIfHeld();
  }

  private async write(type: string, expected: number | 'no_stream'): Promise<boolean> {
    const event: NewEvent = {
      id: randomUUID(),
      type,
      data: { name: this.options.name, holder: this.options.holder },
      metadata: {
        tenant: 'system',
        caller: `lease:${this.options.holder}`,
        correlationId: randomUUID(),
        occurredAt: new Date().toISOString(),
        schemaVersion: 1,
      },
    };
    const streamExpectation = expected === -1 ? 'no_stream' : expected;
    try {
      await this.store.append([
        { streamId: this.streamId, expected: streamExpectation, events: [event] },
      ]);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return false;
      throw error;
    }
    this.writesSinceCompaction += 1;
    return true;
  }
}

function holderOf(event: RecordedEvent | undefined): string | undefined {
  if (event === undefined || event.type === leaseEventTypes.released) return undefined;
  const holder = event.data['holder'];
  return typeof holder === 'string' ? holder : undefined;
}
