import { DatabaseSync } from 'node:sqlite';

/**
 * A SQLite file for a consumer's own state (account status, audit log, checkpoints). WAL: reads
 * are not blocked by a write. FULL: a committed write survives power loss, which matters because
 * a Kafka offset or an event store checkpoint is moved on right after it. Other processes may
 * share the file, so a write waits for the lock rather than fail at once.
 */
export function openDurableSqlite(path: string): DatabaseSync {
  const db = new DatabaseSync(path, { timeout: 5000 });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  return db;
}

/** Runs `work` in one write transaction: all of it commits, or none of it. */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * Runs `work` with SQLite's `secure_delete` ON: everything it deletes or overwrites is zeroed,
 * pages freed whole included. Erasures run so; the rest of the time a store keeps `FAST`, which
 * zeroes only within pages SQLite writes anyway, because ON also zeroes every page freed while
 * the B-trees rebalance under ordinary writes, at a cost in throughput (docs/benchmarks.md).
 */
export function withSecureDelete<T>(db: DatabaseSync, work: () => T): T {
  db.exec('PRAGMA secure_delete = ON');
  try {
    return work();
  } finally {
    db.exec('PRAGMA secure_delete = FAST');
  }
}
