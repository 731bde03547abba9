import { Controller, Get, HttpCode, Inject, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import passport from 'passport';
import OAuth2Strategy from 'passport-oauth2';
import { adminSignInEnabledBy } from '#platform';
import { ScimError } from '#scim';
import { GATEWAY_OPTIONS, type GatewayOptions } from '../shared/injection-tokens.js';
import { originOf } from '../shared/request-context.js';
import { requireOwnOrigin } from './admin-auth.guard.js';
import { ADMIN_OPTIONS, type AdminOptions } from './admin-options.js';
import {
  type AdminSession,
  AdminSessions,
  adminSessionCookie,
  cookieOf,
} from './admin-sessions.js';
import { AdminSignInStateStore, signInBrowserCookie } from './admin-sign-in.state-store.js';
import {
  authenticate,
  orgIdpAuthenticator,
  type SignInOutcome,
  type SignInRefusal,
} from './admin-sign-in.strategy.js';

const callbackPath = '/admin/sign-in/callback';
const defaultReturnTo = '/admin/session';

/**
 * Admin sign-in through the organisation's OAuth 2.0 / OpenID provider (authorization code flow
 * with PKCE, RFC 7636). These are browser routes: they redirect and set cookies, so they stay out
 * of the OpenAPI document, whose routes take the admin bearer token.
 */
@ApiExcludeController()
@Controller('admin')
export class AdminSignInController {
  private readonly logger = new Logger('AdminSignIn');
  private readonly authenticator: passport.Authenticator | undefined;
  private readonly secureCookies: boolean;

  constructor(
    @Inject(ADMIN_OPTIONS) options: AdminOptions,
    @Inject(GATEWAY_OPTIONS) private readonly gateway: GatewayOptions,
    private readonly sessions: AdminSessions,
  ) {
    this.authenticator =
      options.signIn === undefined
        ? undefined
        : orgIdpAuthenticator(options.signIn, new AdminSignInStateStore());
    this.secureCookies = gateway.publicUrl?.startsWith('https://') ?? false;
  }

  /** Sends the browser to the organisation's IdP; `returnTo` is where it lands afterwards. */
  @Get('sign-in')
  async signIn(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const authenticator = this.enabledAuthenticator();
    const returnTo = returnToOf(request);
    const browser = randomBytes(32).toString('base64url');
    const outcome = await authenticate(authenticator, request, {
      callbackURL: this.callbackUrl(request),
      state: { returnTo, browser },
    });
    if (outcome.kind !== 'redirect') throw this.unexpected(outcome);
    void reply
      .header('set-cookie', this.signInCookie(browser, 600))
      .header('cache-control', 'no-store')
      .redirect(outcome.location, 302);
  }

  /** Where the IdP sends the browser back with a code; exchanges it and starts the session. */
  @Get('sign-in/callback')
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const authenticator = this.enabledAuthenticator();
      const query = request.query as Record<string, unknown>;
      if (query.code === undefined && query.error === undefined) {
        throw new ScimError(
          400,
          'The sign-in callback needs the "code" and "state" the IdP sends; start again at /admin/sign-in',
        );
      }
      const outcome = await authenticate(authenticator, request, {
        callbackURL: this.callbackUrl(request),
      }).catch((error: unknown) => {
        throw this.idpFailure(error);
      });
      void reply.header('set-cookie', this.signInCookie('', 0));
      if (outcome.kind === 'refused') throw refusedSignIn(outcome.why);
      if (outcome.kind !== 'signed-in') throw this.unexpected(outcome);
      const session = this.sessions.create(outcome.identity, reply);
      this.logger.log(`Admin ${session.email ?? session.subject} signed in`);
      void reply.header('cache-control', 'no-store').redirect(outcome.state.returnTo, 302);
    } catch (error) {
      // A person in a browser lands here; show them the detail instead of a JSON document.
      if (error instanceof ScimError && prefersHtml(request)) {
        void reply.status(error.status).type('text/html; charset=utf-8').send(errorPage(error));
        return;
      }
      throw error;
    }
  }

  /** The signed-in admin, for the admin UI to show who is signed in and until when. */
  @Get('session')
  session(@Req() request: FastifyRequest): AdminSession {
    const session = this.sessions.sessionOf(request);
    if (session === undefined) {
      throw new ScimError(401, 'Not signed in: sign in at /admin/sign-in');
    }
    const { subject, email, name, expiresAt } = session;
    return { subject, email, name, expiresAt };
  }

  /** Ends the session; with its cookie, only from this service's own pages (CSRF). */
  @Post('sign-out')
  @HttpCode(204)
  signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    if (cookieOf(request, adminSessionCookie) !== undefined) {
      requireOwnOrigin(request, this.gateway.publicUrl);
    }
    this.sessions.end(request, reply);
  }

  private enabledAuthenticator(): passport.Authenticator {
    if (this.authenticator !== undefined) return this.authenticator;
    throw new ScimError(
      404,
      `Admin sign-in is not configured: set ${adminSignInEnabledBy.join(', ')} (and optionally ADMIN_OAUTH_SCOPE) to enable it`,
    );
  }

  private callbackUrl(request: FastifyRequest): string {
    return `${originOf(request, this.gateway.publicUrl)}${callbackPath}`;
  }

  private signInCookie(value: string, maxAgeSeconds: number): string {
    return [
      `${signInBrowserCookie}=${value}`,
      'Path=/admin/sign-in',
      `Max-Age=${maxAgeSeconds}`,
      'HttpOnly',
      // Lax: the cookie must come back on the IdP's top-level redirect to the callback.
      'SameSite=Lax',
      ...(this.secureCookies ? ['Secure'] : []),
    ].join('; ');
  }

  private idpFailure(error: unknown): ScimError {
    if (error instanceof OAuth2Strategy.AuthorizationError) {
      return new ScimError(
        400,
        `The organisation's IdP refused the sign-in (${error.code}: ${error.message}); check the app registered there, then start again at /admin/sign-in`,
      );
    }
    if (error instanceof OAuth2Strategy.TokenError) {
      return new ScimError(
        400,
        `The organisation's IdP refused the authorization code (${error.code}: ${error.message}); start again at /admin/sign-in`,
      );
    }
    this.logger.warn(`Sign-in failed at the IdP: ${String(error)}`);
    const reason = error instanceof Error ? error.message : String(error);
    return new ScimError(
      502,
      `Could not complete the sign-in with the organisation's IdP (${reason}); check ADMIN_OAUTH_TOKEN_URL, ADMIN_OAUTH_USERINFO_URL and the client credentials`,
    );
  }

  private unexpected(outcome: SignInOutcome): ScimError {
    this.logger.error(`Unexpected sign-in outcome: ${outcome.kind}`);
    return new ScimError(
      502,
      `The sign-in ended unexpectedly (${outcome.kind}); start again at /admin/sign-in`,
    );
  }
}

/**
 * Only a path on this service: `//host` and `/\host` are read by browsers as another origin,
 * which would make sign-in an open redirect.
 */
function returnToOf(request: FastifyRequest): string {
  const raw = (request.query as Record<string, unknown>).returnTo;
  if (raw === undefined || raw === '') return defaultReturnTo;
  if (typeof raw === 'string' && /^\/(?![/\\])[^\s\\]*$/.test(raw) && raw.length <= 2000) {
    return raw;
  }
  throw new ScimError(
    400,
    'returnTo must be a path on this service starting with a single "/" (such as /admin/session), not another site',
  );
}

function refusedSignIn(why: SignInRefusal): ScimError {
  switch (why.reason) {
    case 'state':
      return new ScimError(400, why.message);
    case 'not-admin':
      return new ScimError(403, why.message);
    case undefined:
      return new ScimError(
        401,
        `The organisation's IdP did not sign you in${why.message ? ` (${why.message})` : ''}; start again at /admin/sign-in`,
      );
    default: {
      const unknown: never = why;
      return unknown;
    }
  }
}

function prefersHtml(request: FastifyRequest): boolean {
  return /\btext\/html\b/.test(request.headers.accept ?? '');
}

function errorPage(error: ScimError): string {
  const detail = escapeHtml(error.detail);
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Admin sign-in: ${error.status}</title><body><h1>Admin sign-in failed</h1><p>${detail}</p></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
