import type { AppRegistrationSettings } from './app-registration.events.js';

export interface NewClientSecret {
  readonly secretId: string;
  readonly secretHash: string;
}

export interface CreateAppRegistration {
  readonly type: 'CreateAppRegistration';
  readonly data: AppRegistrationSettings & {
    readonly tenantId: string;
    readonly clientId: string;
    readonly secret: NewClientSecret;
  };
}

export interface ChangeAppRegistration {
  readonly type: 'ChangeAppRegistration';
  readonly data: AppRegistrationSettings & { readonly tenantId: string; readonly clientId: string };
}

/**
 * Adds a secret. With `previousSecretsRetireAt`, a rotation: every other secret still active then
 * stops working at that time (the overlap window), unless it ends sooner already.
 */
export interface AddClientSecret {
  readonly type: 'AddClientSecret';
  readonly data: {
    readonly tenantId: string;
    readonly clientId: string;
    readonly secret: NewClientSecret;
    /** RFC 3339. */
    readonly previousSecretsRetireAt?: string;
    /** RFC 3339: the decision's clock, for what "still active" means. */
    readonly now: string;
  };
}

export interface RevokeClientSecret {
  readonly type: 'RevokeClientSecret';
  readonly data: {
    readonly tenantId: string;
    readonly clientId: string;
    readonly secretId: string;
  };
}

export interface RecordConsent {
  readonly type: 'RecordConsent';
  readonly data: {
    readonly tenantId: string;
    readonly clientId: string;
    readonly scopes: readonly string[];
  };
}

export interface DeleteAppRegistration {
  readonly type: 'DeleteAppRegistration';
  readonly data: { readonly tenantId: string; readonly clientId: string };
}

export type AppRegistrationCommand =
  | CreateAppRegistration
  | ChangeAppRegistration
  | AddClientSecret
  | RevokeClientSecret
  | RecordConsent
  | DeleteAppRegistration;
