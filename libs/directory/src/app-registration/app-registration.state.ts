import type { AppRegistrationSettings } from './app-registration.events.js';

export interface ClientSecret {
  readonly secretId: string;
  readonly secretHash: string;
  /** RFC 3339; absent while the secret has no end. */
  readonly retiresAt?: string;
  readonly revoked: boolean;
}

export interface RegisteredApp extends AppRegistrationSettings {
  readonly status: 'registered';
  readonly tenantId: string;
  readonly clientId: string;
  /** Every secret ever added, revoked and retired ones included. */
  readonly secrets: readonly ClientSecret[];
}

export type AppRegistrationState =
  | { readonly status: 'absent' }
  | { readonly status: 'deleted'; readonly tenantId: string; readonly clientId: string }
  | RegisteredApp;

export const initialAppRegistrationState: AppRegistrationState = { status: 'absent' };

/** A secret that authenticates the client at `now` (epoch milliseconds). */
export function isSecretActive(secret: ClientSecret, now: number): boolean {
  return !secret.revoked && (secret.retiresAt === undefined || Date.parse(secret.retiresAt) > now);
}
