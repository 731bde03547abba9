import type { DeletionPolicy } from './deletion-policy.js';
import type { GroupMatchingPolicy } from './group-matching-policy.js';
import type { IdpPreset } from './idp-preset.js';
import type { RoleRule } from './role-rule.js';
import type { TenantSchemaExtension } from './schema-extension.js';

export interface TenantBearerToken {
  readonly tokenId: string;
  readonly tokenHash: string;
  readonly label: string;
  readonly expiresAt?: string;
  readonly revoked: boolean;
}

export interface RegisteredTenant {
  readonly status: 'registered';
  readonly tenantId: string;
  readonly name: string;
  /** Every token ever issued, revoked ones included, so a token id is never reused. */
  readonly tokens: readonly TenantBearerToken[];
  readonly idpPreset: IdpPreset;
  /** In registration order. */
  readonly schemaExtensions: readonly TenantSchemaExtension[];
  readonly provisioningEnabled: boolean;
  readonly deletionPolicy: DeletionPolicy;
  /** What SCIM POST /Groups does with a local group of the same displayName. */
  readonly groupMatching: GroupMatchingPolicy;
  /** The most users the tenant may hold; `null` for no limit. */
  readonly seatLimit: number | null;
  /** How users' roles are derived; `null` for no rule. */
  readonly roleRule: RoleRule | null;
}

export type TenantState = { readonly status: 'absent' } | RegisteredTenant;

export const initialTenantState: TenantState = { status: 'absent' };
