import type { Provider } from '@nestjs/common';
import { CreateLocalGroupHandler } from '../groups/create-local-group/create-local-group.handler.js';
import {
  GetTenantGroupHandler,
  ListTenantGroupsHandler,
} from '../groups/list-tenant-groups/list-tenant-groups.handler.js';
import { ChangeTenantHandler } from '../tenants/change-tenant/change-tenant.handler.js';
import { GetTenantHandler } from '../tenants/get-tenant/get-tenant.handler.js';
import { IssueTokenHandler } from '../tenants/issue-token/issue-token.handler.js';
import { ListTokensHandler } from '../tenants/list-tokens/list-tokens.handler.js';
import { TenantWriter } from '../tenants/tenant.writer.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { AdminGroupsController } from './admin-groups.controller.js';
import { AdminUsersController } from './admin-users.controller.js';
import { ADMIN_OPTIONS, type AdminOptions } from './admin-options.js';
import { AdminSessions } from './admin-sessions.js';
import { AdminSignInController } from './admin-sign-in.controller.js';
import { AdminTenantsController } from './admin-tenants.controller.js';
import { AdminTokensController } from './admin-tokens.controller.js';

export type { AdminOptions } from './admin-options.js';

/** The admin API's part of the gateway module: its controllers, guard and tenant use cases. */
export const adminControllers = [
  AdminTenantsController,
  AdminTokensController,
  AdminSignInController,
  AdminGroupsController,
  AdminUsersController,
];

export function adminProviders(options: AdminOptions = {}): Provider[] {
  return [
    { provide: ADMIN_OPTIONS, useValue: options },
    AdminAuthGuard,
    AdminSessions,
    TenantWriter,
    ChangeTenantHandler,
    IssueTokenHandler,
    GetTenantHandler,
    ListTokensHandler,
    CreateLocalGroupHandler,
    ListTenantGroupsHandler,
    GetTenantGroupHandler,
  ];
}
