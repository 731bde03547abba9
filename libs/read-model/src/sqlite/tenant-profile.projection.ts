import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { EventContext } from '../sql/projection-context.js';
import {
  foldTenantProfile,
  type StoredTenantProfile,
  storedProfileState,
  type TenantProfileEvent,
} from '../sql/tenant-profile.fold.js';

/**
 * Writes `tenant_profiles`: one row per tenant holding what every SCIM request of the tenant needs,
 * read in one query: its preset, extension schemas (a handful, so one JSON document), provisioning
 * switch, deletion and group matching policies. Each change is guarded by the tenant stream's
 * revision, so a replayed event changes nothing.
 */
export class TenantProfileRows {
  private readonly read: StatementSync;
  private readonly write: StatementSync;

  constructor(db: DatabaseSync) {
    this.read = db.prepare(
      `SELECT idp_preset, schema_extensions, provisioning_enabled, deletion_policy, seat_limit, role_rule,
         group_matching, revision
       FROM tenant_profiles WHERE tenant_id = ?`,
    );
    this.write = db.prepare(
      `INSERT INTO tenant_profiles
         (tenant_id, idp_preset, schema_extensions, provisioning_enabled, deletion_policy,
          seat_limit, role_rule, group_matching, revision)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id) DO UPDATE SET
         idp_preset = excluded.idp_preset,
         schema_extensions = excluded.schema_extensions,
         provisioning_enabled = excluded.provisioning_enabled,
         deletion_policy = excluded.deletion_policy,
         seat_limit = excluded.seat_limit,
         role_rule = excluded.role_rule,
         group_matching = excluded.group_matching,
         revision = excluded.revision
       WHERE excluded.revision > tenant_profiles.revision`,
    );
  }

  apply(event: TenantProfileEvent, ctx: EventContext): void {
    const tenantId = event.data.tenantId;
    const row = this.read.get(tenantId) as StoredTenantProfile | undefined;
    if (row !== undefined && (row.revision ?? 0) >= ctx.revision) return;
    const next = foldTenantProfile(storedProfileState(row), event);
    this.write.run(
      tenantId,
      next.idpPreset,
      JSON.stringify(next.schemaExtensions),
      next.provisioningEnabled ? 1 : 0,
      next.deletionPolicy,
      next.seatLimit,
      next.roleRule === null ? null : JSON.stringify(next.roleRule),
      next.groupMatching,
      ctx.revision,
    );
  }
}
