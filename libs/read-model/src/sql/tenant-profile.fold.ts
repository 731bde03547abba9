import {
  defaultDeletionPolicy,
  defaultGroupMatchingPolicy,
  defaultIdpPreset,
  type IdpPreset,
  isDeletionPolicy,
  isGroupMatchingPolicy,
  type RoleRule,
  evolveTenantProfile,
  type TenantProfile,
  type TenantProfileEvent,
  type TenantSchemaExtension,
} from '#directory';
import type { TenantProfileRecord } from '../read-model.port.js';
import { parseJson } from './resource-rows.js';

export type { TenantProfileEvent };

/** A tenant's profile as the `tenant_profiles` row holds it, before the revision. */
export type TenantProfileState = TenantProfile;

/**
 * The `tenant_profiles` columns as either driver answers them (JSON as text or parsed, flags as
 * 0/1 or booleans); NULL columns of a row written by an older release read as the defaults.
 */
export interface StoredTenantProfile {
  readonly idp_preset: string | null;
  readonly schema_extensions: string | readonly TenantSchemaExtension[] | null;
  readonly provisioning_enabled: number | boolean | null;
  readonly deletion_policy: string | null;
  readonly seat_limit: number | null;
  readonly role_rule: string | RoleRule | null;
  readonly group_matching: string | null;
  readonly revision: number | null;
}

export function storedProfileState(row: StoredTenantProfile | undefined): TenantProfileState {
  return {
    idpPreset: (row?.idp_preset as IdpPreset | null | undefined) ?? defaultIdpPreset,
    schemaExtensions:
      row?.schema_extensions == null
        ? []
        : parseJson<TenantSchemaExtension[]>(row.schema_extensions),
    provisioningEnabled: row?.provisioning_enabled !== 0 && row?.provisioning_enabled !== false,
    deletionPolicy: isDeletionPolicy(row?.deletion_policy)
      ? row.deletion_policy
      : defaultDeletionPolicy,
    seatLimit: row?.seat_limit ?? null,
    roleRule: row?.role_rule == null ? null : parseJson<RoleRule>(row.role_rule),
    groupMatching: isGroupMatchingPolicy(row?.group_matching)
      ? row.group_matching
      : defaultGroupMatchingPolicy,
  };
}

/** The profile after one event: the state a profile event moves to. */
export const foldTenantProfile = evolveTenantProfile<TenantProfileState>;

/** A tenant's profile: its `tenants` row with its profile row, or the defaults where it has none. */
export function tenantProfileRecord(
  tenantId: string,
  name: string,
  row: StoredTenantProfile | undefined,
): TenantProfileRecord {
  return {
    tenantId,
    name,
    ...storedProfileState(row),
    // TenantRegistered is revision 0 of the tenant stream; every later change comes after it.
    revision: row?.revision ?? 0,
  };
}
