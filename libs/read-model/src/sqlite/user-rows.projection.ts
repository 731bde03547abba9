import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { MemberRemoval } from './member-removal.statements.js';
import type { UserEvent } from '#directory';
import { type EventContext, externalIdOf, mergeAttributes } from '../sql/projection-context.js';
import { activeColumn } from '../sql/resource-rows.js';
import { UserEmailsProjection } from './user-emails.projection.js';

/** Writes `users` rows and their `user_emails` (and removes a deleted user's memberships). */
export class UserRowsProjection {
  private readonly current: StatementSync;
  private readonly insert: StatementSync;
  private readonly touch: StatementSync;
  private readonly setAttributes: StatementSync;
  private readonly setUserName: StatementSync;
  private readonly setActive: StatementSync;
  private readonly deleteUser: StatementSync;

  private readonly memberRemoval: MemberRemoval;
  private readonly emails: UserEmailsProjection;

  constructor(db: DatabaseSync) {
    this.memberRemoval = new MemberRemoval(db);
    this.emails = new UserEmailsProjection(db);
    this.current = db.prepare('SELECT revision, attributes FROM users WHERE tenant = ? AND id = ?');
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO users (tenant, id, user_name, user_name_lc, external_id, active, attributes, revision, created, last_modified)
       VALUES ($tenant, $id, $userName, $userNameLc, $externalId, $active, $attributes, $revision, $time, $time)`,
    );
    // Every change guards on the stored revision, so an event applied twice changes nothing.
    const guard =
      'revision = $revision, last_modified = $time WHERE tenant = $tenant AND id = $id AND revision < $revision';
    this.touch = db.prepare(`UPDATE users SET ${guard}`);
    this.setAttributes = db.prepare(
      `UPDATE users SET attributes = $attributes, external_id = $externalId, ${guard}`,
    );
    this.setUserName = db.prepare(
      `UPDATE users SET user_name = $userName, user_name_lc = $userNameLc, ${guard}`,
    );
    this.setActive = db.prepare(`UPDATE users SET active = $active, ${guard}`);
    this.deleteUser = db.prepare('DELETE FROM users WHERE tenant = $tenant AND id = $id');
  }

  apply(event: UserEvent, ctx: EventContext): void {
    const key = {
      tenant: ctx.tenant,
      id: event.data.userId,
      revision: ctx.revision,
      time: ctx.time,
    };
    switch (event.type) {
      case 'UserProvisioned': {
        const { userName, active, attributes } = event.data;
        const existing = this.current.get(ctx.tenant, event.data.userId) as
          { revision: number } | undefined;
        if (existing !== undefined && existing.revision >= ctx.revision) return;
        this.insert.run({
          ...key,
          userName,
          userNameLc: userName.toLowerCase(),
          externalId: externalIdOf(attributes),
          active: active ? activeColumn.true : activeColumn.false,
          attributes: JSON.stringify(attributes),
        });
        this.emails.replace(ctx.tenant, event.data.userId, attributes);
        return;
      }
      case 'UserAttributesChanged': {
        const row = this.current.get(ctx.tenant, event.data.userId) as
          { revision: number; attributes: string } | undefined;
        if (row === undefined || row.revision >= ctx.revision) return;
        const attributes = mergeAttributes(
          JSON.parse(row.attributes) as Record<string, unknown>,
          event.data.set,
          event.data.unset,
        );
        this.setAttributes.run({
          ...key,
          attributes: JSON.stringify(attributes),
          externalId: externalIdOf(attributes),
        });
        if ('emails' in event.data.set || event.data.unset.includes('emails'))
          this.emails.replace(ctx.tenant, event.data.userId, attributes);
        return;
      }
      case 'UserNameChanged':
        this.setUserName.run({
          ...key,
          userName: event.data.to,
          userNameLc: event.data.to.toLowerCase(),
        });
        return;
      // Neither is a SCIM attribute; only the revision (the ETag) and lastModified move.
      case 'UserPasswordChanged':
      case 'UserRoleChanged':
        this.touch.run(key);
        return;
      case 'UserDeactivated':
        this.setActive.run({ ...key, active: activeColumn.false });
        return;
      case 'UserReactivated':
      case 'UserActiveSet':
        this.setActive.run({ ...key, active: activeColumn.true });
        return;
      case 'UserActiveCleared':
        this.setActive.run({ ...key, active: activeColumn.removed });
        return;
      // A user hidden by the keepDisabled policy leaves SCIM exactly as a deleted one does; its
      // history stays in the event store.
      case 'UserDeleted':
      case 'UserHiddenByDeletionPolicy': {
        const id = { tenant: ctx.tenant, id: event.data.userId };
        this.memberRemoval.removeEverywhere(ctx.tenant, event.data.userId);
        this.emails.removeUser(ctx.tenant, event.data.userId);
        this.deleteUser.run(id);
        return;
      }
      // Only a deleted or hidden user is erased: its rows are gone already.
      case 'UserErased':
        return;
      default: {
        const never: never = event;
        throw new Error(`Unhandled user event ${JSON.stringify(never)}`);
      }
    }
  }
}
