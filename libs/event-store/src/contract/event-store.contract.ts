import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { WrongExpectedRevisionError } from '../event-store.errors.js';
import type { EventStore, ExpectedRevision, NewEvent, RecordedEvent } from '../event-store.port.js';

/**
 * The behaviour every `EventStore` adapter must show, written only against the port. Each test
 * works in streams under its own random prefix and reads from the head it found, so the suite
 * also runs against a shared server that already holds events.
 */
export function describeEventStoreContract(
  name: string,
  open: () => Promise<EventStore>,
  dispose: (store: EventStore) => Promise<void> = (store) => store.close(),
): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let prefix: string;
    const stream = (id: string): string => `${prefix}${id}`;

    beforeEach(async () => {
      store = await open();
      prefix = `contract-${randomUUID()}-`;
    });

    afterEach(async () => {
      await dispose(store);
    });

    async function appendOne(streamId: string, expected: ExpectedRevision, count = 1) {
      const events = Array.from({ length: count }, (_, i) => newEvent('ThingHappened', { n: i }));
      return store.append([{ streamId, expected, events }]);
    }

    async function rejection(promise: Promise<unknown>): Promise<WrongExpectedRevisionError> {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      return error as WrongExpectedRevisionError;
    }

    describe('expected revision', () => {
      it('accepts no_stream for a new stream and starts revisions at 0', async () => {
        const result = await appendOne(stream('a'), 'no_stream', 3);
        expect(result.nextRevisions).toEqual([2]);
        const events = await collect(store.readStream(stream('a')));
        expect(events.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(await store.streamInfo(stream('a'))).toEqual({ revision: 2, deleted: false });
      });

      it('rejects no_stream for an existing stream and writes nothing', async () => {
        await appendOne(stream('a'), 'no_stream', 2);
        const error = await rejection(appendOne(stream('a'), 'no_stream'));
        expect(error).toMatchObject({ streamId: stream('a'), expected: 'no_stream', actual: 1 });
        expect(await store.streamInfo(stream('a'))).toEqual({ revision: 1, deleted: false });
      });

      it('accepts stream_exists for an existing stream', async () => {
        await appendOne(stream('a'), 'no_stream');
        expect((await appendOne(stream('a'), 'stream_exists')).nextRevisions).toEqual([1]);
      });

      it('rejects stream_exists for a stream that never existed', async () => {
        const error = await rejection(appendOne(stream('a'), 'stream_exists'));
        expect(error).toMatchObject({
          streamId: stream('a'),
          expected: 'stream_exists',
          actual: -1,
        });
        expect(await store.streamInfo(stream('a'))).toEqual({ revision: -1, deleted: false });
      });

      it('accepts the revision of the last event and rejects any other', async () => {
        await appendOne(stream('a'), 'no_stream', 2);
        const error = await rejection(appendOne(stream('a'), 0));
        expect(error).toMatchObject({ streamId: stream('a'), expected: 0, actual: 1 });
        expect((await appendOne(stream('a'), 1)).nextRevisions).toEqual([2]);
      });

      it('accepts any whether or not the stream exists', async () => {
        expect((await appendOne(stream('a'), 'any')).nextRevisions).toEqual([0]);
        expect((await appendOne(stream('a'), 'any')).nextRevisions).toEqual([1]);
      });

      it('lets exactly one of many concurrent appends with the same expected revision win', async () => {
        await appendOne(stream('a'), 'no_stream');
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, () => appendOne(stream('a'), 0)),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o) => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(19);
        for (const o of lost) expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.streamInfo(stream('a'))).toEqual({ revision: 1, deleted: false });
      });
    });

    describe('multi-stream append', () => {
      it('writes every stream and reports each next revision in request order', async () => {
        await appendOne(stream('b'), 'no_stream', 2);
        const result = await store.append([
          { streamId: stream('a'), expected: 'no_stream', events: [newEvent('A1', {})] },
          { streamId: stream('b'), expected: 1, events: [newEvent('B3', {}), newEvent('B4', {})] },
        ]);
        expect(result.nextRevisions).toEqual([0, 3]);
        const lastOfB = await store.readLastEvent(stream('b'));
        expect(lastOfB).toMatchObject({ type: 'B4', revision: 3, position: result.position });
      });

      it('writes nothing when one expectation fails', async () => {
        await appendOne(stream('b'), 'no_stream');
        const head = await store.headPosition();
        const error = await rejection(
          store.append([
            { streamId: stream('a'), expected: 'no_stream', events: [newEvent('A1', {})] },
            { streamId: stream('b'), expected: 'no_stream', events: [newEvent('B2', {})] },
          ]),
        );
        expect(error).toMatchObject({ streamId: stream('b'), expected: 'no_stream', actual: 0 });
        expect(await store.streamInfo(stream('a'))).toEqual({ revision: -1, deleted: false });
        expect(await collect(store.readStream(stream('a')))).toEqual([]);
        expect(
          await collect(
            store.readAll({ fromPosition: head, filter: { streamPrefixes: [prefix] } }),
          ),
        ).toEqual([]);
      });
    });

    describe('reading', () => {
      it('gives increasing positions and the head position of the last append', async () => {
        const start = await store.headPosition();
        const first = await appendOne(stream('a'), 'any', 2);
        const second = await appendOne(stream('b'), 'any', 1);
        expect(second.position).toBeGreaterThan(first.position);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(second.position);
        const events = await collect(
          store.readAll({ fromPosition: start, filter: { streamPrefixes: [prefix] } }),
        );
        const positions = events.map((e) => e.position);
        expect(positions).toHaveLength(3);
        expect(isStrictlyIncreasing(positions)).toBe(true);
        expect(positions.slice(1)).toEqual([first.position, second.position]);
        expect(positions[0]).toBeGreaterThan(start);
      });

      it('returns events as appended, with stream, revision, position and record time', async () => {
        const event = newEvent('UserProvisioned', {
          userName: 'ada@example.com',
          emails: [{ value: 'a@x' }],
        });
        const { position } = await store.append([
          { streamId: stream('a'), expected: 'no_stream', events: [event] },
        ]);
        const [read] = await collect(store.readStream(stream('a')));
        expect(read).toEqual({
          ...event,
          streamId: stream('a'),
          revision: 0,
          position,
          recordedAt: expect.any(String),
        });
        expect(Number.isNaN(Date.parse(read!.recordedAt))).toBe(false);
      });

      it('reads a long stream from a revision with a maximum count', async () => {
        await appendOne(stream('a'), 'no_stream', 1200);
        const all = await collect(store.readStream(stream('a')));
        expect(all.map((e) => e.revision)).toEqual(range(0, 1200));
        const slice = await collect(
          store.readStream(stream('a'), { fromRevision: 498, maxCount: 505 }),
        );
        expect(slice.map((e) => e.revision)).toEqual(range(498, 505));
        expect(await collect(store.readStream(stream('a'), { fromRevision: 1200 }))).toEqual([]);
      });

      it('reads all streams strictly after a position, filtered by stream prefix', async () => {
        const start = await store.headPosition();
        for (let i = 0; i < 4; i++) {
          await appendOne(stream(`users-${i}`), 'no_stream');
          await appendOne(stream(`groups-${i}`), 'no_stream');
        }
        const users = await collect(
          store.readAll({ fromPosition: start, filter: { streamPrefixes: [stream('users-')] } }),
        );
        expect(users.map((e) => e.streamId)).toEqual(range(0, 4).map((i) => stream(`users-${i}`)));
        const afterFirst = await collect(
          store.readAll({
            fromPosition: users[0]!.position,
            maxCount: 2,
            filter: { streamPrefixes: [stream('users-')] },
          }),
        );
        expect(afterFirst.map((e) => e.streamId)).toEqual([stream('users-1'), stream('users-2')]);
        const both = await collect(
          store.readAll({
            fromPosition: start,
            filter: { streamPrefixes: [stream('users-'), stream('groups-')] },
          }),
        );
        expect(both).toHaveLength(8);
        expect(isStrictlyIncreasing(both.map((e) => e.position))).toBe(true);
      });

      it('reads the last event of a stream, and nothing for an unknown stream', async () => {
        await appendOne(stream('a'), 'no_stream', 3);
        expect(await store.readLastEvent(stream('a'))).toMatchObject({
          revision: 2,
          streamId: stream('a'),
        });
        expect(await store.readLastEvent(stream('missing'))).toBeUndefined();
        expect(await collect(store.readStream(stream('missing')))).toEqual([]);
      });
    });

    describe('soft delete', () => {
      it('makes the stream read empty and report deleted', async () => {
        await appendOne(stream('a'), 'no_stream', 2);
        await store.deleteStream(stream('a'), 1);
        expect(await collect(store.readStream(stream('a')))).toEqual([]);
        expect(await store.readLastEvent(stream('a'))).toBeUndefined();
        expect(await store.streamInfo(stream('a'))).toEqual({ revision: 1, deleted: true });
      });

      it('rejects a delete whose expectation fails and keeps the stream', async () => {
        await appendOne(stream('a'), 'no_stream', 2);
        const error = await rejection(store.deleteStream(stream('a'), 0));
        expect(error).toMatchObject({ streamId: stream('a'), expected: 0, actual: 1 });
        expect(await collect(store.readStream(stream('a')))).toHaveLength(2);
      });

      it('treats a deleted stream as no stream, never as existing or at a revision', async () => {
        await appendOne(stream('a'), 'no_stream', 2);
        await store.deleteStream(stream('a'));
        for (const expected of ['stream_exists', 1] as const) {
          const error = await rejection(appendOne(stream('a'), expected));
          expect(error).toMatchObject({ streamId: stream('a'), expected, actual: 'deleted' });
        }
      });

      it('recreates with no_stream, continuing revisions and showing only the new events', async () => {
        await appendOne(stream('a'), 'no_stream', 3);
        await store.deleteStream(stream('a'));
        const result = await appendOne(stream('a'), 'no_stream', 2);
        expect(result.nextRevisions).toEqual([4]);
        expect((await collect(store.readStream(stream('a')))).map((e) => e.revision)).toEqual([
          3, 4,
        ]);
        expect(await store.streamInfo(stream('a'))).toEqual({ revision: 4, deleted: false });
        expect(await store.readLastEvent(stream('a'))).toMatchObject({ revision: 4 });
      });

      it('recreates with any as well', async () => {
        await appendOne(stream('a'), 'no_stream');
        await store.deleteStream(stream('a'));
        expect((await appendOne(stream('a'), 'any')).nextRevisions).toEqual([1]);
        expect((await collect(store.readStream(stream('a')))).map((e) => e.revision)).toEqual([1]);
      });
    });

    describe('subscribeToAll', () => {
      it('catches up from a stored position, then delivers live events without gaps or duplicates', async () => {
        const filter = { streamPrefixes: [prefix] };
        const written: number[] = [];
        for (let i = 0; i < 5; i++)
          written.push((await appendOne(stream(`s${i}`), 'no_stream')).position);
        const checkpoint = written[1]!;
        const received: RecordedEvent[] = [];
        let caughtUp = 0;
        const subscription = store.subscribeToAll({
          fromPosition: checkpoint,
          filter,
          batchSize: 2,
          onEvents: (events) => void received.push(...events),
          onCaughtUp: () => (caughtUp += 1),
        });
        try {
          await waitFor(() => caughtUp === 1 && received.length === 3);
          for (let i = 5; i < 10; i++)
            written.push((await appendOne(stream(`s${i}`), 'no_stream')).position);
          await waitFor(() => received.length === 8);
          expect(received.map((e) => e.position)).toEqual(written.slice(2));
          expect(caughtUp).toBe(1);
        } finally {
          await subscription.stop();
        }
      });

      it('advances the checkpoint over events the filter skips', async () => {
        const start = await store.headPosition();
        let last = 0;
        for (let i = 0; i < 7; i++)
          last = (await appendOne(stream(`skipped-${i}`), 'no_stream')).position;
        const delivered: RecordedEvent[] = [];
        const checkpoints: number[] = [];
        const subscription = store.subscribeToAll({
          fromPosition: start,
          filter: { streamPrefixes: [stream('wanted-')] },
          batchSize: 3,
          onEvents: (events) => void delivered.push(...events),
          onCheckpoint: (position) => void checkpoints.push(position),
        });
        try {
          await waitFor(() => checkpoints.at(-1)! >= last);
          expect(delivered).toEqual([]);
          expect(isStrictlyIncreasing(checkpoints)).toBe(true);
        } finally {
          await subscription.stop();
        }
      });

      it('waits for a slow handler before delivering the next batch', async () => {
        const start = await store.headPosition();
        await appendOne(stream('a'), 'no_stream', 10);
        let inFlight = 0;
        let maxInFlight = 0;
        const batches: number[][] = [];
        const subscription = store.subscribeToAll({
          fromPosition: start,
          filter: { streamPrefixes: [prefix] },
          batchSize: 3,
          onEvents: async (events) => {
            inFlight += 1;
            maxInFlight = Math.max(maxInFlight, inFlight);
            await sleep(15);
            batches.push(events.map((e) => e.revision));
            inFlight -= 1;
          },
        });
        try {
          await waitFor(() => batches.flat().length === 10);
          expect(maxInFlight).toBe(1);
          expect(batches.every((batch) => batch.length <= 3)).toBe(true);
          expect(batches.flat()).toEqual(range(0, 10));
        } finally {
          await subscription.stop();
        }
      });

      it('stops only after the handler in progress has settled, and delivers nothing more', async () => {
        const start = await store.headPosition();
        await appendOne(stream('a'), 'no_stream');
        let release!: () => void;
        const handlerBlocked = new Promise<void>((resolve) => (release = resolve));
        const received: RecordedEvent[] = [];
        const subscription = store.subscribeToAll({
          fromPosition: start,
          filter: { streamPrefixes: [prefix] },
          onEvents: async (events) => {
            received.push(...events);
            await handlerBlocked;
          },
        });
        await waitFor(() => received.length === 1);
        let stopped = false;
        const stopping = subscription.stop().then(() => (stopped = true));
        await sleep(30);
        expect(stopped).toBe(false);
        release();
        await stopping;
        await appendOne(stream('a'), 0);
        await sleep(50);
        expect(received).toHaveLength(1);
      });

      it('reports a failing handler through onError and stops delivering', async () => {
        const start = await store.headPosition();
        await appendOne(stream('a'), 'no_stream');
        const errors: Error[] = [];
        let calls = 0;
        const subscription = store.subscribeToAll({
          fromPosition: start,
          filter: { streamPrefixes: [prefix] },
          onEvents: () => {
            calls += 1;
            throw new Error('projection failed');
          },
          onError: (error) => errors.push(error),
        });
        try {
          await waitFor(() => errors.length === 1);
          await appendOne(stream('a'), 0);
          await sleep(50);
          expect(errors[0]!.message).toBe('projection failed');
          expect(calls).toBe(1);
        } finally {
          await subscription.stop();
        }
      });
    });
  });
}

function newEvent(type: string, data: Record<string, unknown>): NewEvent {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: {
      tenant: 'acme',
      caller: 'system',
      correlationId: randomUUID(),
      occurredAt: '2025-01-02T03:04:05.000Z',
      schemaVersion: 1,
    },
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

function isStrictlyIncreasing(values: readonly number[]): boolean {
  return values.every((value, i) => i === 0 || value > values[i - 1]!);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await sleep(5);
  }
}
