import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { TenantActor } from '../tenants/tenant.writer.js';
import type { AdminRequest } from './admin-auth.guard.js';

/** The authenticated admin that AdminAuthGuard attached to the request. */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): TenantActor => {
  const actor = context.switchToHttp().getRequest<AdminRequest>().adminActor;
  if (actor === undefined) throw new Error('Actor used on a route without AdminAuthGuard');
  return actor;
});
