import type { ContractEvent, ContractResource } from '#contracts';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { inTransaction, openDurableSqlite } from '#platform';

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
  readonly data: unknown;
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
  /** Records the event unless its id is recorded already; committed when the promise resolves. */
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
}

/**
 * `occurred_ms` is `ce_time` as epoch milliseconds: RFC 3339 texts with offsets or fractions do
 * not compare as strings, so time ranges run on the number. Every index ends in `sequence`, so a
 * page is read in order and stops at its limit; a time range is filtered along the way rather
 * than indexed, because an index on the time would need the whole range sorted by sequence.
 * The resource index starts with the id, the most selective filter; asked by id alone, only
 * that resource's history is sorted.
 * The triggers make the table append-only for every writer, including a person with sqlite3.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS audit_events (
  sequence       INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id       TEXT    NOT NULL UNIQUE,
  type           TEXT    NOT NULL,
  tenant         TEXT    NOT NULL,
  resource_type  TEXT    NOT NULL CHECK (resource_type IN ('User', 'Group')),
  resource_id    TEXT    NOT NULL,
  caller         TEXT    NOT NULL,
  correlation_id TEXT    NOT NULL,
  request_id     TEXT,
  occurred_at    TEXT    NOT NULL,
  occurred_ms    INTEGER,
  recorded_at    TEXT    NOT NULL,
  position       INTEGER NOT NULL,
  part           INTEGER,
  parts          INTEGER,
  data           TEXT    NOT NULL CHECK (json_valid(data))
);
CREATE INDEX IF NOT EXISTS audit_by_resource ON audit_events (resource_id, tenant, sequence);
CREATE INDEX IF NOT EXISTS audit_by_tenant ON audit_events (tenant, sequence);
CREATE INDEX IF NOT EXISTS audit_by_type ON audit_events (tenant, type, sequence);
CREATE INDEX IF NOT EXISTS audit_by_caller ON audit_events (tenant, caller, sequence);
CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: rows are never updated');
END;
CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: rows are never deleted');
END;
`;

const columns = `sequence, event_id, type, tenant, resource_type, resource_id, caller, correlation_id,
  request_id, occurred_at, recorded_at, position, part, parts, data`;

/** Opens (and creates when new) the audit log at `path`, e.g. `DATA_DIR/audit.sqlite`. */
export function openSqliteAuditLog(
  path: string,
  now: () => Date = () => new Date(),
): SqliteAuditLog {
  return new SqliteAuditLog(path, now);
}

export class SqliteAuditLog implements AuditLog {
  private readonly db: DatabaseSync;
  private readonly insert: StatementSync;
  /** One prepared statement per combination of filters, prepared on first use. */
  private readonly queries = new Map<string, StatementSync>();

  constructor(
    path: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.db = openDurableSqlite(path);
    this.db.exec(DDL);
    // A redelivered event (same ce_id) is ignored, so the log holds each change once. The
    // NOT EXISTS check comes first because an ignored INSERT would still use up a sequence
    // number, and a gap in the sequence looks like a deleted record to an auditor.
    this.insert = this.db.prepare(
      `INSERT OR IGNORE INTO audit_events (event_id, type, tenant, resource_type, resource_id,
         caller, correlation_id, request_id, occurred_at, occurred_ms, recorded_at, position,
         part, parts, data)
       SELECT $id, $type, $tenant, $resourceType, $resourceId, $caller, $correlationId,
         $requestId, $occurredAt, $occurredMs, $recordedAt, $position, $part, $parts, $data
       WHERE NOT EXISTS (SELECT 1 FROM audit_events WHERE event_id = $id)`,
    );
  }

  async append(event: ContractEvent): Promise<void> {
    await this.appendAll([event]);
  }

  /** One transaction for the lot: one fsync however many events a batch holds. */
  async appendAll(events: readonly ContractEvent[]): Promise<void> {
    if (events.length === 0) return;
    inTransaction(this.db, () => events.forEach((event) => this.insertOne(event)));
  }

  private insertOne(event: ContractEvent): void {
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
      recordedAt: this.now().toISOString(),
      position: event.position,
      part: event.part?.index ?? null,
      parts: event.part?.count ?? null,
      data: JSON.stringify(event.data),
    });
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
  };
}
