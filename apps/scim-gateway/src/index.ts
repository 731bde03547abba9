export { ScimGatewayModule, type ScimGatewayPorts } from './scim-gateway.module.js';
export { Readiness } from './health/readiness.js';
export { TenantBootstrap } from './tenants/tenant-bootstrap.js';
export { setupAdminOpenApi } from './admin/admin-openapi.js';
export { configureScimHttp } from './http/configure-scim-http.js';
export type { GatewayOptions } from './shared/injection-tokens.js';
