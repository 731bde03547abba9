import { Inject, Injectable } from '@nestjs/common';
import {
  defaultDeletionPolicy,
  defaultGroupMatchingPolicy,
  idpPresets,
  type DeletionPolicy,
  type GroupMatchingPolicy,
  type IdpPreset,
  type RoleRule,
  type TenantSchemaExtension,
} from '#directory';
import type { DirectoryReadModel, TenantProfileRecord } from '#read-model';
import type { SchemaExtension, SchemaRegistry } from '#scim';
import { TenantProfileCache } from '../tenants/tenant-profile.cache.js';
import { READ_MODEL } from './injection-tokens.js';
import { schemasFor } from './scim-schemas.js';

/**
 * What a tenant chose for the IdP it connects. Presets only decide what the service answers
 * where clients disagree (for example 200 with a body or 204 after a group PATCH); input
 * handling never depends on them: every form is accepted on every tenant.
 */
export type { IdpPreset };
export { idpPresets };

/**
 * The SCIM face of one tenant: its preset, its schemas (core plus its own extensions), whether an
 * administrator lets it provision at all, what DELETE /Users/{id} does and what POST /Groups does
 * with a local group of the same name.
 */
export interface TenantScimProfile {
  readonly preset: IdpPreset;
  readonly schemas: SchemaRegistry;
  readonly provisioningEnabled: boolean;
  readonly deletionPolicy: DeletionPolicy;
  /** What POST /Groups does with a local group of the same displayName. */
  readonly groupMatching: GroupMatchingPolicy;
  /** The most users the tenant may hold (ADR 0005); `null` for no limit. */
  readonly seatLimit: number | null;
  /** How users' roles are derived; `null` for no rule. */
  readonly roleRule: RoleRule | null;
}

export const defaultTenantProfile: TenantScimProfile = {
  preset: 'generic',
  schemas: schemasFor('generic'),
  provisioningEnabled: true,
  deletionPolicy: defaultDeletionPolicy,
  groupMatching: defaultGroupMatchingPolicy,
  seatLimit: null,
  roleRule: null,
};

/**
 * A profile is used for one second before the stored revision is checked again: a preset or
 * schema changed by another process takes effect within about a second, while a request costs a
 * map lookup and each tenant one indexed read per second. Writes through this process's admin API
 * call `forget`, so they take effect at once here.
 */
export const profileTtlMs = 1000;
const maxCachedTenants = 10_000;

/** Looks up a tenant's SCIM profile for each request (BearerAuthGuard puts it on the caller). */
@Injectable()
export class TenantProfiles {
  private readonly cache: TenantProfileCache<TenantProfileRecord, TenantScimProfile>;

  constructor(@Inject(READ_MODEL) readModel: DirectoryReadModel) {
    this.cache = new TenantProfileCache((tenant) => readModel.tenantProfile(tenant), profileFrom, {
      ttlMs: profileTtlMs,
      maxTenants: maxCachedTenants,
      now: () => performance.now(),
    });
  }

  /** An unknown tenant gets the default profile; authentication has rejected it already. */
  async profileOf(tenant: string): Promise<TenantScimProfile> {
    return this.cache.get(tenant);
  }

  /** Call after changing the tenant's profile, once the read model has applied the change. */
  forget(tenant: string): void {
    this.cache.forget(tenant);
  }
}

export function profileFrom(record: TenantProfileRecord | undefined): TenantScimProfile {
  if (record === undefined) return defaultTenantProfile;
  const schemas = schemasFor(record.idpPreset, record.schemaExtensions.map(toSchemaExtension));
  return {
    preset: record.idpPreset,
    schemas,
    provisioningEnabled: record.provisioningEnabled,
    deletionPolicy: record.deletionPolicy,
    groupMatching: record.groupMatching,
    seatLimit: record.seatLimit,
    roleRule: record.roleRule,
  };
}

function toSchemaExtension({
  resourceType,
  schema,
  required,
}: TenantSchemaExtension): SchemaExtension {
  return {
    resourceType,
    schema: { ...schema, description: schema.description ?? schema.name },
    required,
  };
}
