import { type ContractEvent, type ContractResource, userErasedV1 } from '#contracts';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { inTransaction, openDurableSqlite, withSecureDelete } from '#platform';
import { erasureRecorded, migrateAuditLog, redactable, redactedData } from './audit-log.schema.js';

/** One recorded contract event, as the audit API shows it. */
export interface AuditRecord {
  /** Order of recording; the paging cursor. */
  readonly sequence: number;
  readonly id: string;
  readonly type: string;
  readonly tenant: string;
  readonly resourceType: ContractResource;
  readonly resourceId: string;
  readonly caller: string;
  readonly correlationId: string;
  readonly requestId?: string;
  /** When the change was decided (`ce_time`). */
  readonly time: string;
  readonly recordedAt: string;
  readonly position: number;
  readonly part?: { readonly index: number; readonly count: number };
  /** `{ tenant, userId, erased: true }` once the user's personal data were erased. */
  readonly data: unknown;
  /** When `data` was redacted because the user was erased (`scim.user.erased.v1`). */
  readonly erasedAt?: string;
}

/** Every filter is optional; `from` and `to` are epoch milliseconds (from inclusive, to exclusive). */
export interface AuditQuery {
  readonly tenant?: string;
  readonly resourceType?: ContractResource;
  readonly resourceId?: string;
  readonly type?: string;
  readonly caller?: string;
  readonly from?: number;
  readonly to?: number;
  /** Only records after this sequence. */
  readonly after?: number;
  readonly limit: number;
}

export interface AuditPage {
  readonly events: readonly AuditRecord[];
  /** The `after` of the next page, when there are more records. */
  readonly next?: number;
}

export interface AuditLog {
  /**
   * Records the event unless its id is recorded already; committed when the promise resolves.
   * An erasure redacts the data of the user's earlier entries, and of any that arrive later.
   */
  append(event: ContractEvent): Promise<void>;
  /** Records several in one transaction, all or nothing, each as `append` would. */
  appendAll(events: readonly ContractEvent[]): Promise<void>;
  /** The matching records in sequence order, one page at a time. */
  query(query: AuditQuery): Promise<AuditPage>;
  close(): Promise<void>;
}

interface AuditRow {
  readonly sequence: number;
  readonly event_id: string;
  readonly type: string;
  readonly tenant: string;
  readonly resource_type: ContractResource;
  readonly resource_id: string;
  readonly caller: string;
  readonly correlation_id: string;
  readonly request_id: string | null;
  readonly occurred_at: string;
  readonly recorded_at: string;
  readonly position: number;
  readonly part: number | null;
  readonly parts: number | null;
  readonly data: string;
  readonly erased_at: string | null;
}

const columns = `sequence, event_id, type, tenant, resource_type, resource_id, caller, correlation_id,
  request_id, occurred_at, recorded_at, position, part, parts, data, erased_at`;

/** Opens (and creates when new) the audit log at `path`, e.g. `DATA_DIR/audit.sqlite`. */
export function openSqliteAuditLog(
  path: string,
  now: () => Date = () => new Date(),
): SqliteAuditLog {
  return new SqliteAuditLog(path, now);
}

/**
 * The audit log in SQLite, append-only but for one thing: an erased user's entries keep their
 * envelope (type, times, caller) and lose their data. Secure delete and a checkpoint after each
 * redaction make sure the personal data are gone from the files, not only from the answers.
 */
export class SqliteAuditLog implements AuditLog {
  private readonly db: DatabaseSync;
  private readonly insert: StatementSync;
  private readonly isErased: StatementSync;
  private readonly redact: StatementSync;
  /** One prepared statement per combination of filters, prepared on first use. */
  private readonly queries = new Map<string, StatementSync>();

  constructor(
    path: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.db = openDurableSqlite(path);
    // Overwritten content is zeroed in the pages written anyway; redactions zero everything they
    // free (withSecureDelete), a redacted row's former data and its overflow pages included.
    this.db.exec('PRAGMA secure_delete = FAST');
    const redacted = withSecureDelete(this.db, () =>
      inTransaction(this.db, () => migrateAuditLog(this.db, this.now().toISOString())),
    );
    if (redacted > 0) this.dropOldPageVersions();
    // A redelivered event (same ce_id) is ignored, so the log holds each change once. The
    // NOT EXISTS check comes first because an ignored INSERT would still use up a sequence
    // number, and a gap in the sequence looks like a deleted record to an auditor.
    // An entry of a user erased already is stored redacted: its data never reach the file.
    this.insert = this.db.prepare(
      `INSERT OR IGNORE INTO audit_events (event_id, type, tenant, resource_type, resource_id,
         caller, correlation_id, request_id, occurred_at, occurred_ms, recorded_at, position,
         part, parts, data, erased_at)
       SELECT $id, $type, $tenant, $resourceType, $resourceId, $caller, $correlationId,
         $requestId, $occurredAt, $occurredMs, $recordedAt, $position, $part, $parts,
         CASE WHEN $erasedAt IS NULL THEN $data ELSE ${redactedData('$tenant', '$resourceId')} END,
         $erasedAt
       WHERE NOT EXISTS (SELECT 1 FROM audit_events WHERE event_id = $id)`,
    );
    this.isErased = this.db.prepare(`SELECT ${erasureRecorded('$tenant', '$userId')} AS erased`);
    this.redact = this.db.prepare(
      `UPDATE audit_events SET data = ${redactedData('tenant', 'resource_id')}, erased_at = ?
       WHERE resource_id = ? AND tenant = ? AND ${redactable}`,
    );
  }

  async append(event: ContractEvent): Promise<void> {
    await this.appendAll([event]);
  }

  /** One transaction for the lot: one fsync however many events a batch holds. */
  async appendAll(events: readonly ContractEvent[]): Promise<void> {
    if (events.length === 0) return;
    const append = () =>
      inTransaction(this.db, () => events.reduce((sum, event) => sum + this.appendOne(event), 0));
    const redacted = events.some((event) => event.type === userErasedV1.type)
      ? withSecureDelete(this.db, append)
      : append();
    if (redacted > 0) this.dropOldPageVersions();
  }

  /** Records the event; an erasure then redacts the user's entries. Returns how many it did. */
  private appendOne(event: ContractEvent): number {
    const recordedAt = this.now().toISOString();
    this.insertOne(event, recordedAt);
    if (event.type !== userErasedV1.type) return 0;
    return Number(this.redact.run(recordedAt, event.resourceId, event.tenant).changes);
  }

  private insertOne(event: ContractEvent, recordedAt: string): void {
    const occurredMs = Date.parse(event.time);
    this.insert.run({
      id: event.id,
      type: event.type,
      tenant: event.tenant,
      resourceType: event.resource,
      resourceId: event.resourceId,
      caller: event.caller,
      correlationId: event.correlationId,
      requestId: event.requestId ?? null,
      occurredAt: event.time,
      occurredMs: Number.isNaN(occurredMs) ? null : occurredMs,
      recordedAt,
      position: event.position,
      part: event.part?.index ?? null,
      parts: event.part?.count ?? null,
      data: JSON.stringify(event.data),
      erasedAt: this.ofErasedUser(event) ? recordedAt : null,
    });
  }

  /** A user's entry arriving after its erasure: a replay of a message published before it. */
  private ofErasedUser({ resource, type, tenant, resourceId }: ContractEvent): boolean {
    if (resource !== 'User' || type === userErasedV1.type) return false;
    const { erased } = this.isErased.get({ tenant, userId: resourceId }) as { erased: number };
    return erased === 1;
  }

  /**
   * A redacted row's former versions may still sit in the write-ahead log: copy the log into the
   * database file (where secure delete zeroed them) and empty it.
   */
  private dropOldPageVersions(): void {
    this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  async query(query: AuditQuery): Promise<AuditPage> {
    const filters = whereOf(query);
    const sql = `SELECT ${columns} FROM audit_events
      WHERE ${filters.map(([condition]) => condition).join(' AND ') || 'TRUE'}
      ORDER BY sequence LIMIT ?`;
    // One row more than asked tells whether there is a next page.
    const rows = this.statement(sql).all(
      ...filters.map(([, value]) => value),
      query.limit + 1,
    ) as unknown as AuditRow[];
    const events = rows.slice(0, query.limit).map(recordOf);
    const last = events.at(-1);
    return rows.length > query.limit && last !== undefined
      ? { events, next: last.sequence }
      : { events };
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }

  private statement(sql: string): StatementSync {
    let statement = this.queries.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.queries.set(sql, statement);
    }
    return statement;
  }
}

function whereOf(query: AuditQuery): [string, string | number][] {
  const filters: [string, string | number | undefined][] = [
    ['tenant = ?', query.tenant],
    ['resource_type = ?', query.resourceType],
    ['resource_id = ?', query.resourceId],
    ['type = ?', query.type],
    ['caller = ?', query.caller],
    ['occurred_ms >= ?', query.from],
    ['occurred_ms < ?', query.to],
    ['sequence > ?', query.after],
  ];
  return filters.filter((filter): filter is [string, string | number] => filter[1] !== undefined);
}

function recordOf(row: AuditRow): AuditRecord {
  return {
    sequence: row.sequence,
    id: row.event_id,
    type: row.type,
    tenant: row.tenant,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    caller: row.caller,
    correlationId: row.correlation_id,
    ...(row.request_id === null ? {} : { requestId: row.request_id }),
    time: row.occurred_at,
    recordedAt: row.recorded_at,
    position: row.position,
    ...(row.part === null || row.parts === null
      ? {}
      : { part: { index: row.part, count: row.parts } }),
    data: JSON.parse(row.data) as unknown,
    ...(row.erased_at === null ? {} : { erasedAt: row.erased_at }),
  };
}
