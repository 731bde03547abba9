import type { DatabaseSync, StatementSync } from 'node:sqlite';
import {
  defaultDeletionPolicy,
  defaultGroupMatchingPolicy,
  defaultIdpPreset,
  isDeletionPolicy,
  isGroupMatchingPolicy,
  type IdpPreset,
  type RoleRule,
} from '#directory';
import type { TenantProfileRecord } from '../read-model.port.js';
import { parseExtensions } from './tenant-profile.projection.js';

interface TenantProfileRow {
  readonly name: string;
  readonly idp_preset: string | null;
  readonly schema_extensions: string | null;
  readonly revision: number | null;
  readonly provisioning_enabled: number | null;
  readonly deletion_policy: string | null;
  readonly seat_limit: number | null;
  readonly role_rule: string | null;
  readonly group_matching: string | null;
}

/** A tenant's profile: its row in `tenants` with its profile row, or the defaults where it has none yet. */
export class TenantProfileQueries {
  private readonly profile: StatementSync;

  constructor(db: DatabaseSync) {
    this.profile = db.prepare(
      `SELECT t.name, p.idp_preset, p.schema_extensions, p.revision,
         p.provisioning_enabled, p.deletion_policy, p.seat_limit, p.role_rule, p.group_matching
       FROM tenants AS t
       LEFT JOIN tenant_profiles AS p ON p.tenant_id = t.id
       WHERE t.id = ?`,
    );
  }

  tenantProfile(tenant: string): TenantProfileRecord | undefined {
    const row = this.profile.get(tenant) as TenantProfileRow | undefined;
    if (row === undefined) return undefined;
    return {
      tenantId: tenant,
      name: row.name,
      idpPreset: (row.idp_preset as IdpPreset | null) ?? defaultIdpPreset,
      schemaExtensions:
        row.schema_extensions === null ? [] : parseExtensions(row.schema_extensions),
      provisioningEnabled: row.provisioning_enabled !== 0,
      deletionPolicy: isDeletionPolicy(row.deletion_policy)
        ? row.deletion_policy
        : defaultDeletionPolicy,
      groupMatching: isGroupMatchingPolicy(row.group_matching)
        ? row.group_matching
        : defaultGroupMatchingPolicy,
      seatLimit: row.seat_limit,
      roleRule: row.role_rule === null ? null : (JSON.parse(row.role_rule) as RoleRule),
      // TenantRegistered is revision 0 of the tenant stream; every later change comes after it.
      revision: row.revision ?? 0,
    };
  }
}
