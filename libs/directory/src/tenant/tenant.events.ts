import type { IdpPreset } from './idp-preset.js';
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

export type TenantEvent =
  | TenantRegistered
  | BearerTokenIssued
  | BearerTokenRevoked
  | TenantIdpPresetChosen
  | TenantSchemaExtensionRegistered
  | TenantSchemaExtensionRemoved;

export const tenantEventTypes = [
  'TenantRegistered',
  'BearerTokenIssued',
  'BearerTokenRevoked',
  'TenantIdpPresetChosen',
  'TenantSchemaExtensionRegistered',
  'TenantSchemaExtensionRemoved',
] as const satisfies readonly TenantEvent['type'][];
