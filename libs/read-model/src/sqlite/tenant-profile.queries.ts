import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { TenantProfileRecord } from '../read-model.port.js';
import { type StoredTenantProfile, tenantProfileRecord } from '../sql/tenant-profile.fold.js';

/** A tenant's profile: its row in `tenants` with its profile row, or the defaults where it has none yet. */
export class TenantProfileQueries {
  private readonly profile: StatementSync;

  constructor(db: DatabaseSync) {
    this.profile = db.prepare(
      `SELECT t.name, p.tenant_id, p.idp_preset, p.schema_extensions, p.revision,
         p.provisioning_enabled, p.deletion_policy, p.seat_limit, p.role_rule, p.group_matching
       FROM tenants AS t
       LEFT JOIN tenant_profiles AS p ON p.tenant_id = t.id
       WHERE t.id = ?`,
    );
  }

  tenantProfile(tenant: string): TenantProfileRecord | undefined {
    const row = this.profile.get(tenant) as
      (StoredTenantProfile & { name: string; tenant_id: string | null }) | undefined;
    if (row === undefined) return undefined;
    return tenantProfileRecord(tenant, row.name, row.tenant_id === null ? undefined : row);
  }
}
