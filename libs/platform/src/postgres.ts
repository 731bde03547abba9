import pg from 'pg';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

export interface PostgresPoolOptions {
  /** Shown in `pg_stat_activity`, so an operator sees which service holds a connection. */
  readonly applicationName: string;
  readonly max?: number;
}

/**
 * A connection pool. Idle-client errors (the server restarting, a network blip) are reported, not
 * thrown: an unhandled `error` event would end the process, and the pool replaces the client.
 */
export function openPostgresPool(
  connectionString: string,
  options: PostgresPoolOptions,
  onIdleError: (error: Error) => void = () => undefined,
): PgPool {
  const pool = new pg.Pool({
    connectionString,
    application_name: options.applicationName,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
  });
  pool.on('error', onIdleError);
  return pool;
}

/** Runs `work` in one transaction on one client; rolls back when it throws. */
export async function inPgTransaction<T>(
  pool: PgPool,
  work: (client: PgClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Runs idempotent DDL once even when several processes start together: a transaction-scoped
 * advisory lock keyed by `name` serialises them.
 */
export async function migrateOnce(pool: PgPool, name: string, ddl: string): Promise<void> {
  await inPgTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
    await client.query(ddl);
  });
}
