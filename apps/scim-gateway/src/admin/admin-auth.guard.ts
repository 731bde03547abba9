import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ScimError } from '#scim';
import { AuthFailureLimiter, failedAuthentication } from '../shared/auth-failure-limiter.js';
import { GATEWAY_OPTIONS, type GatewayOptions } from '../shared/injection-tokens.js';
import { correlationOf, originOf } from '../shared/request-context.js';
import type { TenantActor } from '../tenants/tenant.writer.js';
import { ADMIN_OPTIONS, type AdminOptions } from './admin-options.js';
import { type AdminSession, AdminSessions } from './admin-sessions.js';

export type AdminRequest = FastifyRequest & { adminActor?: TenantActor };

/** The caller recorded in the metadata of events written with ADMIN_BOOTSTRAP_TOKEN. */
export const bootstrapAdmin = 'admin:bootstrap';

/** The caller recorded for an admin signed in through the organisation's IdP. */
export function signedInAdmin(session: AdminSession): string {
  return `admin:oauth:${session.subject}`;
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Admits `Authorization: Bearer <ADMIN_BOOTSTRAP_TOKEN>` (automation) or the session cookie of an
 * admin signed in through the organisation's IdP; handlers only see the actor. Failed attempts
 * are rate limited per client IP, like the SCIM tokens.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly expectedDigest: Buffer | undefined;
  private readonly signInEnabled: boolean;

  constructor(
    @Inject(ADMIN_OPTIONS) options: AdminOptions,
    @Inject(GATEWAY_OPTIONS) private readonly gateway: GatewayOptions,
    private readonly failures: AuthFailureLimiter,
    private readonly sessions: AdminSessions,
  ) {
    this.expectedDigest =
      options.bootstrapToken === undefined ? undefined : digest(options.bootstrapToken);
    this.signInEnabled = options.signIn !== undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    if (this.expectedDigest === undefined && !this.signInEnabled) {
      throw new ScimError(
        401,
        'The admin API is disabled: start the service with ADMIN_BOOTSTRAP_TOKEN set (or the ADMIN_OAUTH_* variables for admin sign-in) to enable it',
      );
    }
    const caller = this.bearerCaller(request) ?? this.sessionCaller(request);
    if (caller === undefined) {
      throw failedAuthentication(
        this.failures,
        request,
        context.switchToHttp().getResponse<FastifyReply>(),
        'admin',
        new ScimError(401, this.howToAuthenticate()),
      );
    }
    const { correlationId, requestId } = correlationOf(request);
    request.adminActor = { caller, correlationId, requestId };
    return true;
  }

  private bearerCaller(request: FastifyRequest): string | undefined {
    const token = /^bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    // Digests have one length whatever was sent, so the comparison takes constant time.
    if (token === undefined || this.expectedDigest === undefined) return undefined;
    return timingSafeEqual(digest(token), this.expectedDigest) ? bootstrapAdmin : undefined;
  }

  private sessionCaller(request: FastifyRequest): string | undefined {
    // A wrong bearer token is not rescued by a cookie: the caller meant the token.
    if (request.headers.authorization !== undefined) return undefined;
    const session = this.sessions.sessionOf(request);
    if (session === undefined) return undefined;
    if (unsafeMethods.has(request.method)) requireOwnOrigin(request, this.gateway.publicUrl);
    return signedInAdmin(session);
  }

  private howToAuthenticate(): string {
    const ways = [
      ...(this.expectedDigest === undefined
        ? []
        : ['send the admin token as "Authorization: Bearer <ADMIN_BOOTSTRAP_TOKEN>"']),
      ...(this.signInEnabled ? ['sign in at /admin/sign-in'] : []),
    ];
    return `Authentication required: ${ways.join(', or ')}`;
  }
}

/**
 * Browsers attach the cookie to requests other sites trigger (CSRF); they also send `Origin` on
 * every cross-origin and every non-GET request, which a page cannot forge. So a cookie may change
 * something only when `Origin` is this service's own.
 */
export function requireOwnOrigin(request: FastifyRequest, publicUrl: string | undefined): void {
  const own = originOf(request, publicUrl);
  const sent = request.headers.origin;
  if (sent === own) return;
  throw new ScimError(
    403,
    sent === undefined
      ? `Refused: a change made with the admin session cookie must carry an Origin header equal to ${own}`
      : `Refused: Origin ${sent} is not this service (${own}); the admin session cookie only authorizes changes made from ${own}`,
  );
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
