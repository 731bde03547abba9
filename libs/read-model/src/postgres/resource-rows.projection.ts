import type pg from 'pg';
import type { GroupEvent, UserEvent } from '#directory';
import { emailValues } from '../sql/directory-records.js';
import { type EventContext, externalIdOf } from '../sql/projection-context.js';
import { activeColumn } from '../sql/resource-rows.js';

type Json = { readonly [key: string]: unknown };

export interface ProvisionedUser {
  readonly event: Extract<UserEvent, { type: 'UserProvisioned' }>;
  readonly ctx: EventContext;
}

/** Every change guards on the stored revision, so an event applied twice changes nothing. */
const guard = 'revision = $3, last_modified = $4 WHERE tenant = $1 AND id = $2 AND revision < $3';

/** `attributes` after a top-level diff, as `mergeAttributes` does: `set` replaces, `unset` removes. */
const merged = '(attributes || $5::jsonb) - $6::text[]';
const externalIdOfMerged = `CASE WHEN jsonb_typeof(${merged} -> 'externalId') = 'string' THEN ${merged} ->> 'externalId' END`;

/**
 * Writes `users`, `groups`, `group_members` and `user_emails` for PostgreSQL, inside the
 * projector's transaction. Membership changes touch only their delta, in one statement per event.
 */
export class ResourceRowsProjection {
  constructor(private readonly sql: pg.ClientBase) {}

  async applyUser(event: UserEvent, ctx: EventContext): Promise<void> {
    const key = [ctx.tenant, event.data.userId, ctx.revision, ctx.time];
    switch (event.type) {
      case 'UserProvisioned':
        return this.provisionUsers([{ event, ctx }]);
      case 'UserAttributesChanged': {
        const { rows } = await this.sql.query<{ attributes: Json }>(
          `UPDATE users SET attributes = ${merged}, external_id = ${externalIdOfMerged}, ${guard}
           RETURNING attributes`,
          [...key, event.data.set, event.data.unset],
        );
        const emailsChanged = 'emails' in event.data.set || event.data.unset.includes('emails');
        if (rows[0] !== undefined && emailsChanged)
          await this.replaceEmails(ctx.tenant, event.data.userId, rows[0].attributes);
        return;
      }
      case 'UserNameChanged':
        await this.sql.query(`UPDATE users SET user_name = $5, user_name_lc = $6, ${guard}`, [
          ...key,
          event.data.to,
          event.data.to.toLowerCase(),
        ]);
        return;
      // Neither is a SCIM attribute; only the revision (the ETag) and lastModified move.
      case 'UserPasswordChanged':
      case 'UserRoleChanged':
        await this.sql.query(`UPDATE users SET ${guard}`, key);
        return;
      case 'UserDeactivated':
        return this.setActive(key, activeColumn.false);
      case 'UserReactivated':
      case 'UserActiveSet':
        return this.setActive(key, activeColumn.true);
      case 'UserActiveCleared':
        return this.setActive(key, activeColumn.removed);
      // A user hidden by the keepDisabled policy leaves SCIM exactly as a deleted one does.
      case 'UserDeleted':
      case 'UserHiddenByDeletionPolicy':
        await this.removeMemberEverywhere(ctx.tenant, event.data.userId);
        await this.sql.query('DELETE FROM user_emails WHERE tenant = $1 AND user_id = $2', [
          ctx.tenant,
          event.data.userId,
        ]);
        await this.sql.query('DELETE FROM users WHERE tenant = $1 AND id = $2', [
          ctx.tenant,
          event.data.userId,
        ]);
        return;
      // Only a deleted or hidden user is erased: its rows are gone already.
      case 'UserErased':
        return;
      default: {
        const never: never = event;
        throw new Error(`Unhandled user event ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * Inserts a run of provisioned users (distinct ids) in three statements however long the run: an
   * initial import or a rebuild is mostly such runs, and one statement per user would spend its
   * time in round trips.
   */
  async provisionUsers(run: readonly ProvisionedUser[]): Promise<void> {
    const rows = run.map(({ event: { data }, ctx }) => ({
      tenant: ctx.tenant,
      id: data.userId,
      revision: ctx.revision,
      time: ctx.time,
      user_name: data.userName,
      user_name_lc: data.userName.toLowerCase(),
      external_id: externalIdOf(data.attributes),
      active: data.active ? activeColumn.true : activeColumn.false,
      attributes: data.attributes,
    }));
    const { rows: written } = await this.sql.query<{ tenant: string; id: string; fresh: boolean }>(
      `INSERT INTO users (tenant, id, revision, last_modified, created, user_name, user_name_lc, external_id, active, attributes)
       SELECT p.tenant, p.id, p.revision, p.time, p.time, p.user_name, p.user_name_lc, p.external_id, p.active, p.attributes
       FROM jsonb_to_recordset($1::jsonb) AS p(tenant text, id text, revision integer, time text,
         user_name text, user_name_lc text, external_id text, active smallint, attributes jsonb)
       ON CONFLICT (tenant, id) DO UPDATE SET revision = excluded.revision,
         last_modified = excluded.last_modified, created = excluded.created,
         user_name = excluded.user_name, user_name_lc = excluded.user_name_lc,
         external_id = excluded.external_id, active = excluded.active, attributes = excluded.attributes
       WHERE users.revision < excluded.revision
       RETURNING tenant, id, xmax = 0 AS fresh`,
      [JSON.stringify(rows)],
    );
    if (written.length === 0) return;
    // A fresh row has no emails yet (a deleted user's went with it); a replaced one may.
    const replaced = written.filter((row) => !row.fresh);
    if (replaced.length > 0)
      await this.sql.query(
        `DELETE FROM user_emails AS e USING jsonb_to_recordset($1::jsonb) AS k(tenant text, id text)
         WHERE e.tenant = k.tenant AND e.user_id = k.id`,
        [JSON.stringify(replaced.map(({ tenant, id }) => ({ tenant, id })))],
      );
    const kept = new Set(written.map((row) => `${row.tenant}\u0000${row.id}`));
    const emails = rows.flatMap((row) =>
      kept.has(`${row.tenant}\u0000${row.id}`)
        ? emailValues(row.attributes).map((value_lc) => ({
            tenant: row.tenant,
            value_lc,
            user_id: row.id,
          }))
        : [],
    );
    if (emails.length > 0)
      await this.sql.query(
        `INSERT INTO user_emails (tenant, value_lc, user_id)
         SELECT tenant, value_lc, user_id
         FROM jsonb_to_recordset($1::jsonb) AS e(tenant text, value_lc text, user_id text)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(emails)],
      );
  }

  async applyGroup(event: GroupEvent, ctx: EventContext): Promise<void> {
    const { tenant } = ctx;
    const groupId = event.data.groupId;
    const key = [tenant, groupId, ctx.revision, ctx.time];
    const { rows } = await this.sql.query<{ revision: number }>(
      'SELECT revision FROM groups WHERE tenant = $1 AND id = $2',
      [tenant, groupId],
    );
    const stored = rows[0];
    const applies = stored !== undefined && stored.revision < ctx.revision;
    switch (event.type) {
      case 'GroupCreated':
      case 'LocalGroupCreated': {
        if (stored !== undefined && !applies) return;
        const attributes = event.type === 'GroupCreated' ? event.data.attributes : {};
        const managedBy = event.type === 'GroupCreated' ? 'scim' : 'local';
        await this.sql.query(
          `INSERT INTO groups (tenant, id, revision, last_modified, created, display_name, display_name_lc, external_id, attributes, member_count, managed_by)
           VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, 0, $9)
           ON CONFLICT (tenant, id) DO UPDATE SET revision = excluded.revision,
             last_modified = excluded.last_modified, created = excluded.created,
             display_name = excluded.display_name, display_name_lc = excluded.display_name_lc,
             external_id = excluded.external_id, attributes = excluded.attributes,
             member_count = 0, managed_by = excluded.managed_by`,
          [
            ...key,
            ...names(event.data.displayName),
            externalIdOf(attributes),
            attributes,
            managedBy,
          ],
        );
        return;
      }
      case 'GroupAdoptedByScim': {
        if (!applies) return;
        const { displayName, attributes } = event.data;
        await this.sql.query(
          `UPDATE groups SET managed_by = 'scim', display_name = $5, display_name_lc = $6,
             external_id = $7, attributes = $8, ${guard}`,
          [...key, ...names(displayName), externalIdOf(attributes), attributes],
        );
        return;
      }
      case 'GroupRenamed':
        if (applies)
          await this.sql.query(
            `UPDATE groups SET display_name = $5, display_name_lc = $6, ${guard}`,
            [...key, ...names(event.data.to)],
          );
        return;
      case 'GroupAttributesChanged':
        if (applies)
          await this.sql.query(
            `UPDATE groups SET attributes = ${merged}, external_id = ${externalIdOfMerged}, ${guard}`,
            [...key, event.data.set, event.data.unset],
          );
        return;
      case 'GroupMembersAdded': {
        if (!applies) return;
        const { rowCount } = await this.sql.query(
          `INSERT INTO group_members (tenant, group_id, member_id, member_type)
           SELECT $1, $2, m.id, m.type FROM unnest($3::text[], $4::text[]) AS m(id, type)
           ON CONFLICT DO NOTHING`,
          [
            tenant,
            groupId,
            event.data.members.map((m) => m.value),
            event.data.members.map((m) => m.type),
          ],
        );
        return this.moveCount(key, rowCount ?? 0);
      }
      case 'GroupMembersRemoved': {
        if (!applies) return;
        const { rowCount } = await this.sql.query(
          'DELETE FROM group_members WHERE tenant = $1 AND group_id = $2 AND member_id = ANY($3::text[])',
          [tenant, groupId, event.data.memberIds],
        );
        return this.moveCount(key, -(rowCount ?? 0));
      }
      case 'GroupDeleted':
        await this.removeMemberEverywhere(tenant, groupId);
        await this.sql.query('DELETE FROM group_members WHERE tenant = $1 AND group_id = $2', [
          tenant,
          groupId,
        ]);
        await this.sql.query('DELETE FROM groups WHERE tenant = $1 AND id = $2', [tenant, groupId]);
        return;
      default: {
        const never: never = event;
        throw new Error(`Unhandled group event ${JSON.stringify(never)}`);
      }
    }
  }

  private async setActive(key: readonly unknown[], active: number): Promise<void> {
    await this.sql.query(`UPDATE users SET active = $5, ${guard}`, [...key, active]);
  }

  /** The member count moves by the rows actually inserted or deleted, so replays keep it right. */
  private async moveCount(key: readonly unknown[], delta: number): Promise<void> {
    await this.sql.query(`UPDATE groups SET member_count = member_count + $5, ${guard}`, [
      ...key,
      delta,
    ]);
  }

  private async replaceEmails(tenant: string, userId: string, attributes: Json): Promise<void> {
    await this.sql.query('DELETE FROM user_emails WHERE tenant = $1 AND user_id = $2', [
      tenant,
      userId,
    ]);
    await this.sql.query(
      `INSERT INTO user_emails (tenant, value_lc, user_id)
       SELECT $1, v, $2 FROM unnest($3::text[]) AS v ON CONFLICT DO NOTHING`,
      [tenant, userId, emailValues(attributes)],
    );
  }

  /**
   * A deleted user or group stops being a member of every group, and those groups' member counts
   * drop with it; no group event records this, so the groups' revisions stay.
   */
  private async removeMemberEverywhere(tenant: string, memberId: string): Promise<void> {
    await this.sql.query(
      `WITH left_groups AS (
         DELETE FROM group_members WHERE tenant = $1 AND member_id = $2 RETURNING group_id
       )
       UPDATE groups SET member_count = member_count - 1
       WHERE tenant = $1 AND id IN (SELECT group_id FROM left_groups)`,
      [tenant, memberId],
    );
  }
}

function names(displayName: string): [string, string] {
  return [displayName, displayName.toLowerCase()];
}
