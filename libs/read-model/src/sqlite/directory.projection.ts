import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { RecordedEvent } from '#event-store';
import {
  directoryCheckpoint,
  type DirectoryRowWriters,
  pendingEvents,
  routeDirectoryEvent,
} from '../sql/directory-batch.js';
import { AppRegistrationRowsProjection } from './app-registration.projection.js';
import { GroupRowsProjection } from './group-rows.projection.js';
import { TenantRowsProjection } from './tenant-rows.projection.js';
import { UserRowsProjection } from './user-rows.projection.js';

/**
 * Projects directory events into the read model tables. Each batch and its checkpoint commit in
 * one transaction, so a crash never leaves rows and checkpoint apart. Replays are harmless:
 * events at or below the checkpoint are skipped, and every row change also guards on the
 * resource's stream revision.
 */
export class DirectoryProjection {
  private readonly writers: DirectoryRowWriters<void>;
  private readonly readCheckpoint: StatementSync;
  private readonly writeCheckpoint: StatementSync;

  constructor(private readonly db: DatabaseSync) {
    this.writers = {
      users: new UserRowsProjection(db),
      groups: new GroupRowsProjection(db),
      tenants: new TenantRowsProjection(db),
      appRegistrations: new AppRegistrationRowsProjection(db),
    };
    this.readCheckpoint = db.prepare('SELECT position FROM checkpoints WHERE name = ?');
    this.writeCheckpoint = db.prepare(
      `INSERT INTO checkpoints (name, position) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET position = max(position, excluded.position)`,
    );
  }

  checkpoint(): number {
    const row = this.readCheckpoint.get(directoryCheckpoint) as { position: number } | undefined;
    return row?.position ?? 0;
  }

  /** Applies the batch and answers the checkpoint after it. */
  applyEvents(events: readonly RecordedEvent[]): number {
    return this.inTransaction(() => {
      const { pending, position } = pendingEvents(events, this.checkpoint());
      for (const { event, ctx } of pending) routeDirectoryEvent(event, ctx, this.writers);
      this.writeCheckpoint.run(directoryCheckpoint, position);
      return position;
    });
  }

  advanceCheckpoint(position: number): number {
    return this.inTransaction(() => {
      this.writeCheckpoint.run(directoryCheckpoint, position);
      return this.checkpoint();
    });
  }

  private inTransaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }
}
