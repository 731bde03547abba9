import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ScimCaller, ScimRequest } from './request-context.js';

/** The authenticated caller that BearerAuthGuard attached to the request. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): ScimCaller => {
  const caller = context.switchToHttp().getRequest<ScimRequest>().scimCaller;
  if (caller === undefined) throw new Error('Caller used on a route without BearerAuthGuard');
  return caller;
});
