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

export type TenantCommand = RegisterTenant | IssueBearerToken | RevokeBearerToken;
