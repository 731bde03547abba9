import type pg from 'pg';
import type { RecordedEvent } from '#event-store';
import {
  directoryCheckpoint,
  type DirectoryRowWriters,
  pendingEvents,
  routeDirectoryEvent,
} from '../sql/directory-batch.js';
import { ResourceRowsProjection } from './resource-rows.projection.js';
import { TenantRowsProjection } from './tenant-rows.projection.js';

/**
 * Projects directory events into the PostgreSQL tables. Each batch commits with its checkpoint in
 * one transaction that first locks the checkpoint row (`FOR UPDATE`): a second projector racing
 * on the same schema waits, then sees the advanced checkpoint and skips what was applied. The
 * commit notifies `channel` with the new checkpoint, so readers in other processes wake at once.
 */
export class PostgresDirectoryProjection {
  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
  ) {}

  /** Applies the batch and answers the checkpoint after it. */
  async applyEvents(events: readonly RecordedEvent[]): Promise<number> {
    return this.inTransaction(async (client) => {
      const { pending, position } = pendingEvents(events, await lockCheckpoint(client));
      const resources = new ResourceRowsProjection(client);
      const tenants = new TenantRowsProjection(client);
      const writers: DirectoryRowWriters<Promise<void>> = {
        users: { apply: (event, ctx) => resources.applyUser(event, ctx) },
        groups: { apply: (event, ctx) => resources.applyGroup(event, ctx) },
        tenants: { apply: (event, ctx) => tenants.applyTenant(event, ctx) },
        appRegistrations: { apply: (event, ctx) => tenants.applyAppRegistration(event, ctx) },
      };
      for (const { event, ctx } of pending) await routeDirectoryEvent(event, ctx, writers);
      return this.writeCheckpoint(client, position);
    });
  }

  /** Never moves the checkpoint back. */
  async advanceCheckpoint(position: number): Promise<number> {
    return this.inTransaction(async (client) => {
      await lockCheckpoint(client);
      return this.writeCheckpoint(client, position);
    });
  }

  private async writeCheckpoint(client: pg.ClientBase, position: number): Promise<number> {
    const { rows } = await client.query<{ position: string }>(
      `UPDATE checkpoints SET position = greatest(position, $2) WHERE name = $1 RETURNING position`,
      [directoryCheckpoint, position],
    );
    const stored = Number(rows[0]?.position ?? 0);
    // Delivered on commit only, and not at all on rollback.
    await client.query('SELECT pg_notify($1, $2)', [this.channel, String(stored)]);
    return stored;
  }

  private async inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
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
}

async function lockCheckpoint(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ position: string }>(
    'SELECT position FROM checkpoints WHERE name = $1 FOR UPDATE',
    [directoryCheckpoint],
  );
  return Number(rows[0]?.position ?? 0);
}
