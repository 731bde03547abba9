import pg from 'pg';
import { positionChannel, schemaIdentifier } from './postgres.schema.js';

export interface SchemaSwapOptions {
  /** `postgres://…` (DATABASE_URL). */
  readonly connectionString: string;
  /** The schema the services read and the projector writes. */
  readonly live: string;
}

/** Another rebuild of the same schema holds the rebuild lock. */
export class RebuildInProgressError extends Error {
  constructor(live: string) {
    super(
      `Another projection rebuild of schema ${live} is running (it holds the rebuild lock); wait for it to finish`,
    );
    this.name = 'RebuildInProgressError';
  }
}

/**
 * Replaces a live PostgreSQL read-model schema with one rebuilt beside it, while the services keep
 * running. The rebuild projects into `<live>_rebuild`; `swap` then locks the live checkpoint (the
 * active projector's next batch waits, readers do not), lets the caller bring the new schema up to
 * the live position, and renames both schemas in one transaction. Readers see the old tables until
 * the commit and the new ones after it; the waiting projector resolves the names again once it has
 * the lock and continues on the new schema from the same position. Until that commit the live
 * schema is untouched, so an interrupted rebuild loses nothing.
 */
export class PostgresSchemaSwap {
  readonly building: string;
  private readonly retired: string;

  private constructor(
    private readonly client: pg.Client,
    private readonly live: string,
  ) {
    this.building = `${live}_rebuild`;
    this.retired = `${live}_retired`;
  }

  /** Takes the rebuild lock and clears what an interrupted rebuild left behind. */
  static async begin(options: SchemaSwapOptions): Promise<PostgresSchemaSwap> {
    const client = new pg.Client({
      connectionString: options.connectionString,
      application_name: 'projection-rebuild',
    });
    await client.connect();
    try {
      const swap = new PostgresSchemaSwap(client, options.live);
      schemaIdentifier(swap.building);
      schemaIdentifier(swap.retired);
      const { rows } = await client.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(hashtext('scim-read-model-rebuild'), hashtext($1)) AS locked`,
        [options.live],
      );
      if (rows[0]?.locked !== true) throw new RebuildInProgressError(options.live);
      await client.query(`DROP SCHEMA IF EXISTS ${schemaIdentifier(swap.building)} CASCADE`);
      await client.query(`DROP SCHEMA IF EXISTS ${schemaIdentifier(swap.retired)} CASCADE`);
      return swap;
    } catch (error) {
      await client.end();
      throw error;
    }
  }

  /** The live checkpoint, or undefined when there is no live schema yet. */
  async livePosition(): Promise<number | undefined> {
    if (!(await this.liveExists())) return undefined;
    const { rows } = await this.client.query<{ position: string }>(
      `SELECT position FROM ${schemaIdentifier(this.live)}.checkpoints WHERE name = 'directory'`,
    );
    return Number(rows[0]?.position ?? 0);
  }

  /**
   * Swaps the rebuilt schema in. `catchUp` receives the live checkpoint (0 without a live schema),
   * must bring the rebuilt schema to at least that position, and answers the rebuilt checkpoint.
   * Nothing is applied to the live schema meanwhile; keep `catchUp` short (the gateway's writes
   * wait for the projector while it runs).
   */
  async swap(catchUp: (livePosition: number) => Promise<number>): Promise<void> {
    const live = schemaIdentifier(this.live);
    const building = schemaIdentifier(this.building);
    const retired = schemaIdentifier(this.retired);
    await this.analyze(building);
    await this.client.query('BEGIN');
    try {
      // Waiting for the projector's batch is fine; waiting behind a stuck session is not.
      await this.client.query(`SET LOCAL lock_timeout = '30s'`);
      const exists = await this.liveExists();
      let livePosition = 0;
      if (exists) {
        // EXCLUSIVE conflicts with the projector's FOR UPDATE, not with readers' plain SELECTs.
        await this.client.query(`LOCK TABLE ${live}.checkpoints IN EXCLUSIVE MODE`);
        livePosition = (await this.livePosition()) ?? 0;
      }
      const position = await catchUp(livePosition);
      if (position < livePosition)
        throw new Error(
          `The rebuilt read model is at ${position}, behind the live one at ${livePosition}`,
        );
      if (exists) await this.client.query(`ALTER SCHEMA ${live} RENAME TO ${retired}`);
      await this.client.query(`ALTER SCHEMA ${building} RENAME TO ${live}`);
      // Readers waiting for a position the rebuilt model already holds wake now.
      await this.client.query('SELECT pg_notify($1, $2)', [
        positionChannel(this.live),
        String(position),
      ]);
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    // Waits for queries still reading the old tables, then frees their space.
    await this.client.query(`DROP SCHEMA IF EXISTS ${retired} CASCADE`);
  }

  /** Releases the rebuild lock. A rebuilt schema that was not swapped in stays until the next run. */
  async close(): Promise<void> {
    await this.client.end();
  }

  /**
   * Fresh tables have no planner statistics and no visibility map: until autovacuum came round,
   * lookups at millions of rows could be planned as sequential scans and index-only scans (deep
   * pages of a list) would visit the table anyway.
   */
  private async analyze(schema: string): Promise<void> {
    const { rows } = await this.client.query<{ name: string }>(
      'SELECT tablename AS name FROM pg_tables WHERE schemaname = $1',
      [this.building],
    );
    for (const { name } of rows)
      await this.client.query(`VACUUM (ANALYZE) ${schema}."${name.replaceAll('"', '""')}"`);
  }

  private async liveExists(): Promise<boolean> {
    const { rows } = await this.client.query<{ found: string | null }>(
      'SELECT to_regclass($1) AS found',
      [`${schemaIdentifier(this.live)}.checkpoints`],
    );
    return rows[0]?.found != null;
  }
}
