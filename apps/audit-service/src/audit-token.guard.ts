import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requireBearerToken } from '#platform';

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
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    requireBearerToken(
      request.headers.authorization,
      apiToken,
      'the audit API token (AUDIT_API_TOKEN)',
    );
    return true;
  }
}
