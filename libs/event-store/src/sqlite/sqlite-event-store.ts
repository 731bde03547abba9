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
import { decodeEventRow, EVENT_COLUMNS, type EventRow, toEventRow } from './sqlite-event.row.js';
import { prepareDatabase, type SqliteSynchronous } from './sqlite-schema.js';
import { SELECT_STREAM_SQL, type StreamRow, toStreamRow } from './sqlite-stream.row.js';
import { SqliteSubscription } from './sqlite-subscription.js';
import type { EncodedRequest } from './sqlite-writer.protocol.js';
import { spawnWriterWorker, WriterThread } from './sqlite-writer.thread.js';

export interface SqliteEventStoreOptions {
  /** Database file; `:memory:` is refused, as the writer thread opens a connection of its own. */
  readonly path: string;
  /** `full` (default) makes every acknowledged append survive power loss; `normal` only a crash. */
  readonly synchronous?: SqliteSynchronous;
  /** How long a commit waits for another process holding the write lock. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Rows read per query by readStream and readAll. Default 500. */
  readonly pageSize?: number;
}

export interface SqliteEventStoreStats {
  /** Transactions committed by group commit; far fewer than writes under concurrency. */
  readonly transactions: number;
  /** Appends and deletes acknowledged. */
  readonly writes: number;
}

/**
 * The embedded event store on `node:sqlite`.
 *
 * Writes go to a writer thread (`sqlite-writer.thread.ts`) that owns the write connection and
 * commits them by group commit, each write in its own SAVEPOINT so one failing expectation rolls
 * back alone; promises settle only after COMMIT returned. Reads use this thread's own
 * connection: in WAL mode it sees every committed transaction.
 *
 * Soft delete hides a stream's events from `readStream` and `readLastEvent` only; `readAll` and
 * subscriptions still return them, as KurrentDB does until a scavenge removes them.
 */
export class SqliteEventStore implements EventStore {
  private readonly statements: {
    readonly selectStream: StatementSync;
    readonly head: StatementSync;
    readonly streamPage: StatementSync;
    readonly logPage: StatementSync;
    readonly eventAt: StatementSync;
  };
  /** Set once `close()` was called; settles when the database is closed. */
  private closed: Promise<void> | undefined;
  private dbClosed = false;
  private readonly subscriptions = new Set<Subscription>();

  /** Use `openSqliteEventStore`, which prepares the schema and starts the writer thread. */
  constructor(
    private readonly db: DatabaseSync,
    private readonly writer: WriterThread,
    private readonly pageSize: number,
  ) {
    this.statements = {
      selectStream: db.prepare(SELECT_STREAM_SQL),
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
    return this.writer.stats();
  }

  async append(requests: readonly AppendRequest[]): Promise<AppendResult> {
    const result = await this.writer.submit({ kind: 'append', requests: encode(requests) });
    // The writer answers every committed append with its result.
    return result!;
  }

  async deleteStream(streamId: string, expected: ExpectedRevision = 'any'): Promise<void> {
    await this.writer.submit({ kind: 'delete', streamId, expected });
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
        onCommit: (listener) => this.writer.onCommit(listener),
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
    await this.writer.close();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.subscriptions.clear();
    this.dbClosed = true;
    this.db.close();
  }

  private streamRow(streamId: string): StreamRow {
    return toStreamRow(this.statements.selectStream.get(streamId));
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
  if (options.path === ':memory:' || options.path === '') {
    throw new Error(
      'The SQLite event store needs a database file: its reader and its writer thread use ' +
        'separate connections, which cannot share an in-memory database.',
    );
  }
  const synchronous = options.synchronous ?? 'full';
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const db = new DatabaseSync(options.path, { timeout: busyTimeoutMs });
  try {
    // Before the writer thread opens its own connection, so both find the schema in place.
    prepareDatabase(db, synchronous);
    const worker = spawnWriterWorker({ path: options.path, synchronous, busyTimeoutMs });
    const writer = await WriterThread.start(worker);
    return new SqliteEventStore(db, writer, options.pageSize ?? 500);
  } catch (error) {
    db.close();
    throw error;
  }
}

function encode(requests: readonly AppendRequest[]): EncodedRequest[] {
  return requests.map((request) => ({
    streamId: request.streamId,
    expected: request.expected,
    events: request.events.map((event) => ({
      id: event.id,
      type: event.type,
      data: JSON.stringify(event.data),
      metadata: JSON.stringify(event.metadata),
    })),
  }));
}
