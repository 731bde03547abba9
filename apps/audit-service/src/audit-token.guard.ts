import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

export const AUDIT_AUTH = Symbol('AuditAuth');

export interface AuditAuth {
  readonly apiToken: string | undefined;
}

/**
 * The audit log shows who changed what in every tenant, so it is never open: without a
 * configured token every request is refused, with one it must come as `Authorization: Bearer`.
 */
@Injectable()
export class AuditTokenGuard implements CanActivate {
  constructor(@Inject(AUDIT_AUTH) private readonly auth: AuditAuth) {}

  canActivate(context: ExecutionContext): boolean {
    const { apiToken } = this.auth;
    if (apiToken === undefined)
      throw new UnauthorizedException(
        'The audit API has no token configured, so it refuses every request: set AUDIT_API_TOKEN and send it as "Authorization: Bearer <token>"',
      );
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
    if (presented === undefined)
      throw new UnauthorizedException(
        'Authentication required: send the audit API token (AUDIT_API_TOKEN) as "Authorization: Bearer <token>"',
      );
    if (!sameSecret(presented, apiToken))
      throw new UnauthorizedException('The bearer token is not the audit API token');
    return true;
  }
}

/** Compares digests, so neither the length nor a prefix of the secret leaks through timing. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
