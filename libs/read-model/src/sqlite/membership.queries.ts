import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { GroupRef, MemberRow, ResourceType } from '../read-model.port.js';
import { groupRefsByMember, type MemberRecord, memberRow } from '../sql/directory-records.js';

/** Membership lookups; every one reads through the (tenant, group_id, member_id) or (tenant, member_id) index. */
export class MembershipQueries {
  private readonly membersPage: StatementSync;
  private readonly present: StatementSync;
  private readonly existing: StatementSync;
  private readonly groupsOf: StatementSync;
  private readonly groupsOfMany: StatementSync;

  constructor(
    db: DatabaseSync,
    private readonly pageSize: number,
  ) {
    // Display is joined at read time, so a renamed user or group shows its new name at once.
    this.membersPage = db.prepare(
      `SELECT m.member_id AS value, m.member_type AS type,
              CASE m.member_type WHEN 'User' THEN coalesce(json_extract(u.attributes, '$.displayName'), u.user_name)
                                 ELSE g.display_name END AS display
       FROM group_members AS m
       LEFT JOIN users AS u ON m.member_type = 'User' AND u.tenant = m.tenant AND u.id = m.member_id
       LEFT JOIN groups AS g ON m.member_type = 'Group' AND g.tenant = m.tenant AND g.id = m.member_id
       WHERE m.tenant = $tenant AND m.group_id = $groupId AND m.member_id > $after
       ORDER BY m.member_id LIMIT $limit`,
    );
    // The ids travel as one JSON array parameter, so 1,000 ids are one statement and one bind.
    this.present = db.prepare(
      `SELECT member_id FROM group_members
       WHERE tenant = ? AND group_id = ? AND member_id IN (SELECT value FROM json_each(?))`,
    );
    this.existing = db.prepare(
      `SELECT id, 'User' AS type FROM users WHERE tenant = $tenant AND id IN (SELECT value FROM json_each($ids))
       UNION ALL
       SELECT id, 'Group' AS type FROM groups
       WHERE tenant = $tenant AND managed_by = 'scim' AND id IN (SELECT value FROM json_each($ids))`,
    );
    this.groupsOf = db.prepare(
      `SELECT g.id AS value, g.display_name AS display FROM group_members AS m
       JOIN groups AS g ON g.tenant = m.tenant AND g.id = m.group_id AND g.managed_by = 'scim'
       WHERE m.tenant = ? AND m.member_id = ? ORDER BY g.display_name_lc, g.id`,
    );
    this.groupsOfMany = db.prepare(
      `SELECT m.member_id AS member, g.id AS value, g.display_name AS display FROM group_members AS m
       JOIN groups AS g ON g.tenant = m.tenant AND g.id = m.group_id AND g.managed_by = 'scim'
       WHERE m.tenant = ? AND m.member_id IN (SELECT value FROM json_each(?))
       ORDER BY m.member_id, g.display_name_lc, g.id`,
    );
  }

  // existingResources and groupsOf* answer SCIM: a local group is neither a resource it can name
  // as a member nor one of a user's `groups` until it is adopted.

  /** Keyset paging by member id: memory stays at one page however large the group. */
  async *groupMembers(tenant: string, groupId: string): AsyncGenerator<MemberRow> {
    let after = '';
    for (;;) {
      const page = this.membersPage.all({
        tenant,
        groupId,
        after,
        limit: this.pageSize,
      }) as unknown as MemberRecord[];
      for (const record of page) yield memberRow(record);
      const last = page.at(-1);
      if (last === undefined || page.length < this.pageSize) return;
      after = last.value;
    }
  }

  membersPresent(tenant: string, groupId: string, ids: readonly string[]): Set<string> {
    if (ids.length === 0) return new Set();
    const rows = this.present.all(tenant, groupId, JSON.stringify(ids)) as unknown as {
      member_id: string;
    }[];
    return new Set(rows.map((row) => row.member_id));
  }

  existingResources(tenant: string, ids: readonly string[]): Map<string, ResourceType> {
    if (ids.length === 0) return new Map();
    const rows = this.existing.all({ tenant, ids: JSON.stringify(ids) }) as unknown as {
      id: string;
      type: ResourceType;
    }[];
    return new Map(rows.map((row) => [row.id, row.type]));
  }

  groupsOfUser(tenant: string, userId: string): GroupRef[] {
    return (this.groupsOf.all(tenant, userId) as unknown as GroupRef[]).map((row) => ({
      value: row.value,
      display: row.display,
    }));
  }

  /** One query for a page of users (a list answer), instead of one per user. */
  groupsOfUsers(tenant: string, userIds: readonly string[]): Map<string, GroupRef[]> {
    if (userIds.length === 0) return new Map();
    const rows = this.groupsOfMany.all(tenant, JSON.stringify(userIds)) as unknown as {
      member: string;
      value: string;
      display: string;
    }[];
    return groupRefsByMember(rows);
  }
}
