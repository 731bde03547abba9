import type { LeaseState, StoreLease } from './store-lease.js';

export type LeaderRole = 'standby' | 'active' | 'stopped';

export interface LeaderElectionOptions {
  readonly lease: StoreLease;
  /**
   * How long a lease lasts without renewal. The holder renews every third of it and stops its
   * work after four fifths of it without a successful renewal; a standby takes over once the
   * lease stream has not moved for a whole period.
   */
  readonly leaseMs: number;
  /** Starts the guarded work; the election waits for it before renewing again. */
  readonly onElected: () => Promise<void>;
  /** Stops the guarded work; called when the lease is lost, cannot be renewed, or on stop. */
  readonly onDemoted: (reason: string) => Promise<void>;
  /** A store call failed; the election keeps trying. */
  readonly onError?: (error: Error) => void;
  /** Monotonic milliseconds; tests drive it. */
  readonly now?: () => number;
}

/**
 * Runs work on exactly one of several processes at a time, with fail-over: each process runs an
 * election over the same `StoreLease`; the one holding the lease is `active`, the others are
 * `standby` and take over when the holder stops renewing (crash, partition, shutdown).
 *
 * A lease does not fence a holder that stalls for longer than the lease (a long GC pause, say):
 * for a moment two may work. The guarded work is idempotent for that reason (the projector skips
 * events at or below its transactional checkpoint; consumers deduplicate contracts by `ce_id`).
 */
export class LeaderElection {
  private currentRole: LeaderRole = 'standby';
  private timer: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private revision = -1;
  private observed: { revision: number; compacted: boolean; since: number } | undefined;
  private tick: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly options: LeaderElectionOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  get role(): LeaderRole {
    return this.currentRole;
  }

  get holder(): string {
    return this.options.lease.holder;
  }

  /** Starts campaigning; the first attempt runs at once. */
  start(): void {
    if (this.currentRole === 'stopped') throw new Error('A stopped election cannot start again');
    this.schedule(0);
  }

  /** Stops campaigning; an active holder stops its work and releases the lease for a standby. */
  async stop(): Promise<void> {
    if (this.currentRole === 'stopped') return;
    const wasActive = this.currentRole === 'active';
    this.currentRole = 'stopped';
    clearTimeout(this.timer);
    clearTimeout(this.deadline);
    await this.tick;
    if (!wasActive) return;
    await this.options.onDemoted('stopping');
    try {
      await this.options.lease.release(this.revision);
    } catch (error) {
      this.options.onError?.(asError(error));
    }
  }

  private schedule(delayMs: number): void {
    if (this.currentRole === 'stopped') return;
    this.timer = setTimeout(() => {
      this.tick = this.runOnce().finally(() => this.schedule(this.options.leaseMs / 3));
    }, delayMs);
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    try {
      if (this.currentRole === 'active') await this.renew();
      else if (this.currentRole === 'standby') await this.campaign();
    } catch (error) {
      this.options.onError?.(asError(error));
    }
  }

  private async renew(): Promise<void> {
    const started = this.now();
    const next = await this.options.lease.renew(this.revision);
    if (this.currentRole !== 'active') return;
    if (next === undefined) {
      await this.demote('another process took the lease');
      return;
    }
    this.revision = next;
    this.armDeadline(started);
  }

  private async campaign(): Promise<void> {
    const state = await this.options.lease.read();
    const now = this.now();
    if (!this.isFree(state, now)) return;
    const started = this.now();
    if (!(await this.options.lease.acquire(state))) return;
    const revision = await this.options.lease.revisionIfHeld();
    if (revision === undefined || this.currentRole !== 'standby') return;
    this.revision = revision;
    this.currentRole = 'active';
    this.observed = undefined;
    this.armDeadline(started);
    try {
      await this.options.onElected();
    } catch (error) {
      this.options.onError?.(asError(error));
      await this.demote('the work failed to start');
      await this.options.lease.release(this.revision).catch(() => undefined);
    }
  }

  /** Free: never taken, released, or unmoved for a whole lease period as this process saw it. */
  private isFree(state: LeaseState, now: number): boolean {
    if (state.holder === undefined && !state.compacted) return true;
    const seen = this.observed;
    if (
      seen === undefined ||
      seen.revision !== state.revision ||
      seen.compacted !== state.compacted
    ) {
      this.observed = { revision: state.revision, compacted: state.compacted, since: now };
      return false;
    }
    return now - seen.since >= this.options.leaseMs;
  }

  /**
   * A standby may take over a lease period after it first saw the last renewal, which was written
   * after `renewalStarted`; stopping well before that leaves room for slow clocks and slow stops.
   */
  private armDeadline(renewalStarted: number): void {
    clearTimeout(this.deadline);
    const remaining = renewalStarted + this.options.leaseMs * 0.8 - this.now();
    this.deadline = setTimeout(
      () => {
        void this.demote('the lease could not be renewed in time');
      },
      Math.max(0, remaining),
    );
    this.deadline.unref();
  }

  private async demote(reason: string): Promise<void> {
    if (this.currentRole !== 'active') return;
    this.currentRole = 'standby';
    clearTimeout(this.deadline);
    this.observed = undefined;
    try {
      await this.options.onDemoted(reason);
    } catch (error) {
      this.options.onError?.(asError(error));
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
