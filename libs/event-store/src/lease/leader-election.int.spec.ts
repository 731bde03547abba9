import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { EventStore } from '../event-store.port.js';
import { openSqliteEventStore } from '../sqlite/sqlite-event-store.js';
import { LeaderElection } from './leader-election.js';
import { StoreLease } from './store-lease.js';

const leaseMs = 300;

/** What the guarded work saw: who started and stopped, in order. */
class WorkLog {
  readonly entries: string[] = [];
  private readonly active = new Set<string>();
  overlaps = 0;

  started(holder: string): void {
    if (this.active.size > 0) this.overlaps += 1;
    this.active.add(holder);
    this.entries.push(`+${holder}`);
  }

  stopped(holder: string, reason: string): void {
    this.active.delete(holder);
    this.entries.push(`-${holder} (${reason})`);
  }

  get activeHolders(): string[] {
    return [...this.active];
  }
}

/** A store a test can cut off, as a crash or a network partition would. */
function severable(store: EventStore): { store: EventStore; sever: () => void } {
  let severed = false;
  const guard = <T>(call: () => T): T => {
    if (severed) throw new Error('connection lost');
    return call();
  };
  return {
    store: new Proxy(store, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) =>
          guard(() => (value as (...a: unknown[]) => unknown).apply(target, args));
      },
    }),
    sever: () => {
      severed = true;
    },
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('LeaderElection over a lease in the event store', () => {
  let dir: string;
  let store: EventStore;
  const elections: LeaderElection[] = [];
  const work = new WorkLog();

  function candidate(holder: string, on: EventStore = store): LeaderElection {
    const election = new LeaderElection({
      lease: new StoreLease(on, { name: 'directory-projector', holder, compactEvery: 5 }),
      leaseMs,
      onElected: async () => work.started(holder),
      onDemoted: async (reason) => work.stopped(holder, reason),
    });
    elections.push(election);
    election.start();
    return election;
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lease-'));
    store = await openSqliteEventStore({ path: join(dir, 'events.sqlite') });
    work.entries.length = 0;
    work.overlaps = 0;
  });

  afterEach(async () => {
    await Promise.all(elections.splice(0).map((election) => election.stop()));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes exactly one of three candidates active and keeps it active while it renews', async () => {
    const candidates = ['a', 'b', 'c'].map((holder) => candidate(holder));
    await until(() => work.activeHolders.length === 1, 'one candidate is active');
    const [leader] = work.activeHolders;

    // Several lease periods, and compactions of the lease stream (every 5 writes) among them.
    await new Promise((resolve) => setTimeout(resolve, leaseMs * 5));
    expect(work.activeHolders).toEqual([leader]);
    expect(work.entries).toEqual([`+${leader}`]);
    expect(candidates.filter((c) => c.role === 'active').map((c) => c.holder)).toEqual([leader]);
    const info = await store.streamInfo('lease-directory-projector');
    const kept: unknown[] = [];
    for await (const event of store.readStream('lease-directory-projector')) kept.push(event);
    expect(info.revision).toBeGreaterThan(5);
    expect(kept.length).toBeLessThanOrEqual(6);
  });

  it('hands over at once when the active process stops (SIGTERM releases the lease)', async () => {
    const first = candidate('first');
    await until(() => first.role === 'active', 'the first candidate is active');
    const second = candidate('second');
    await first.stop();
    await until(() => second.role === 'active', 'the second candidate took over');
    expect(work.entries).toEqual(['+first', '-first (stopping)', '+second']);
  });

  it('fails over after a lease period when the active process loses the store, never overlapping', async () => {
    const cut = severable(store);
    const first = candidate('first', cut.store);
    await until(() => first.role === 'active', 'the first candidate is active');
    const second = candidate('second');

    cut.sever();
    await until(() => second.role === 'active', 'the standby took over');
    expect(work.entries).toEqual([
      '+first',
      '-first (the lease could not be renewed in time)',
      '+second',
    ]);
    expect(work.overlaps).toBe(0);
  });

  it('makes a holder whose lease was taken step down at its next renewal', async () => {
    const first = candidate('first');
    await until(() => first.role === 'active', 'the first candidate is active');
    // Another process writes the lease, as if the first had stalled past its lease period.
    const lease = new StoreLease(store, { name: 'directory-projector', holder: 'intruder' });
    await lease.acquire(await lease.read());
    await until(() => first.role === 'standby', 'the first candidate noticed and stepped down');
    expect(work.entries).toEqual(['+first', '-first (another process took the lease)']);
  });
});
