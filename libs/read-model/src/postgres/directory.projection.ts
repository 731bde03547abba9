import type pg from 'pg';
import type { RecordedEvent } from '#event-store';
import { inPgTransaction } from '#platform';
import {
  directoryCheckpoint,
  type DirectoryRowWriters,
  pendingEvents,
  routeDirectoryEvent,
} from '../sql/directory-batch.js';
import { type ProvisionedUser, ResourceRowsProjection } from './resource-rows.projection.js';
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
    return inPgTransaction(this.pool, async (client) => {
      const { pending, position } = pendingEvents(events, await lockCheckpoint(client));
      const resources = new ResourceRowsProjection(client);
      const tenants = new TenantRowsProjection(client);
      const writers: DirectoryRowWriters<Promise<void>> = {
        users: { apply: (event, ctx) => resources.applyUser(event, ctx) },
        groups: { apply: (event, ctx) => resources.applyGroup(event, ctx) },
        tenants: { apply: (event, ctx) => tenants.applyTenant(event, ctx) },
        appRegistrations: { apply: (event, ctx) => tenants.applyAppRegistration(event, ctx) },
      };
      // Runs of provisioned users go in together; everything else in order, one event at a time.
      let run: ProvisionedUser[] = [];
      let inRun = new Set<string>();
      const flush = async (): Promise<void> => {
        if (run.length > 0) await resources.provisionUsers(run);
        run = [];
        inRun = new Set();
      };
      for (const { event, ctx } of pending) {
        if (event.type !== 'UserProvisioned') {
          await flush();
          await routeDirectoryEvent(event, ctx, writers);
          continue;
        }
        const key = `${ctx.tenant}\u0000${event.data.userId}`;
        if (inRun.has(key)) await flush();
        run.push({ event, ctx });
        inRun.add(key);
      }
      await flush();
      return this.writeCheckpoint(client, position);
    });
  }

  /** Never moves the checkpoint back. */
  async advanceCheckpoint(position: number): Promise<number> {
    return inPgTransaction(this.pool, async (client) => {
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
}

async function lockCheckpoint(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ position: string }>(
    'SELECT position FROM checkpoints WHERE name = $1 FOR UPDATE',
    [directoryCheckpoint],
  );
  return Number(rows[0]?.position ?? 0);
}
