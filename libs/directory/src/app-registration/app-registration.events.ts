/**
 * Events of an application registration: the OAuth 2.0 client an identity provider uses to obtain
 * SCIM access tokens for one tenant. Secrets are never in events, only their SHA-256.
 */
export interface AppRegistrationCreated {
  readonly type: 'AppRegistrationCreated';
  readonly data: AppRegistrationSettings & { readonly tenantId: string; readonly clientId: string };
}

/** The registration's settings as they are from now on (each field is the full new value). */
export interface AppRegistrationChanged {
  readonly type: 'AppRegistrationChanged';
  readonly data: AppRegistrationSettings & { readonly tenantId: string; readonly clientId: string };
}

export interface ClientSecretAdded {
  readonly type: 'ClientSecretAdded';
  readonly data: {
    readonly tenantId: string;
    readonly clientId: string;
    readonly secretId: string;
    /** SHA-256 (hex) of the secret; secrets are 256-bit random values, so no salt is needed. */
    readonly secretHash: string;
  };
}

/**
 * A secret stays valid until `retiresAt` and no longer: the overlap window of a rotation, during
 * which the IdP still holds the old secret while an admin enters the new one.
 */
export interface ClientSecretRetirementScheduled {
  readonly type: 'ClientSecretRetirementScheduled';
  readonly data: {
    readonly tenantId: string;
    readonly clientId: string;
    readonly secretId: string;
    /** RFC 3339. */
    readonly retiresAt: string;
  };
}

export interface ClientSecretRevoked {
  readonly type: 'ClientSecretRevoked';
  readonly data: {
    readonly tenantId: string;
    readonly clientId: string;
    readonly secretId: string;
  };
}

/**
 * An administrator approved the client's authorization request (the consent page of the
 * authorization code grant, Okta's "OAuth 2" mode); the metadata's caller names who.
 */
export interface AppRegistrationConsentGranted {
  readonly type: 'AppRegistrationConsentGranted';
  readonly data: {
    readonly tenantId: string;
    readonly clientId: string;
    readonly scopes: readonly string[];
  };
}

/** The client is gone: no secret authenticates it and no token issued to it is accepted. */
export interface AppRegistrationDeleted {
  readonly type: 'AppRegistrationDeleted';
  readonly data: { readonly tenantId: string; readonly clientId: string };
}

// A type, not an interface, so event data stays assignable to plain JSON objects.
export type AppRegistrationSettings = {
  readonly name: string;
  /** Where the authorization code grant may send the admin back (Okta's callback URLs). */
  readonly redirectUris: readonly string[];
  readonly accessTokenLifetimeSeconds: number;
};

export type AppRegistrationEvent =
  | AppRegistrationCreated
  | AppRegistrationChanged
  | ClientSecretAdded
  | ClientSecretRetirementScheduled
  | ClientSecretRevoked
  | AppRegistrationConsentGranted
  | AppRegistrationDeleted;

export const appRegistrationEventTypes = [
  'AppRegistrationCreated',
  'AppRegistrationChanged',
  'ClientSecretAdded',
  'ClientSecretRetirementScheduled',
  'ClientSecretRevoked',
  'AppRegistrationConsentGranted',
  'AppRegistrationDeleted',
] as const satisfies readonly AppRegistrationEvent['type'][];
