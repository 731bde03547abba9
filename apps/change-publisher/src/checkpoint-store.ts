import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { openDurableSqlite } from '#platform';

/** Where a subscriber keeps the position it has handled everything up to. */
export interface CheckpointStore {
  /** 0 when the subscriber never saved one (start from the beginning). */
  load(name: string): number;
  save(name: string, position: number): void;
  close(): void;
}

/**
 * Checkpoints in a small SQLite file beside the event store. Several processes may share the
 * file (each under its own name), so writes wait for a lock rather than fail at once.
 */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly db: DatabaseSync;
  private readonly select: StatementSync;
  private readonly upsert: StatementSync;

  constructor(path: string) {
    this.db = openDurableSqlite(path);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS checkpoints (
        name TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        saved_at TEXT NOT NULL
      ) STRICT;
    `);
    this.select = this.db.prepare('SELECT position FROM checkpoints WHERE name = ?');
    this.upsert = this.db.prepare(`
      INSERT INTO checkpoints (name, position, saved_at) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET position = excluded.position, saved_at = excluded.saved_at
    `);
  }

  load(name: string): number {
    const row = this.select.get(name) as { position: number } | undefined;
    return row?.position ?? 0;
  }

  save(name: string, position: number): void {
    this.upsert.run(name, position, new Date().toISOString());
  }

  close(): void {
    this.db.close();
  }
}
