import type { DatabaseSync, StatementSync } from 'node:sqlite';

/**
 * A deleted user or group stops being a member of every group, and those groups' member counts
 * drop with it. No group event records this (the groups' revisions stay), so user and group
 * deletion share this one rule.
 */
export class MemberRemoval {
  private readonly leaveGroups: StatementSync;
  private readonly deleteRows: StatementSync;

  constructor(db: DatabaseSync) {
    this.leaveGroups = db.prepare(
      `UPDATE groups SET member_count = member_count - 1
       WHERE tenant = $tenant AND id IN (SELECT group_id FROM group_members WHERE tenant = $tenant AND member_id = $id)`,
    );
    this.deleteRows = db.prepare(
      'DELETE FROM group_members WHERE tenant = $tenant AND member_id = $id',
    );
  }

  removeEverywhere(tenant: string, memberId: string): void {
    const key = { tenant, id: memberId };
    this.leaveGroups.run(key);
    this.deleteRows.run(key);
  }
}
