import type { DatabaseSync } from 'node:sqlite';
import { userErasedV1 } from '#contracts';

/**
 * `occurred_ms` is `ce_time` as epoch milliseconds: RFC 3339 texts with offsets or fractions do
 * not compare as strings, so time ranges run on the number. Every index ends in `sequence`, so a
 * page is read in order and stops at its limit; a time range is filtered along the way rather
 * than indexed, because an index on the time would need the whole range sorted by sequence.
 * The resource index starts with the id, the most selective filter; asked by id alone, only
 * that resource's history is sorted.
 * `erased_at` is set when the entry's personal data were redacted (right to erasure).
 */
const tableDdl = `
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
  data           TEXT    NOT NULL CHECK (json_valid(data)),
  erased_at      TEXT
);
CREATE INDEX IF NOT EXISTS audit_by_resource ON audit_events (resource_id, tenant, sequence);
CREATE INDEX IF NOT EXISTS audit_by_tenant ON audit_events (tenant, sequence);
CREATE INDEX IF NOT EXISTS audit_by_type ON audit_events (tenant, type, sequence);
CREATE INDEX IF NOT EXISTS audit_by_caller ON audit_events (tenant, caller, sequence);
`;

const erasureType = `'${userErasedV1.type}'`;

/** SQL: the `data` an erased user's entry keeps, nothing personal, only whose entry it was. */
export function redactedData(tenant: string, userId: string): string {
  return `json_object('tenant', ${tenant}, 'userId', ${userId}, 'erased', json('true'))`;
}

/** SQL: whether the log holds an erasure of that user. */
export function erasureRecorded(tenant: string, userId: string): string {
  return `EXISTS (SELECT 1 FROM audit_events AS erasure WHERE erasure.resource_id = ${userId}
    AND erasure.tenant = ${tenant} AND erasure.resource_type = 'User' AND erasure.type = ${erasureType})`;
}

/**
 * SQL: an entry whose data an erasure redacts: a user's, not redacted yet, other than the
 * erasure itself (which holds no personal data). Group entries name users by id only.
 */
export const redactable = `resource_type = 'User' AND type <> ${erasureType} AND erased_at IS NULL`;

/** Every column but `data` and `erased_at`: a redaction leaves them as they were. */
const keptByRedaction = [
  'sequence',
  'event_id',
  'type',
  'tenant',
  'resource_type',
  'resource_id',
  'caller',
  'correlation_id',
  'request_id',
  'occurred_at',
  'occurred_ms',
  'recorded_at',
  'position',
  'part',
  'parts',
];

/**
 * The triggers keep the table append-only for every writer, including a person with sqlite3.
 * The one update allowed is the redaction of a recorded erasure's user: its entries' `data`
 * becomes the redacted form, once, and nothing else changes. Deletes are always refused.
 * Files from before erasure existed have the trigger that refused every update: it is replaced.
 */
const triggersDdl = `
DROP TRIGGER IF EXISTS audit_events_no_update;
CREATE TRIGGER IF NOT EXISTS audit_events_only_redaction BEFORE UPDATE ON audit_events
WHEN NOT (
  OLD.resource_type = 'User' AND OLD.type <> ${erasureType}
  AND OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL
  AND NEW.data = ${redactedData('OLD.tenant', 'OLD.resource_id')}
  AND ${keptByRedaction.map((column) => `NEW.${column} IS OLD.${column}`).join(' AND ')}
  AND ${erasureRecorded('OLD.tenant', 'OLD.resource_id')}
)
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: rows are never updated, except to redact an erased user''s data');
END;
CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: rows are never deleted');
END;
`;

/**
 * Creates the log, or brings an existing file up to date, in the caller's transaction. Returns
 * how many entries it redacted: an older version of this service recorded erasures without
 * redacting, so when it adds `erased_at` it redacts the users they name.
 */
export function migrateAuditLog(db: DatabaseSync, now: string): number {
  db.exec(tableDdl);
  const hasErasedAt = db
    .prepare("SELECT 1 AS found FROM pragma_table_info('audit_events') WHERE name = 'erased_at'")
    .get();
  if (hasErasedAt === undefined) db.exec('ALTER TABLE audit_events ADD COLUMN erased_at TEXT');
  db.exec(triggersDdl);
  if (hasErasedAt !== undefined) return 0;
  const redacted = db
    .prepare(
      `UPDATE audit_events SET data = ${redactedData('tenant', 'resource_id')}, erased_at = ?
       WHERE ${redactable} AND ${erasureRecorded('audit_events.tenant', 'audit_events.resource_id')}`,
    )
    .run(now);
  return Number(redacted.changes);
}
