import type { DatabaseSync } from 'node:sqlite';

const SCHEMA_VERSION = 1;

/**
 * `events.position` is the global position: AUTOINCREMENT never reuses a value, even after the
 * newest rows are removed, so a stored checkpoint can never point at a different event later.
 * `streams.truncate_before` is the first revision reads may show; a soft delete moves it past
 * the last event, which is how KurrentDB's `$tb` stream metadata behaves.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  event_id    TEXT    NOT NULL UNIQUE,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS streams (
  stream_id       TEXT    PRIMARY KEY,
  revision        INTEGER NOT NULL,
  deleted         INTEGER NOT NULL DEFAULT 0,
  truncate_before INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
`;

export type SqliteSynchronous = 'full' | 'normal';

/** Sets the connection's pragmas and creates the tables when the file is new. */
export function prepareDatabase(db: DatabaseSync, synchronous: SqliteSynchronous): void {
  configureConnection(db, synchronous);
  const row = db.prepare('PRAGMA user_version').get();
  const version = Number(row?.['user_version'] ?? 0);
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `Event store schema version ${version} is newer than this code (${SCHEMA_VERSION})`,
    );
  }
  if (version < SCHEMA_VERSION) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(DDL);
      db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}

/** Sets the pragmas of one connection; `prepareDatabase` has already run on the file. */
export function configureConnection(db: DatabaseSync, synchronous: SqliteSynchronous): void {
  // WAL lets readers (the main thread, subscriptions, other processes) run while the writer
  // thread commits.
  db.exec('PRAGMA journal_mode = WAL');
  // FULL syncs the WAL on every commit, so an acknowledged append survives power loss.
  // NORMAL survives a process crash but may lose the last commits on power loss.
  db.exec(`PRAGMA synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
}
