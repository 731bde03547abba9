import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { EventStoreClosedError, WrongExpectedRevisionError } from '../event-store.errors.js';
import type { NewEvent, RecordedEvent } from '../event-store.port.js';
import { openSqliteEventStore, type SqliteEventStore } from './sqlite-event-store.js';

describe('SqliteEventStore', () => {
  let dir: string;
  let path: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-group-commit-'));
    path = join(dir, 'events.db');
    store = await openSqliteEventStore({ path });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('group commit', () => {
    it('commits 200 concurrent appends to distinct streams in far fewer than 200 transactions', async () => {
      const before = store.stats().transactions;
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          store.append([{ streamId: `user-${i}`, expected: 'no_stream', events: [event()] }]),
        ),
      );
      const transactions = store.stats().transactions - before;
      expect(transactions).toBeGreaterThanOrEqual(1);
      expect(transactions).toBeLessThanOrEqual(10);
      expect(new Set(results.map((r) => r.position)).size).toBe(200);
      expect(await store.headPosition()).toBe(200);
    });

    it('rolls back only the append whose expectation fails; the others of the batch commit', async () => {
      await store.append([{ streamId: 'taken', expected: 'no_stream', events: [event()] }]);
      const before = store.stats().transactions;
      const [first, conflicting, last] = await Promise.allSettled([
        store.append([{ streamId: 'a', expected: 'no_stream', events: [event()] }]),
        store.append([
          { streamId: 'b', expected: 'no_stream', events: [event()] },
          { streamId: 'taken', expected: 'no_stream', events: [event()] },
        ]),
        store.append([{ streamId: 'c', expected: 'no_stream', events: [event()] }]),
      ]);
      expect(store.stats().transactions - before).toBe(1);
      expect(first.status).toBe('fulfilled');
      expect(last.status).toBe('fulfilled');
      expect(conflicting.status === 'rejected' && conflicting.reason).toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      expect(await store.streamInfo('b')).toEqual({ revision: -1, deleted: false });
      expect(await store.streamInfo('c')).toEqual({ revision: 0, deleted: false });
    });

    it('commits the writes queued while a batch is in flight together, as the next batch', async () => {
      const before = store.stats();
      const first = store.append([{ streamId: 'first', expected: 'no_stream', events: [event()] }]);
      // After one turn of the event loop the first append is with the writer thread.
      await new Promise((resolve) => setImmediate(resolve));
      const queued = Array.from({ length: 50 }, (_, i) =>
        store.append([{ streamId: `queued-${i}`, expected: 'no_stream', events: [event()] }]),
      );
      await Promise.all([first, ...queued]);
      expect(store.stats().writes - before.writes).toBe(51);
      expect(store.stats().transactions - before.transactions).toBe(2);
    });

    it('reports a failed expectation as WrongExpectedRevisionError with its fields', async () => {
      await store.append([{ streamId: 'a', expected: 'no_stream', events: [event(), event()] }]);
      const stale = await store
        .append([{ streamId: 'a', expected: 0, events: [event()] }])
        .catch((error: unknown) => error);
      expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
      expect(stale).toMatchObject({
        name: 'WrongExpectedRevisionError',
        message: 'Stream a: expected 0, actual 1',
        streamId: 'a',
        expected: 0,
        actual: 1,
      });

      await store.deleteStream('a');
      const deleted = await store.deleteStream('a', 'stream_exists').catch((e: unknown) => e);
      expect(deleted).toBeInstanceOf(WrongExpectedRevisionError);
      expect(deleted).toMatchObject({
        streamId: 'a',
        expected: 'stream_exists',
        actual: 'deleted',
      });
    });

    it('rejects an event id already in the store without failing the rest of the batch', async () => {
      const duplicate = event();
      await store.append([{ streamId: 'a', expected: 'any', events: [duplicate] }]);
      const [again, other] = await Promise.allSettled([
        store.append([{ streamId: 'b', expected: 'any', events: [duplicate] }]),
        store.append([{ streamId: 'c', expected: 'any', events: [event()] }]),
      ]);
      expect(again.status === 'rejected' && again.reason).toMatchObject({
        code: 'ERR_SQLITE_ERROR',
        message: expect.stringContaining('UNIQUE constraint failed'),
      });
      expect(other.status).toBe('fulfilled');
      expect(await store.streamInfo('b')).toEqual({ revision: -1, deleted: false });
    });
  });

  describe('close', () => {
    it('commits appends still queued, then rejects every later call', async () => {
      const pending = store.append([{ streamId: 'a', expected: 'no_stream', events: [event()] }]);
      await store.close();
      await expect(pending).resolves.toMatchObject({ nextRevisions: [0] });

      await expect(
        store.append([{ streamId: 'b', expected: 'any', events: [event()] }]),
      ).rejects.toBeInstanceOf(EventStoreClosedError);
      await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreClosedError);
      await expect(store.streamInfo('a')).rejects.toBeInstanceOf(EventStoreClosedError);
      await expect(collect(store.readStream('a'))).rejects.toBeInstanceOf(EventStoreClosedError);
      await expect(collect(store.readAll())).rejects.toBeInstanceOf(EventStoreClosedError);
      expect(() => store.subscribeToAll({ onEvents: () => undefined })).toThrow(
        EventStoreClosedError,
      );

      store = await openSqliteEventStore({ path });
      expect(await store.streamInfo('a')).toEqual({ revision: 0, deleted: false });
    });

    it('commits the batch in flight and the writes queued behind it before closing', async () => {
      const inFlight = store.append([{ streamId: 'a', expected: 'no_stream', events: [event()] }]);
      await new Promise((resolve) => setImmediate(resolve));
      const queued = store.append([{ streamId: 'b', expected: 'no_stream', events: [event()] }]);
      await store.close();
      await expect(inFlight).resolves.toMatchObject({ position: 1 });
      await expect(queued).resolves.toMatchObject({ position: 2 });

      store = await openSqliteEventStore({ path });
      expect(await store.headPosition()).toBe(2);
    });

    it('stops live subscriptions', async () => {
      let caughtUp = false;
      const errors: Error[] = [];
      store.subscribeToAll({
        onEvents: () => undefined,
        onCaughtUp: () => (caughtUp = true),
        onError: (e) => errors.push(e),
      });
      await waitFor(() => caughtUp);
      await store.close();
      expect(errors).toEqual([]);
      store = await openSqliteEventStore({ path });
    });
  });

  it('still returns the events of a deleted stream from readAll, as KurrentDB does before a scavenge', async () => {
    await store.append([{ streamId: 'a', expected: 'no_stream', events: [event(), event()] }]);
    await store.deleteStream('a');
    expect((await collect(store.readAll())).map((e) => e.revision)).toEqual([0, 1]);
  });

  it('delivers to a subscription the commits of another connection to the same file', async () => {
    const writer = await openSqliteEventStore({ path });
    const received: RecordedEvent[] = [];
    let caughtUp = false;
    const subscription = store.subscribeToAll({
      onEvents: (events) => void received.push(...events),
      onCaughtUp: () => (caughtUp = true),
    });
    try {
      await waitFor(() => caughtUp);
      await writer.append([
        { streamId: 'from-elsewhere', expected: 'no_stream', events: [event()] },
      ]);
      await waitFor(() => received.length === 1, 3000);
      expect(received[0]).toMatchObject({ streamId: 'from-elsewhere', position: 1 });
    } finally {
      await subscription.stop();
      await writer.close();
    }
  });
});

function event(): NewEvent {
  return {
    id: randomUUID(),
    type: 'UserProvisioned',
    data: { userName: 'ada' },
    metadata: {
      tenant: 'acme',
      caller: 'system',
      correlationId: randomUUID(),
      occurredAt: '2025-01-01T00:00:00Z',
      schemaVersion: 1,
    },
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
