import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { AppendResult, ExpectedRevision } from '../event-store.port.js';
import { assertExpectedRevision } from '../expected-revision.check.js';
import { SELECT_STREAM_SQL, type StreamRow, toStreamRow } from './sqlite-stream.row.js';
import {
  type BatchReply,
  type EncodedRequest,
  toWireError,
  type Write,
  type WriteOutcome,
} from './sqlite-writer.protocol.js';

/**
 * Group commit, run on the writer thread: a batch of writes goes in one
 * `BEGIN IMMEDIATE … COMMIT`, each write inside its own SAVEPOINT so one failing expectation
 * rolls back alone.
 */
export class GroupCommit {
  private readonly statements: {
    readonly selectStream: StatementSync;
    readonly upsertStream: StatementSync;
    readonly markDeleted: StatementSync;
    readonly insertEvent: StatementSync;
    readonly head: StatementSync;
  };

  constructor(private readonly db: DatabaseSync) {
    this.statements = {
      selectStream: db.prepare(SELECT_STREAM_SQL),
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
    };
  }

  /** Commits `writes` in one transaction and tells how each one ended. */
  commit(writes: readonly Write[]): BatchReply {
    const outcomes: WriteOutcome[] = [];
    let wroteEvents = false;
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const recordedAt = new Date().toISOString();
      for (const write of writes) {
        const outcome = this.applyInSavepoint(write, recordedAt);
        outcomes.push(outcome);
        wroteEvents ||= outcome.ok && write.kind === 'append';
      }
      this.db.exec('COMMIT');
    } catch (error) {
      // The transaction itself failed (lock timeout, I/O error): nothing of the batch is durable.
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      return { kind: 'failed', error: toWireError(error) };
    }
    return { kind: 'committed', outcomes, wroteEvents };
  }

  private applyInSavepoint(write: Write, recordedAt: string): WriteOutcome {
    this.db.exec('SAVEPOINT write');
    try {
      const result = this.apply(write, recordedAt);
      this.db.exec('RELEASE write');
      return { ok: true, result };
    } catch (error) {
      this.db.exec('ROLLBACK TO write');
      this.db.exec('RELEASE write');
      return { ok: false, error: toWireError(error) };
    }
  }

  private apply(write: Write, recordedAt: string): AppendResult | undefined {
    switch (write.kind) {
      case 'append':
        return this.applyAppend(write.requests, recordedAt);
      case 'delete':
        this.applyDelete(write.streamId, write.expected);
        return undefined;
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
    return toStreamRow(this.statements.selectStream.get(streamId));
  }

  private head(): number {
    return Number(this.statements.head.get()?.['head'] ?? 0);
  }
}
