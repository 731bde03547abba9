import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { migrateOnce, openDurableSqlite, openPostgresPool, type PgPool } from '#platform';

/** Where a subscriber keeps the position it has handled everything up to. */
export interface CheckpointStore {
  /** 0 when the subscriber never saved one (start from the beginning). */
  load(name: string): Promise<number>;
  save(name: string, position: number): Promise<void>;
  close(): Promise<void>;
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

  async load(name: string): Promise<number> {
    const row = this.select.get(name) as { position: number } | undefined;
    return row?.position ?? 0;
  }

  async save(name: string, position: number): Promise<void> {
    this.upsert.run(name, position, new Date().toISOString());
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/**
 * Checkpoints in PostgreSQL, so whichever change-publisher replica holds the lease resumes where
 * the previous holder stopped.
 */
export class PostgresCheckpointStore implements CheckpointStore {
  private constructor(private readonly pool: PgPool) {}

  static async open(pool: PgPool): Promise<PostgresCheckpointStore> {
    await migrateOnce(
      pool,
      'publisher-checkpoints',
      `CREATE TABLE IF NOT EXISTS publisher_checkpoints (
         name text PRIMARY KEY,
         position bigint NOT NULL,
         saved_at timestamptz NOT NULL
       )`,
    );
    return new PostgresCheckpointStore(pool);
  }

  async load(name: string): Promise<number> {
    const { rows } = await this.pool.query<{ position: string }>(
      'SELECT position FROM publisher_checkpoints WHERE name = $1',
      [name],
    );
    return rows[0] === undefined ? 0 : Number(rows[0].position);
  }

  async save(name: string, position: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO publisher_checkpoints (name, position, saved_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, saved_at = excluded.saved_at`,
      [name, position],
    );
  }

  /** The pool belongs to whoever opened it. */
  async close(): Promise<void> {}
}

/** Where the publisher's checkpoints are, as the service configuration says. */
export interface CheckpointLocation {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
}

/**
 * PostgreSQL when DATABASE_URL is set (replicas on several machines share it), else
 * `DATA_DIR/change-publisher.sqlite`. Closing the store ends its pool.
 */
export async function openConfiguredCheckpointStore(
  location: CheckpointLocation,
  onConnectionError: (error: Error) => void,
): Promise<CheckpointStore> {
  if (location.databaseUrl === undefined) {
    mkdirSync(location.dataDir, { recursive: true });
    return new SqliteCheckpointStore(join(location.dataDir, 'change-publisher.sqlite'));
  }
  const pool = openPostgresPool(
    location.databaseUrl,
    { applicationName: 'change-publisher', max: 2 },
    onConnectionError,
  );
  const store = await PostgresCheckpointStore.open(pool);
  return {
    load: (name) => store.load(name),
    save: (name, position) => store.save(name, position),
    close: () => pool.end(),
  };
}
