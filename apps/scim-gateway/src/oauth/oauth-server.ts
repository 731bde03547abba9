import {
  Inject,
  Injectable,
  type OnApplicationShutdown,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { type Configuration, errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { DirectoryReadModel } from '#read-model';
import { READ_MODEL } from '../shared/injection-tokens.js';
import {
  clientExtraProperties,
  clientMetadataOf,
  matchesActiveSecret,
  scimScope,
  type StoredClientSecret,
} from './oauth-clients.js';
import { OAUTH_OPTIONS, type OAuthOptions, oauthPaths } from './oauth-options.js';
import type { OAuthKeys } from './oauth-state.js';
import { renderOAuthError } from './oauth-pages.js';

/** An OAuth access token that the SCIM API accepted: who obtained it. */
export interface AcceptedAccessToken {
  readonly clientId: string;
}

const minute = 60;
const day = 24 * 60 * minute;

/**
 * The OAuth 2.0 authorization server, built on oidc-provider: client credentials for Entra and
 * PingOne, authorization code with refresh tokens and an admin's consent for Okta, revocation.
 * Clients are the tenants' application registrations, read from the read model on every use, so
 * a new, rotated or revoked secret counts from the next token request. Access tokens are opaque,
 * stored hashed (OAuthStateStore), and bound to one audience: the SCIM base URL of the client's
 * tenant.
 *
 * The provider is created by `start` once the service knows its public origin (after listen with
 * PORT=0 in tests); until then the OAuth endpoints answer 503.
 */
@Injectable()
export class OAuthServer implements OnApplicationShutdown {
  private provider: Provider | undefined;
  private origin = '';

  constructor(
    @Inject(READ_MODEL) private readonly readModel: DirectoryReadModel,
    @Inject(OAUTH_OPTIONS) private readonly options: OAuthOptions,
  ) {}

  async start(origin: string): Promise<void> {
    this.origin = origin;
    const keys = await this.options.store.keys();
    const provider = new Provider(`${origin}${oauthPaths.mount}`, this.configuration(keys));
    // Behind a TLS-terminating proxy the request says http; X-Forwarded-Proto says what the IdP used.
    provider.proxy = true;
    provider.Client.prototype.compareClientSecret = compareHashedClientSecret;
    this.provider = provider;
  }

  get isRunning(): boolean {
    return this.provider !== undefined;
  }

  get running(): Provider {
    if (this.provider === undefined) {
      throw new ServiceUnavailableException('The OAuth server is starting; retry in a moment');
    }
    return this.provider;
  }

  /** The Node.js handler for everything under /oauth (the caller strips the mount path). */
  handle(request: IncomingMessage, response: ServerResponse): void {
    void this.running.callback()(request, response);
  }

  /** The audience of the tenant's access tokens: its SCIM base URL. */
  resourceFor(tenant: string): string {
    return `${this.origin}/scim/v2/${tenant}`;
  }

  /**
   * The client behind `token` when it is a live access token of this server for `tenant`'s SCIM
   * API, issued to a registration that still exists in that tenant; else undefined.
   */
  async acceptAccessToken(token: string, tenant: string): Promise<AcceptedAccessToken | undefined> {
    if (this.provider === undefined) return undefined;
    const found =
      (await this.provider.ClientCredentials.find(token)) ??
      (await this.provider.AccessToken.find(token));
    if (found === undefined || found.isExpired || found.aud !== this.resourceFor(tenant)) {
      return undefined;
    }
    const clientId = found.clientId;
    if (clientId === undefined) return undefined;
    const app = await this.readModel.appRegistration(clientId);
    return app?.tenantId === tenant ? { clientId } : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.options.store.close();
  }

  private configuration(keys: OAuthKeys): Configuration {
    const { store } = this.options;
    const readModel = this.readModel;
    const resourceFor = (tenant: string) => this.resourceFor(tenant);
    return {
      adapter: (name: string) =>
        name === 'Client'
          ? {
              ...store.adapter(name),
              find: async (clientId: string) => {
                const app = await readModel.appRegistration(clientId);
                return app === undefined ? undefined : clientMetadataOf(app);
              },
            }
          : store.adapter(name),
      clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
      extraClientMetadata: { properties: clientExtraProperties },
      findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        revocation: {
          enabled: true,
          // RFC 7009 §2.1: a client revokes only tokens that were issued to it.
          allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
        },
        userinfo: { enabled: false },
        rpInitiatedLogout: { enabled: false },
        resourceIndicators: {
          enabled: true,
          // IdPs send no `resource`: every token is for the SCIM API of the client's tenant.
          defaultResource: (_ctx, client) => resourceFor(tenantOf(client)),
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx, resource, client) => {
            if (resource !== resourceFor(tenantOf(client))) {
              throw new errors.InvalidTarget(
                `this client may only obtain tokens for ${resourceFor(tenantOf(client))}`,
              );
            }
            return {
              scope: scimScope,
              audience: resource,
              accessTokenTTL: lifetimeOf(client),
              accessTokenFormat: 'opaque',
            };
          },
        },
      },
      // Okta's provisioning client sends no PKCE; these clients are confidential, so the code is
      // useless without the secret.
      pkce: { required: () => false },
      scopes: [scimScope, 'offline_access'],
      responseTypes: ['code'],
      issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
      // The grant outlives the admin's browser session: Okta refreshes on its own, for weeks.
      expiresWithSession: () => false,
      rotateRefreshToken: true,
      ttl: {
        AccessToken: (_ctx, _token, client) => lifetimeOf(client),
        ClientCredentials: (_ctx, _token, client) => lifetimeOf(client),
        AuthorizationCode: minute,
        // Okta refreshes at the start of each provisioning cycle; a month without one ends the grant.
        RefreshToken: 30 * day,
        Grant: 365 * day,
        Interaction: 15 * minute,
        Session: 15 * minute,
        IdToken: 60 * minute,
      },
      interactions: { url: (_ctx, interaction) => `${oauthPaths.interaction}/${interaction.uid}` },
      cookies: {
        keys: keys.cookieKeys,
        long: { signed: true, sameSite: 'lax' },
        short: { signed: true, sameSite: 'lax' },
      },
      jwks: keys.jwks,
      routes: {
        authorization: '/authorize',
        token: '/token',
        revocation: '/token/revocation',
        jwks: '/jwks',
      },
      renderError: (ctx: KoaContextWithOIDC, out) => {
        ctx.type = 'html';
        ctx.body = renderOAuthError(out);
      },
    };
  }
}

/** The extra metadata of our clients; oidc-provider keeps extra properties snake_cased. */
type ScimClient = {
  scim_tenant?: string;
  scim_access_token_lifetime?: number;
  scim_secrets?: StoredClientSecret[];
};

export function tenantOf(client: unknown): string {
  return (client as ScimClient).scim_tenant ?? '';
}

function lifetimeOf(client: unknown): number {
  return (client as ScimClient).scim_access_token_lifetime ?? 60 * minute;
}

/** Replaces oidc-provider's plain-text comparison: secrets are only ever held as SHA-256. */
function compareHashedClientSecret(this: unknown, presented: string): Promise<boolean> {
  return Promise.resolve(
    matchesActiveSecret((this as ScimClient).scim_secrets ?? [], presented, Date.now()),
  );
}
