import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppRegistrationRecord } from '#read-model';

/** The SCIM scope: the only thing an access token of this server grants. */
export const scimScope = 'scim';

/** A client secret that authenticates while it is neither revoked nor past its retirement. */
export interface StoredClientSecret {
  readonly hash: string;
  readonly retiresAt?: string;
}

/**
 * oidc-provider client metadata for an application registration. Secrets stay hashed: the
 * `client_secret` oidc-provider insists on is a placeholder it never compares, because
 * `compareClientSecret` is replaced (see `compareHashedClientSecret`).
 */
export function clientMetadataOf(app: AppRegistrationRecord): Record<string, unknown> {
  const interactive = app.redirectUris.length > 0;
  return {
    client_id: app.clientId,
    client_secret: 'hashed-at-rest',
    client_name: app.name,
    grant_types: interactive
      ? ['client_credentials', 'authorization_code', 'refresh_token']
      : ['client_credentials'],
    response_types: interactive ? ['code'] : [],
    redirect_uris: app.redirectUris,
    token_endpoint_auth_method: 'client_secret_basic',
    scope: `${scimScope} offline_access`,
    scim_tenant: app.tenantId,
    scim_access_token_lifetime: app.accessTokenLifetimeSeconds,
    scim_secrets: app.secrets
      .filter((secret) => !secret.revoked)
      .map((secret): StoredClientSecret => ({
        hash: secret.secretHash,
        ...(secret.retiresAt === undefined ? {} : { retiresAt: secret.retiresAt }),
      })),
  };
}

export const clientExtraProperties = ['scim_tenant', 'scim_access_token_lifetime', 'scim_secrets'];

export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * True when `presented` is one of the client's active secrets. Every active secret is compared,
 * in constant time, whichever matches, so timing tells nothing about which one or how close.
 */
export function matchesActiveSecret(
  secrets: readonly StoredClientSecret[],
  presented: string,
  now: number,
): boolean {
  const digest = Buffer.from(hashClientSecret(presented), 'hex');
  let matched = false;
  for (const secret of secrets) {
    const active = secret.retiresAt === undefined || Date.parse(secret.retiresAt) > now;
    const equal = timingSafeEqual(digest, Buffer.from(secret.hash, 'hex'));
    matched = (equal && active) || matched;
  }
  return matched;
}
