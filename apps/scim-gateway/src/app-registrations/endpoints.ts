import type { FastifyRequest } from 'fastify';
import { oauthPaths } from '../oauth/oauth-options.js';
import { originOf } from '../shared/request-context.js';

/** What an admin copies into the IdP: the SCIM base URL and the OAuth endpoints. */
export interface ProvisioningEndpoints {
  readonly scimBaseUrl: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly revocationEndpoint: string;
}

export function endpointsFor(
  request: FastifyRequest,
  publicUrl: string | undefined,
  tenant: string,
): ProvisioningEndpoints {
  const origin = originOf(request, publicUrl);
  return {
    scimBaseUrl: `${origin}/scim/v2/${tenant}`,
    authorizationEndpoint: `${origin}${oauthPaths.authorization}`,
    tokenEndpoint: `${origin}${oauthPaths.token}`,
    revocationEndpoint: `${origin}${oauthPaths.revocation}`,
  };
}
