import type { RoleRule } from './role-rule.js';
import type { ExtensionResourceType, ExtensionSchemaInput } from './schema-extension.js';

export interface RegisterTenant {
  readonly type: 'RegisterTenant';
  readonly data: { readonly tenantId: string; readonly name: string };
}

/** Issues a static bearer token; only its hash is given, never the token. */
export interface IssueBearerToken {
  readonly type: 'IssueBearerToken';
  readonly data: {
    readonly tenantId: string;
    readonly tokenId: string;
    readonly tokenHash: string;
    readonly label: string;
    /** RFC 3339; absent for a token without expiry. */
    readonly expiresAt?: string;
  };
}

export interface RevokeBearerToken {
  readonly type: 'RevokeBearerToken';
  readonly data: { readonly tenantId: string; readonly tokenId: string };
}

/**
 * Picks the IdP whose conventions the tenant's answers follow. The data usually comes straight
 * from an admin's request, so the decider checks every value rather than trusting the types.
 */
export interface ChooseIdpPreset {
  readonly type: 'ChooseIdpPreset';
  readonly data: { readonly tenantId: string; readonly preset: string };
}

/** Adds a custom extension schema to one resource type of the tenant; checked by the decider. */
export interface RegisterSchemaExtension {
  readonly type: 'RegisterSchemaExtension';
  readonly data: {
    readonly tenantId: string;
    readonly resourceType: ExtensionResourceType;
    readonly schema: ExtensionSchemaInput;
    readonly required?: boolean;
  };
}

export interface RemoveSchemaExtension {
  readonly type: 'RemoveSchemaExtension';
  readonly data: { readonly tenantId: string; readonly schemaId: string };
}

/** Switches the tenant's SCIM provisioning on or off; the data stays either way. */
export interface SetProvisioning {
  readonly type: 'SetProvisioning';
  readonly data: { readonly tenantId: string; readonly enabled: boolean };
}

/** Picks what SCIM DELETE /Users/{id} does; checked by the decider, like `ChooseIdpPreset`. */
export interface ChooseDeletionPolicy {
  readonly type: 'ChooseDeletionPolicy';
  readonly data: { readonly tenantId: string; readonly policy: string };
}

/** Picks what SCIM POST /Groups does with a local group of the same name; checked by the decider. */
export interface ChooseGroupMatchingPolicy {
  readonly type: 'ChooseGroupMatchingPolicy';
  readonly data: { readonly tenantId: string; readonly policy: string };
}

/**
 * Caps the users the tenant may hold (`null`: no cap). Checked by the decider: the value comes
 * straight from an admin's JSON body.
 */
export interface SetSeatLimit {
  readonly type: 'SetSeatLimit';
  readonly data: { readonly tenantId: string; readonly limit: number | null };
}

/**
 * Derives users' roles from a boolean User extension attribute (`null`: no rule). Checked by the
 * decider against the tenant's registered extensions.
 */
export interface SetRoleRule {
  readonly type: 'SetRoleRule';
  readonly data: { readonly tenantId: string; readonly rule: RoleRule | null };
}

export type TenantCommand =
  | RegisterTenant
  | IssueBearerToken
  | RevokeBearerToken
  | ChooseIdpPreset
  | RegisterSchemaExtension
  | RemoveSchemaExtension
  | SetProvisioning
  | ChooseDeletionPolicy
  | SetSeatLimit
  | SetRoleRule
  | ChooseGroupMatchingPolicy;
