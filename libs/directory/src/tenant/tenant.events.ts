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

export type TenantEvent = TenantRegistered | BearerTokenIssued | BearerTokenRevoked;

export const tenantEventTypes = [
  'TenantRegistered',
  'BearerTokenIssued',
  'BearerTokenRevoked',
] as const satisfies readonly TenantEvent['type'][];
