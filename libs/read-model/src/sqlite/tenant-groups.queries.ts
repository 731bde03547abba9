import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { GroupManager } from '#directory';
import type { TenantGroupRecord } from '../read-model.port.js';

interface TenantGroupRow {
  readonly id: string;
  readonly display_name: string;
  readonly managed_by: GroupManager;
  readonly member_count: number;
}

/**
 * The admin API's view of a tenant's groups: SCIM and local ones alike, with who manages each.
 * The only group queries that do not filter to `managed_by = 'scim'`.
 */
export class TenantGroupQueries {
  private readonly all: StatementSync;
  private readonly one: StatementSync;

  constructor(db: DatabaseSync) {
    const columns = 'id, display_name, managed_by, member_count';
    this.all = db.prepare(
      `SELECT ${columns} FROM groups WHERE tenant = ? ORDER BY display_name_lc, id`,
    );
    this.one = db.prepare(`SELECT ${columns} FROM groups WHERE tenant = ? AND id = ?`);
  }

  tenantGroups(tenant: string): TenantGroupRecord[] {
    return (this.all.all(tenant) as unknown as TenantGroupRow[]).map(toRecord);
  }

  tenantGroup(tenant: string, groupId: string): TenantGroupRecord | undefined {
    const row = this.one.get(tenant, groupId) as TenantGroupRow | undefined;
    return row === undefined ? undefined : toRecord(row);
  }
}

function toRecord(row: TenantGroupRow): TenantGroupRecord {
  return {
    id: row.id,
    displayName: row.display_name,
    managedBy: row.managed_by,
    memberCount: row.member_count,
  };
}
