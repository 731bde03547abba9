import type { FastifyRequest } from 'fastify';
import passport from 'passport';
import OAuth2Strategy from 'passport-oauth2';
import type { AdminSignInConfig } from '#platform';
import type { AdminIdentity } from './admin-sessions.js';
import type {
  AdminSignInStateStore,
  SignInState,
  StateRefusal,
} from './admin-sign-in.state-store.js';

/** A userinfo answer (OpenID Connect Core §5.3.2), reduced to what identifies an admin. */
export interface OrgIdpProfile extends AdminIdentity {
  /** `email_verified`; an address the IdP says it has not verified does not match ADMIN_OAUTH_ADMINS. */
  readonly emailVerified: boolean | undefined;
}

/** Why a signed-in user was refused; the controller turns it into a 403. */
export interface NotAnAdmin {
  readonly reason: 'not-admin';
  readonly message: string;
}

/** How one pass through passport ended, for the controller to answer. */
export type SignInOutcome =
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'signed-in'; readonly identity: AdminIdentity; readonly state: SignInState }
  | { readonly kind: 'refused'; readonly why: SignInRefusal };

/** Why passport refused: a bad `state`, a user not listed, or the IdP's own `error` (no reason). */
export type SignInRefusal =
  StateRefusal | NotAnAdmin | { readonly reason?: undefined; readonly message?: string };

const strategyName = 'org-idp';

/**
 * passport-oauth2 against the organisation's IdP, with the profile read from its userinfo
 * endpoint: plain OAuth 2.0 has no standard profile, and OpenID Connect's is the userinfo answer.
 */
class OrgIdpStrategy extends OAuth2Strategy {
  constructor(
    private readonly userinfoUrl: string,
    options: OAuth2Strategy.StrategyOptions,
    verify: OAuth2Strategy.VerifyFunction,
  ) {
    super(options, verify);
    this.name = strategyName;
  }

  override userProfile(
    accessToken: string,
    done: (err?: unknown, profile?: unknown) => void,
  ): void {
    fetchUserinfo(this.userinfoUrl, accessToken).then(
      (profile) => done(null, profile),
      (error: unknown) => done(error),
    );
  }
}

async function fetchUserinfo(url: string, accessToken: string): Promise<OrgIdpProfile> {
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) {
    throw new Error(`the userinfo endpoint ${url} answered ${response.status}`);
  }
  const claims = (await response.json()) as Record<string, unknown>;
  if (typeof claims.sub !== 'string' || claims.sub === '') {
    throw new Error(`the userinfo endpoint ${url} answered without a "sub" claim`);
  }
  return {
    subject: claims.sub,
    ...(typeof claims.email === 'string' ? { email: claims.email } : {}),
    ...(typeof claims.name === 'string' ? { name: claims.name } : {}),
    emailVerified: typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined,
  };
}

/** Whether ADMIN_OAUTH_ADMINS lists the user: by subject exactly, or by verified e-mail address. */
export function isListedAdmin(admins: readonly string[], profile: OrgIdpProfile): boolean {
  const email = profile.emailVerified === false ? undefined : profile.email?.toLowerCase();
  return admins.some((admin) => admin === profile.subject || admin.toLowerCase() === email);
}

/** passport, with the one strategy admins sign in by; no sessions (AdminSessions keeps those). */
export function orgIdpAuthenticator(
  config: AdminSignInConfig,
  stateStore: AdminSignInStateStore,
): passport.Authenticator {
  const authenticator = new passport.Authenticator();
  const verify = (
    _accessToken: string,
    _refreshToken: string,
    profile: OrgIdpProfile,
    verified: OAuth2Strategy.VerifyCallback,
  ): void => {
    if (isListedAdmin(config.admins, profile)) {
      const { subject, email, name } = profile;
      return verified(null, { subject, ...(email && { email }), ...(name && { name }) });
    }
    const who = profile.email ?? profile.subject;
    const refusal: NotAnAdmin = {
      reason: 'not-admin',
      message: `${who} signed in at the organisation's IdP but is not an administrator of this service; an administrator can add "${who}" to ADMIN_OAUTH_ADMINS`,
    };
    verified(null, false, refusal);
  };
  const strategy = new OrgIdpStrategy(
    config.userinfoUrl,
    {
      authorizationURL: config.authorizationUrl,
      tokenURL: config.tokenUrl,
      clientID: config.clientId,
      clientSecret: config.clientSecret,
      scope: config.scope,
      pkce: true,
      // @types/passport-oauth2 only knows the session-era store shapes, not the PKCE one.
      store: stateStore as unknown as OAuth2Strategy.StateStore,
    },
    verify,
  );
  authenticator.use(strategyName, strategy);
  return authenticator;
}

/**
 * Runs passport's authenticate middleware on a plain request object and captures how it ends:
 * passport writes redirects straight to a Node response, which Fastify must not see half-written,
 * so the response here only records `Location`.
 */
export function authenticate(
  authenticator: passport.Authenticator,
  request: FastifyRequest,
  options: { readonly callbackURL: string; readonly state?: SignInState },
): Promise<SignInOutcome> {
  return new Promise((resolve, reject) => {
    const req = {
      method: request.method,
      url: request.url,
      headers: request.headers,
      query: request.query,
    };
    let location = '';
    const res = {
      statusCode: 200,
      setHeader(name: string, value: string) {
        if (name.toLowerCase() === 'location') location = value;
      },
      end() {
        resolve({ kind: 'redirect', location });
      },
    };
    const middleware = authenticator.authenticate(
      strategyName,
      // passport-oauth2 hands an object `state` to the store; @types/passport expects a string.
      { session: false, ...options } as passport.AuthenticateOptions,
      (error: unknown, user: AdminIdentity | false, info: unknown) => {
        if (error !== null && error !== undefined) return reject(asError(error));
        if (user === false || user === undefined) {
          return resolve({ kind: 'refused', why: (info ?? {}) as SignInRefusal });
        }
        resolve({
          kind: 'signed-in',
          identity: user,
          state: (info as { state: SignInState }).state,
        });
      },
    ) as (req: unknown, res: unknown, next: (error?: unknown) => void) => void;
    middleware(req, res, (error?: unknown) =>
      reject(asError(error ?? 'passport passed the sign-in on without answering')),
    );
  });
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
