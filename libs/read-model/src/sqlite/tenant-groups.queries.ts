import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { TenantGroupRecord } from '../read-model.port.js';
import {
  tenantGroupColumns,
  tenantGroupRecord,
  type TenantGroupRow,
} from '../sql/directory-records.js';

/**
 * The admin API's view of a tenant's groups: SCIM and local ones alike, with who manages each.
 * The only group queries that do not filter to `managed_by = 'scim'`.
 */
export class TenantGroupQueries {
  private readonly all: StatementSync;
  private readonly one: StatementSync;

  constructor(db: DatabaseSync) {
    this.all = db.prepare(
      `SELECT ${tenantGroupColumns} FROM groups WHERE tenant = ? ORDER BY display_name_lc, id`,
    );
    this.one = db.prepare(`SELECT ${tenantGroupColumns} FROM groups WHERE tenant = ? AND id = ?`);
  }

  tenantGroups(tenant: string): TenantGroupRecord[] {
    return (this.all.all(tenant) as unknown as TenantGroupRow[]).map(tenantGroupRecord);
  }

  tenantGroup(tenant: string, groupId: string): TenantGroupRecord | undefined {
    const row = this.one.get(tenant, groupId) as TenantGroupRow | undefined;
    return row === undefined ? undefined : tenantGroupRecord(row);
  }
}
