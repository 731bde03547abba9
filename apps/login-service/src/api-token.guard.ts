import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requireBearerToken } from '#platform';

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
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    requireBearerToken(
      request.headers.authorization,
      apiToken,
      'the login service API token (ACCOUNTS_API_TOKEN)',
    );
    return true;
  }
}
