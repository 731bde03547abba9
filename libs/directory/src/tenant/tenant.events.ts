import type { DeletionPolicy } from './deletion-policy.js';
import type { GroupMatchingPolicy } from './group-matching-policy.js';
import type { IdpPreset } from './idp-preset.js';
import type { RoleRule } from './role-rule.js';
import type { ExtensionResourceType, ExtensionSchema } from './schema-extension.js';

/** Tenant events. Secrets are never in events: only their hashes. */
export interface TenantRegistered {
  readonly type: 'TenantRegistered';
  readonly data: { readonly tenantId: string; readonly name: string };
}

export interface BearerTokenIssued {
  readonly type: 'BearerTokenIssued';
  readonly data: {
    readonly tenantId: string;
    readonly tokenId: string;
    /** SHA-256 (hex) of the token; tokens are 256-bit random values, so no salt is needed. */
    readonly tokenHash: string;
    readonly label: string;
    /** RFC 3339; absent for a token without expiry. */
    readonly expiresAt?: string;
  };
}

export interface BearerTokenRevoked {
  readonly type: 'BearerTokenRevoked';
  readonly data: { readonly tenantId: string; readonly tokenId: string };
}

export interface TenantIdpPresetChosen {
  readonly type: 'TenantIdpPresetChosen';
  readonly data: { readonly tenantId: string; readonly preset: IdpPreset };
}

export interface TenantSchemaExtensionRegistered {
  readonly type: 'TenantSchemaExtensionRegistered';
  readonly data: {
    readonly tenantId: string;
    readonly resourceType: ExtensionResourceType;
    /** Normalised: every RFC 7643 §7 characteristic is present. */
    readonly schema: ExtensionSchema;
    readonly required: boolean;
  };
}

export interface TenantSchemaExtensionRemoved {
  readonly type: 'TenantSchemaExtensionRemoved';
  readonly data: { readonly tenantId: string; readonly schemaId: string };
}

/**
 * SCIM provisioning of the tenant was switched off by an administrator: its SCIM requests are
 * refused from now on. Nothing is removed; `TenantProvisioningEnabled` serves the data again.
 */
export interface TenantProvisioningDisabled {
  readonly type: 'TenantProvisioningDisabled';
  readonly data: { readonly tenantId: string };
}

/** SCIM provisioning of the tenant was switched back on (every tenant starts with it on). */
export interface TenantProvisioningEnabled {
  readonly type: 'TenantProvisioningEnabled';
  readonly data: { readonly tenantId: string };
}

export interface TenantDeletionPolicyChosen {
  readonly type: 'TenantDeletionPolicyChosen';
  readonly data: { readonly tenantId: string; readonly policy: DeletionPolicy };
}

/** What SCIM POST /Groups does with a local group of the same displayName, from now on. */
export interface TenantGroupMatchingPolicyChosen {
  readonly type: 'TenantGroupMatchingPolicyChosen';
  readonly data: { readonly tenantId: string; readonly policy: GroupMatchingPolicy };
}

/**
 * The most users the tenant may hold from now on; `null` lifts the limit. Users already beyond a
 * lowered limit stay: only new ones are refused (ADR 0005).
 */
export interface TenantSeatLimitSet {
  readonly type: 'TenantSeatLimitSet';
  readonly data: { readonly tenantId: string; readonly limit: number | null };
}

/**
 * Users' roles follow `rule` from now on (`null`: no rule; roles already given stay). Each user's
 * role is recorded in its own events when it is provisioned or changed.
 */
export interface TenantRoleRuleSet {
  readonly type: 'TenantRoleRuleSet';
  readonly data: { readonly tenantId: string; readonly rule: RoleRule | null };
}

export type TenantEvent =
  | TenantRegistered
  | BearerTokenIssued
  | BearerTokenRevoked
  | TenantIdpPresetChosen
  | TenantSchemaExtensionRegistered
  | TenantSchemaExtensionRemoved
  | TenantProvisioningDisabled
  | TenantProvisioningEnabled
  | TenantDeletionPolicyChosen
  | TenantSeatLimitSet
  | TenantRoleRuleSet
  | TenantGroupMatchingPolicyChosen;

export const tenantEventTypes = [
  'TenantRegistered',
  'BearerTokenIssued',
  'BearerTokenRevoked',
  'TenantIdpPresetChosen',
  'TenantSchemaExtensionRegistered',
  'TenantSchemaExtensionRemoved',
  'TenantProvisioningDisabled',
  'TenantProvisioningEnabled',
  'TenantDeletionPolicyChosen',
  'TenantSeatLimitSet',
  'TenantRoleRuleSet',
  'TenantGroupMatchingPolicyChosen',
] as const satisfies readonly TenantEvent['type'][];
