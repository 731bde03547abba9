import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { EventStoreClosedError } from '../event-store.errors.js';
import { matchesFilter } from '../event-filter.match.js';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamInfo,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';
import { assertExpectedRevision } from '../expected-revision.check.js';
import { decodeEventRow, EVENT_COLUMNS, type EventRow, toEventRow } from './sqlite-event.row.js';
import { prepareDatabase, type SqliteSynchronous } from './sqlite-schema.js';
import { SqliteSubscription } from './sqlite-subscription.js';

export interface SqliteEventStoreOptions {
  /** Database file, or `:memory:` for a throw-away store. */
  readonly path: string;
  /** `full` (default) makes every acknowledged append survive power loss; `normal` only a crash. */
  readonly synchronous?: SqliteSynchronous;
  /** How long a commit waits for another process holding the write lock. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Rows read per query by readStream and readAll. Default 500. */
  readonly pageSize?: number;
}

export interface SqliteEventStoreStats {
  /** Transactions committed by group commit; far fewer than appends under concurrency. */
  readonly transactions: number;
  /** Appends and deletes acknowledged. */
  readonly writes: number;
}

interface Settle<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

/** Events are serialised when enqueued, so a value JSON cannot hold fails its own append only. */
interface EncodedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

interface EncodedRequest {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly EncodedEvent[];
}

type PendingWrite =
  | {
      readonly kind: 'append';
      readonly requests: readonly EncodedRequest[];
      readonly settle: Settle<AppendResult>;
    }
  | {
      readonly kind: 'delete';
      readonly streamId: string;
      readonly expected: ExpectedRevision;
      readonly settle: Settle<void>;
    };

interface StreamRow extends StreamInfo {
  readonly truncateBefore: number;
}

const NO_STREAM: StreamRow = { revision: -1, deleted: false, truncateBefore: 0 };

/**
 * The embedded event store on `node:sqlite`.
 *
 * Writes go through group commit: every append or delete queued before the next `setImmediate`
 * runs in one `BEGIN IMMEDIATE … COMMIT`, each inside its own SAVEPOINT so one failing
 * expectation rolls back alone. Promises settle only after COMMIT returned.
 *
 * Soft delete hides a stream's events from `readStream` and `readLastEvent` only; `readAll` and
 * subscriptions still return them, as KurrentDB does until a scavenge removes them.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: DatabaseSync;
  private readonly pageSize: number;
  private readonly statements: {
    readonly selectStream: StatementSync;
    readonly upsertStream: StatementSync;
    readonly markDeleted: StatementSync;
    readonly insertEvent: StatementSync;
    readonly head: StatementSync;
    readonly streamPage: StatementSync;
    readonly logPage: StatementSync;
    readonly eventAt: StatementSync;
  };
  private queue: PendingWrite[] = [];
  private flushScheduled = false;
  private closing = false;
  /** Set once `close()` was called; settles when the database is closed. */
  private closed: Promise<void> | undefined;
  private dbClosed = false;
  private transactions = 0;
  private writes = 0;
  private readonly commitListeners = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();

  constructor(options: SqliteEventStoreOptions) {
    this.db = new DatabaseSync(options.path, { timeout: options.busyTimeoutMs ?? 5000 });
    this.pageSize = options.pageSize ?? 500;
    try {
      prepareDatabase(this.db, options.synchronous ?? 'full');
    } catch (error) {
      this.db.close();
      throw error;
    }
    const db = this.db;
    this.statements = {
      selectStream: db.prepare(
        'SELECT revision, deleted, truncate_before FROM streams WHERE stream_id = ?',
      ),
      upsertStream: db.prepare(
        `INSERT INTO streams (stream_id, revision) VALUES (?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, deleted = 0`,
      ),
      markDeleted: db.prepare(
        'UPDATE streams SET deleted = 1, truncate_before = revision + 1 WHERE stream_id = ?',
      ),
      insertEvent: db.prepare(
        `INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      head: db.prepare('SELECT coalesce(max(position), 0) AS head FROM events'),
      streamPage: db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      ),
      logPage: db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
      ),
      eventAt: db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision = ?`,
      ),
    };
  }

  stats(): SqliteEventStoreStats {
    return { transactions: this.transactions, writes: this.writes };
  }

  append(requests: readonly AppendRequest[]): Promise<AppendResult> {
    return this.enqueue<AppendResult>((settle) => ({
      kind: 'append',
      requests: requests.map((request) => ({
        streamId: request.streamId,
        expected: request.expected,
        events: request.events.map((event) => ({
          id: event.id,
          type: event.type,
          data: JSON.stringify(event.data),
          metadata: JSON.stringify(event.metadata),
        })),
      })),
      settle,
    }));
  }

  deleteStream(streamId: string, expected: ExpectedRevision = 'any'): Promise<void> {
    return this.enqueue<void>((settle) => ({ kind: 'delete', streamId, expected, settle }));
  }

  async *readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    const stream = this.streamRow(streamId);
    if (stream.deleted) return;
    let fromRevision = Math.max(options.fromRevision ?? 0, stream.truncateBefore);
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      this.assertOpen();
      const limit = Math.min(this.pageSize, remaining);
      const rows = this.statements.streamPage.all(streamId, fromRevision, limit).map(toEventRow);
      for (const row of rows) yield decodeEventRow(row);
      const last = rows.at(-1);
      if (last === undefined || rows.length < limit) return;
      remaining -= rows.length;
      fromRevision = last.revision + 1;
    }
  }

  async readLastEvent(streamId: string): Promise<RecordedEvent | undefined> {
    this.assertOpen();
    const stream = this.streamRow(streamId);
    if (stream.deleted || stream.revision < stream.truncateBefore) return undefined;
    const row = this.statements.eventAt.get(streamId, stream.revision);
    return row === undefined ? undefined : decodeEventRow(toEventRow(row));
  }

  async streamInfo(streamId: string): Promise<StreamInfo> {
    this.assertOpen();
    const { revision, deleted } = this.streamRow(streamId);
    return { revision, deleted };
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let position = options.fromPosition ?? 0;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const rows = this.readLogPage(position, this.pageSize);
      for (const row of rows) {
        if (!matchesFilter(options.filter, row.streamId)) continue;
        yield decodeEventRow(row);
        if (--remaining === 0) return;
      }
      const last = rows.at(-1);
      if (last === undefined || rows.length < this.pageSize) return;
      position = last.position;
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    const subscription = new SqliteSubscription(
      {
        readPage: (afterPosition, limit) => this.readLogPage(afterPosition, limit),
        decode: decodeEventRow,
        onCommit: (listener) => {
          this.commitListeners.add(listener);
          return () => this.commitListeners.delete(listener);
        },
      },
      options,
    );
    this.subscriptions.add(subscription);
    return {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.head();
  }

  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    this.closing = true;
    this.flush();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.subscriptions.clear();
    this.dbClosed = true;
    this.db.close();
  }

  private enqueue<T>(build: (settle: Settle<T>) => PendingWrite): Promise<T> {
    if (this.closing) return Promise.reject(new EventStoreClosedError());
    return new Promise<T>((resolve, reject) => {
      this.queue.push(build({ resolve, reject }));
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued in one transaction; see the class comment. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: (() => void)[] = [];
    let wroteEvents = false;
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const recordedAt = new Date().toISOString();
      for (const write of batch) {
        this.db.exec('SAVEPOINT write');
        try {
          outcomes.push(this.applyWrite(write, recordedAt));
          this.db.exec('RELEASE write');
          wroteEvents ||= write.kind === 'append';
        } catch (error) {
          this.db.exec('ROLLBACK TO write');
          this.db.exec('RELEASE write');
          outcomes.push(() => write.settle.reject(error));
        }
      }
      this.db.exec('COMMIT');
    } catch (error) {
      // The transaction itself failed (lock timeout, I/O error): nothing of the batch is durable.
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      for (const write of batch) write.settle.reject(error);
      return;
    }
    this.transactions += 1;
    this.writes += batch.length;
    for (const outcome of outcomes) outcome();
    if (wroteEvents) for (const listener of this.commitListeners) listener();
  }

  /** Applies one write inside its savepoint and returns how to settle it once committed. */
  private applyWrite(write: PendingWrite, recordedAt: string): () => void {
    switch (write.kind) {
      case 'append': {
        const result = this.applyAppend(write.requests, recordedAt);
        return () => write.settle.resolve(result);
      }
      case 'delete': {
        this.applyDelete(write.streamId, write.expected);
        return () => write.settle.resolve();
      }
      default: {
        const unknown: never = write;
        throw new TypeError(`Unknown write ${JSON.stringify(unknown)}`);
      }
    }
  }

  private applyAppend(requests: readonly EncodedRequest[], recordedAt: string): AppendResult {
    let position = 0;
    const nextRevisions: number[] = [];
    for (const request of requests) {
      const stream = this.streamRow(request.streamId);
      assertExpectedRevision(request.streamId, request.expected, stream);
      let revision = stream.revision;
      for (const event of request.events) {
        revision += 1;
        const inserted = this.statements.insertEvent.run(
          request.streamId,
          revision,
          event.id,
          event.type,
          event.data,
          event.metadata,
          recordedAt,
        );
        position = Number(inserted.lastInsertRowid);
      }
      // A recreated stream keeps its truncate_before, so the events before the delete stay hidden.
      if (request.events.length > 0) this.statements.upsertStream.run(request.streamId, revision);
      nextRevisions.push(revision);
    }
    return { position: position === 0 ? this.head() : position, nextRevisions };
  }

  private applyDelete(streamId: string, expected: ExpectedRevision): void {
    const stream = this.streamRow(streamId);
    assertExpectedRevision(streamId, expected, stream);
    if (stream.revision >= 0 && !stream.deleted) this.statements.markDeleted.run(streamId);
  }

  private streamRow(streamId: string): StreamRow {
    const row = this.statements.selectStream.get(streamId);
    if (row === undefined) return NO_STREAM;
    return {
      revision: Number(row['revision']),
      deleted: Number(row['deleted']) === 1,
      truncateBefore: Number(row['truncate_before']),
    };
  }

  private readLogPage(afterPosition: number, limit: number): EventRow[] {
    this.assertOpen();
    return this.statements.logPage.all(afterPosition, limit).map(toEventRow);
  }

  private head(): number {
    return Number(this.statements.head.get()?.['head'] ?? 0);
  }

  private assertOpen(): void {
    if (this.dbClosed) throw new EventStoreClosedError();
  }
}

/** Opens (creating when missing) the SQLite event store at `options.path`. */
export async function openSqliteEventStore(
  options: SqliteEventStoreOptions,
): Promise<SqliteEventStore> {
  return new SqliteEventStore(options);
}
