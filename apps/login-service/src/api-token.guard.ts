import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

export const LOGIN_AUTH = Symbol('LoginAuth');

export interface LoginAuth {
  readonly apiToken: string | undefined;
}

/**
 * With an API token configured, every request must send `Authorization: Bearer <token>`.
 * Without one the route is open: the login service is then meant for an internal network only,
 * where the sign-in components that ask it are the only callers.
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  constructor(@Inject(LOGIN_AUTH) private readonly auth: LoginAuth) {}

  canActivate(context: ExecutionContext): boolean {
    const { apiToken } = this.auth;
    if (apiToken === undefined) return true;
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
    if (presented === undefined)
      throw new UnauthorizedException(
        'Authentication required: send the login service API token as "Authorization: Bearer <token>"',
      );
    if (!sameSecret(presented, apiToken))
      throw new UnauthorizedException('The bearer token is not the login service API token');
    return true;
  }
}

/** Compares digests, so neither the length nor a prefix of the secret leaks through timing. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
