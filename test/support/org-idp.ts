// NOTE from the lead: @types/oidc-provider 9.12 is now installed (devDependency); the local
// oidc-provider.d.ts was removed because it shadowed it. Use the @types (e.g. KoaContextWithOIDC
// instead of ProviderContext) and do not re-add a local declaration. Delete this note.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, {
  type Adapter,
  type AdapterPayload,
  type KoaContextWithOIDC,
} from 'oidc-provider';

/** A person with an account at the organisation's IdP. */
export interface OrgAccount {
  readonly email: string;
  readonly name: string;
}

/** Our service as the app registered at the IdP. */
export interface RegisteredApp {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
}

export interface OrgIdp {
  readonly issuer: string;
  /** ADMIN_OAUTH_* for a service registered with `register`. */
  envFor(
    app: Omit<RegisteredApp, 'redirectUri'>,
    admins: readonly string[],
  ): Record<string, string>;
  /** Registers our service; the IdP answers 503 until this is done (its URL is not known before). */
  register(app: RegisteredApp): void;
  /** The `sub` the IdP gives the account with this e-mail address. */
  subjectOf(email: string): string;
  stop(): Promise<void>;
}

/**
 * A real oidc-provider standing in for the organisation's IdP, on 127.0.0.1 and a free port:
 * accounts by e-mail with `email` and `name` claims, and a login page that takes the e-mail
 * address and no password (the test is about our side of the protocol, not the IdP's).
 */
export async function startOrgIdp(accounts: readonly OrgAccount[]): Promise<OrgIdp> {
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (handle !== undefined) return handle(req, res);
    res.writeHead(503).end('No app registered yet');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const subjects = new Map(accounts.map((account, i) => [account.email, `org-user-${i + 1}`]));
  const byEmail = new Map(accounts.map((account) => [account.email, account]));
  const bySubject = new Map(accounts.map((account) => [subjects.get(account.email)!, account]));

  return {
    issuer,
    envFor: (app, admins) => ({
      ADMIN_OAUTH_AUTHORIZATION_URL: `${issuer}/auth`,
      ADMIN_OAUTH_TOKEN_URL: `${issuer}/token`,
      ADMIN_OAUTH_USERINFO_URL: `${issuer}/me`,
      ADMIN_OAUTH_CLIENT_ID: app.clientId,
      ADMIN_OAUTH_CLIENT_SECRET: app.clientSecret,
      ADMIN_OAUTH_ADMINS: admins.join(','),
    }),
    register(app) {
      const provider = providerFor(issuer, app, bySubject);
      const oidc = provider.callback();
      const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
        const interaction = /^\/interaction\/[^/?]+(\/login)?/.exec(req.url ?? '');
        if (interaction === null) return oidc(req, res);
        if (interaction[1] !== undefined && req.method === 'POST') {
          return finishLogin(provider, byEmail, subjects, req, res);
        }
        return showLogin(provider, req, res);
      };
      handle = (req, res) => {
        route(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
      };
    },
    subjectOf: (email) => subjects.get(email) ?? `unknown:${email}`,
    stop: () => closeServer(server),
  };
}

function providerFor(
  issuer: string,
  app: RegisteredApp,
  accounts: ReadonlyMap<string, OrgAccount>,
): Provider {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return new Provider(issuer, {
    clients: [
      {
        client_id: app.clientId,
        client_secret: app.clientSecret,
        redirect_uris: [app.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        // passport-oauth2 sends the client credentials in the token request's body.
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' }] },
    adapter: memoryAdapter(),
    // Seconds; set so the provider does not warn that its defaults are for quick starts.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    cookies: { keys: ['org-idp-test-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const account = accounts.get(sub);
      if (account === undefined) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.email,
          email_verified: true,
          name: account.name,
        }),
      };
    },
    // The organisation's own app: employees are not asked to consent to it.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, result, provider } = ctx.oidc;
      if (client === undefined || session === undefined) return undefined;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return provider.Grant.find(grantId);
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
}

/**
 * The provider's state in a Map of this instance; its built-in one is process-wide and warns.
 * Expiry is left out: an IdP lives for one test file.
 */
function memoryAdapter(): (model: string) => Adapter {
  const records = new Map<string, AdapterPayload>();
  return (model) => {
    const key = (id: string) => `${model}:${id}`;
    const where = (match: (payload: AdapterPayload) => boolean) =>
      [...records].filter(([k, payload]) => k.startsWith(`${model}:`) && match(payload));
    return {
      upsert: async (id, payload) => void records.set(key(id), payload),
      find: async (id) => records.get(key(id)),
      findByUid: async (uid) => where((payload) => payload.uid === uid)[0]?.[1],
      findByUserCode: async (code) => where((payload) => payload.userCode === code)[0]?.[1],
      consume: async (id) => {
        const payload = records.get(key(id));
        if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => void records.delete(key(id)),
      revokeByGrantId: async (grantId) => {
        for (const [k] of where((payload) => payload.grantId === grantId)) records.delete(k);
      },
    };
  };
}

async function showLogin(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { uid, prompt } = await provider.interactionDetails(req, res);
  if (prompt.name !== 'login') {
    res.writeHead(400).end(`The stand-in IdP only handles the login prompt, not ${prompt.name}`);
    return;
  }
  res
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    .end(
      `<!doctype html><form method="post" action="/interaction/${uid}/login">` +
        '<label>E-mail <input name="email" type="email"></label><button>Sign in</button></form>',
    );
}

async function finishLogin(
  provider: Provider,
  byEmail: ReadonlyMap<string, OrgAccount>,
  subjects: ReadonlyMap<string, string>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const email = new URLSearchParams(await bodyOf(req)).get('email') ?? '';
  if (!byEmail.has(email)) {
    res.writeHead(401, { 'content-type': 'text/plain' }).end(`No account for ${email}`);
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: subjects.get(email)! } });
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) =>
    server.close((error) => (error === undefined ? resolve() : reject(error))),
  );
}
