import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { DirectoryReadModel } from '#read-model';
import { ScimError } from '#scim';
import { OAuthServer } from '../oauth/oauth-server.js';
import { AuthFailureLimiter, failedAuthentication } from './auth-failure-limiter.js';
import { GATEWAY_OPTIONS, type GatewayOptions, READ_MODEL } from './injection-tokens.js';
import { correlationOf, originOf, type ScimRequest } from './request-context.js';
import { TenantProfiles } from './tenant-profile.js';

/**
 * Accepts `Authorization: Bearer <token>` and Okta's "Header" mode (`Authorization: <token>`), with
 * a static token issued by the admin API or an OAuth access token of the built-in authorization
 * server (OAuthServer). Tokens are looked up by their SHA-256, so the service never holds them in
 * clear, and a token of another tenant is rejected exactly like an unknown one. The row is read on every request, so
 * a revocation or an expiry takes effect on the very next one. Failures are rate limited per client
 * IP and tenant (AuthFailureLimiter); the presented token never appears in an answer or a log.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    @Inject(READ_MODEL) private readonly readModel: DirectoryReadModel,
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
    private readonly profiles: TenantProfiles,
    private readonly failures: AuthFailureLimiter,
    private readonly oauth: OAuthServer,
  ) {}

  private callerOf(token: string, tenant: string): Promise<string | undefined> {
    return credentialOf(this.readModel, this.oauth, token, tenant);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ScimRequest>();
    const tenant = (request.params as { tenant?: string }).tenant ?? '';
    const fail = (unauthorized: ScimError): ScimError =>
      failedAuthentication(
        this.failures,
        request,
        context.switchToHttp().getResponse<FastifyReply>(),
        `tenant:${tenant}`,
        unauthorized,
      );
    const token = presentedToken(request.headers.authorization);
    if (token === undefined) {
      throw fail(
        new ScimError(
          401,
          'Authentication required: send the tenant\'s SCIM token as "Authorization: Bearer <token>"',
        ),
      );
    }
    const caller = await this.callerOf(token, tenant);
    if (caller === undefined) {
      throw fail(
        new ScimError(
          401,
          `The token is not valid for tenant "${tenant}": it is unknown, revoked, expired or issued for another tenant`,
        ),
      );
    }
    const profile = await this.profiles.profileOf(tenant);
    // Checked after the token, so only the tenant's own IdP learns that provisioning is off.
    if (!profile.provisioningEnabled) throw provisioningDisabled(tenant);
    request.scimCaller = {
      tenant,
      caller,
      ...correlationOf(request),
      baseUrl: `${originOf(request, this.options.publicUrl)}/scim/v2/${tenant}`,
      profile,
    };
    return true;
  }
}

/**
 * The credential id recorded in events: `token:<id>` for a static bearer token, `app:<client id>`
 * for an OAuth access token; undefined when the token is neither, for this tenant.
 */
async function credentialOf(
  readModel: DirectoryReadModel,
  oauth: OAuthServer,
  token: string,
  tenant: string,
): Promise<string | undefined> {
  const hash = createHash('sha256').update(token).digest('hex');
  const record = await readModel.findBearerToken(hash);
  if (record !== undefined) {
    const expired = record.expiresAt !== undefined && Date.parse(record.expiresAt) <= Date.now();
    return record.revoked || expired || record.tenantId !== tenant
      ? undefined
      : `token:${record.tokenId}`;
  }
  const accepted = await oauth.acceptAccessToken(token, tenant);
  return accepted === undefined ? undefined : `app:${accepted.clientId}`;
}

function provisioningDisabled(tenant: string): ScimError {
  return new ScimError(
    403,
    `Provisioning is disabled for tenant "${tenant}"; its data is kept. An administrator can enable it again with PUT /admin/tenants/${tenant}/provisioning {"enabled": true}`,
  );
}

function presentedToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  const bearer = /^bearer\s+(.+)$/i.exec(value);
  const token = bearer === null ? value : bearer[1]!.trim();
  return token.length > 0 && !/\s/.test(token) ? token : undefined;
}
