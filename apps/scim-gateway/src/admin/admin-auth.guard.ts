import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ScimError } from '#scim';
import { AuthFailureLimiter, failedAuthentication } from '../shared/auth-failure-limiter.js';
import { correlationOf } from '../shared/request-context.js';
import type { TenantActor } from '../tenants/tenant.writer.js';
import { ADMIN_OPTIONS, type AdminOptions } from './admin-options.js';

export type AdminRequest = FastifyRequest & { adminActor?: TenantActor };

/** The caller recorded in the metadata of events written with ADMIN_BOOTSTRAP_TOKEN. */
export const bootstrapAdmin = 'admin:bootstrap';

/**
 * Admits `Authorization: Bearer <ADMIN_BOOTSTRAP_TOKEN>` to /admin. Later credentials (app
 * registrations, OAuth) become further ways to produce an actor here; handlers only see the actor.
 * Failed attempts are rate limited per client IP, like the SCIM tokens.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly expectedDigest: Buffer | undefined;

  constructor(
    @Inject(ADMIN_OPTIONS) options: AdminOptions,
    private readonly failures: AuthFailureLimiter,
  ) {
    this.expectedDigest =
      options.bootstrapToken === undefined ? undefined : digest(options.bootstrapToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    if (this.expectedDigest === undefined) {
      throw new ScimError(
        401,
        'The admin API is disabled: start the service with ADMIN_BOOTSTRAP_TOKEN set to enable it',
      );
    }
    const token = /^bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    // Digests have one length whatever was sent, so the comparison takes constant time.
    if (token === undefined || !timingSafeEqual(digest(token), this.expectedDigest)) {
      throw failedAuthentication(
        this.failures,
        request,
        context.switchToHttp().getResponse<FastifyReply>(),
        'admin',
        new ScimError(
          401,
          'Authentication required: send the admin token as "Authorization: Bearer <ADMIN_BOOTSTRAP_TOKEN>"',
        ),
      );
    }
    const { correlationId, requestId } = correlationOf(request);
    request.adminActor = { caller: bootstrapAdmin, correlationId, requestId };
    return true;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
