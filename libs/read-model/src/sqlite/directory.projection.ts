import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { RecordedEvent } from '#event-store';
import { type DirectoryEvent, upcast } from '#directory';
import { eventContext, type EventContext } from './projection-context.js';
import { AppRegistrationRowsProjection } from './app-registration.projection.js';
import { GroupRowsProjection } from './group-rows.projection.js';
import { TenantRowsProjection } from './tenant-rows.projection.js';
import { UserRowsProjection } from './user-rows.projection.js';

/** The checkpoints row this projection owns. */
export const directoryCheckpoint = 'directory';

/**
 * Projects directory events into the read model tables. Each batch and its checkpoint commit in
 * one transaction, so a crash never leaves rows and checkpoint apart. Replays are harmless:
 * events at or below the checkpoint are skipped, and every row change also guards on the
 * resource's stream revision.
 */
export class DirectoryProjection {
  private readonly users: UserRowsProjection;
  private readonly groups: GroupRowsProjection;
  private readonly tenants: TenantRowsProjection;
  private readonly appRegistrations: AppRegistrationRowsProjection;
  private readonly readCheckpoint: StatementSync;
  private readonly writeCheckpoint: StatementSync;

  constructor(private readonly db: DatabaseSync) {
    this.users = new UserRowsProjection(db);
    this.groups = new GroupRowsProjection(db);
    this.tenants = new TenantRowsProjection(db);
    this.appRegistrations = new AppRegistrationRowsProjection(db);
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
      let position = this.checkpoint();
      for (const recorded of events) {
        if (recorded.position <= position) continue;
        // Reservation streams, snapshots and future types are not ours: skipped, but passed.
        const event = upcast(recorded.type, recorded.metadata.schemaVersion, recorded.data);
        if (event !== undefined) this.apply(event, eventContext(recorded));
        position = recorded.position;
      }
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

  private apply(event: DirectoryEvent, ctx: EventContext): void {
    switch (event.type) {
      case 'UserProvisioned':
      case 'UserAttributesChanged':
      case 'UserNameChanged':
      case 'UserPasswordChanged':
      case 'UserDeactivated':
      case 'UserReactivated':
      case 'UserActiveCleared':
      case 'UserActiveSet':
      case 'UserDeleted':
      case 'UserHiddenByDeletionPolicy':
      case 'UserRoleChanged':
        this.users.apply(event, ctx);
        return;
      case 'GroupCreated':
      case 'GroupRenamed':
      case 'GroupAttributesChanged':
      case 'GroupMembersAdded':
      case 'GroupMembersRemoved':
      case 'GroupDeleted':
      case 'LocalGroupCreated':
      case 'GroupAdoptedByScim':
        this.groups.apply(event, ctx);
        return;
      case 'TenantRegistered':
      case 'BearerTokenIssued':
      case 'BearerTokenRevoked':
      case 'TenantIdpPresetChosen':
      case 'TenantSchemaExtensionRegistered':
      case 'TenantSchemaExtensionRemoved':
      case 'TenantProvisioningDisabled':
      case 'TenantProvisioningEnabled':
      case 'TenantDeletionPolicyChosen':
      case 'TenantSeatLimitSet':
      case 'TenantRoleRuleSet':
      case 'TenantGroupMatchingPolicyChosen':
        this.tenants.apply(event, ctx);
        return;
      case 'AppRegistrationCreated':
      case 'AppRegistrationChanged':
      case 'ClientSecretAdded':
      case 'ClientSecretRetirementScheduled':
      case 'ClientSecretRevoked':
      case 'AppRegistrationConsentGranted':
      case 'AppRegistrationDeleted':
        this.appRegistrations.apply(event, ctx);
        return;
      default: {
        const never: never = event;
        throw new Error(`Unhandled directory event ${JSON.stringify(never)}`);
      }
    }
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
