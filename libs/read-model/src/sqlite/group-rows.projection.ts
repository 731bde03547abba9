import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { MemberRemoval } from './member-removal.statements.js';
import type { GroupEvent } from '#directory';
import { type EventContext, externalIdOf, mergeAttributes } from '../sql/projection-context.js';

/**
 * Writes `groups` and `group_members`. Membership changes touch only the delta, and the member
 * count moves by the rows actually inserted or deleted, so replays and overlaps keep it right.
 */
export class GroupRowsProjection {
  private readonly current: StatementSync;
  private readonly insert: StatementSync;
  private readonly setDisplayName: StatementSync;
  private readonly setAttributes: StatementSync;
  private readonly adopt: StatementSync;
  private readonly addMember: StatementSync;
  private readonly removeMember: StatementSync;
  private readonly countDelta: StatementSync;
  private readonly deleteMembers: StatementSync;
  private readonly deleteGroup: StatementSync;

  private readonly memberRemoval: MemberRemoval;

  constructor(db: DatabaseSync) {
    this.memberRemoval = new MemberRemoval(db);
    this.current = db.prepare(
      'SELECT revision, attributes FROM groups WHERE tenant = ? AND id = ?',
    );
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO groups (tenant, id, display_name, display_name_lc, external_id, attributes, revision, created, last_modified, member_count, managed_by)
       VALUES ($tenant, $id, $displayName, $displayNameLc, $externalId, $attributes, $revision, $time, $time, 0, $managedBy)`,
    );
    const guard =
      'revision = $revision, last_modified = $time WHERE tenant = $tenant AND id = $id AND revision < $revision';
    this.setDisplayName = db.prepare(
      `UPDATE groups SET display_name = $displayName, display_name_lc = $displayNameLc, ${guard}`,
    );
    this.setAttributes = db.prepare(
      `UPDATE groups SET attributes = $attributes, external_id = $externalId, ${guard}`,
    );
    this.adopt = db.prepare(
      `UPDATE groups SET managed_by = 'scim', display_name = $displayName, display_name_lc = $displayNameLc,
         attributes = $attributes, external_id = $externalId, ${guard}`,
    );
    this.countDelta = db.prepare(
      `UPDATE groups SET member_count = member_count + $delta, ${guard}`,
    );
    this.addMember = db.prepare(
      'INSERT OR IGNORE INTO group_members (tenant, group_id, member_id, member_type) VALUES (?, ?, ?, ?)',
    );
    this.removeMember = db.prepare(
      'DELETE FROM group_members WHERE tenant = ? AND group_id = ? AND member_id = ?',
    );
    this.deleteMembers = db.prepare(
      'DELETE FROM group_members WHERE tenant = $tenant AND group_id = $id',
    );
    this.deleteGroup = db.prepare('DELETE FROM groups WHERE tenant = $tenant AND id = $id');
  }

  apply(event: GroupEvent, ctx: EventContext): void {
    const key = {
      tenant: ctx.tenant,
      id: event.data.groupId,
      revision: ctx.revision,
      time: ctx.time,
    };
    const row = this.current.get(ctx.tenant, event.data.groupId) as
      { revision: number; attributes: string } | undefined;
    const applies = row !== undefined && row.revision < ctx.revision;
    switch (event.type) {
      case 'GroupCreated':
      case 'LocalGroupCreated': {
        if (row !== undefined && !applies) return;
        const { displayName } = event.data;
        const attributes = event.type === 'GroupCreated' ? event.data.attributes : {};
        this.insert.run({
          ...key,
          displayName,
          displayNameLc: displayName.toLowerCase(),
          externalId: externalIdOf(attributes),
          attributes: JSON.stringify(attributes),
          managedBy: event.type === 'GroupCreated' ? 'scim' : 'local',
        });
        return;
      }
      case 'GroupAdoptedByScim': {
        if (!applies) return;
        const { displayName, attributes } = event.data;
        this.adopt.run({
          ...key,
          displayName,
          displayNameLc: displayName.toLowerCase(),
          externalId: externalIdOf(attributes),
          attributes: JSON.stringify(attributes),
        });
        return;
      }
      case 'GroupRenamed':
        if (applies)
          this.setDisplayName.run({
            ...key,
            displayName: event.data.to,
            displayNameLc: event.data.to.toLowerCase(),
          });
        return;
      case 'GroupAttributesChanged': {
        if (!applies) return;
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
        return;
      }
      case 'GroupMembersAdded': {
        if (!applies) return;
        let delta = 0;
        for (const member of event.data.members) {
          delta += Number(
            this.addMember.run(ctx.tenant, event.data.groupId, member.value, member.type).changes,
          );
        }
        this.countDelta.run({ ...key, delta });
        return;
      }
      case 'GroupMembersRemoved': {
        if (!applies) return;
        let delta = 0;
        for (const memberId of event.data.memberIds) {
          delta -= Number(this.removeMember.run(ctx.tenant, event.data.groupId, memberId).changes);
        }
        this.countDelta.run({ ...key, delta });
        return;
      }
      case 'GroupDeleted': {
        const id = { tenant: ctx.tenant, id: event.data.groupId };
        this.memberRemoval.removeEverywhere(ctx.tenant, event.data.groupId);
        this.deleteMembers.run(id);
        this.deleteGroup.run(id);
        return;
      }
      default: {
        const never: never = event;
        throw new Error(`Unhandled group event ${JSON.stringify(never)}`);
      }
    }
  }
}
