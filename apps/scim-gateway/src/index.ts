export { ScimGatewayModule, type ScimGatewayPorts } from './scim-gateway.module.js';
export { Readiness } from './health/readiness.js';
export { TenantBootstrap } from './tenants/tenant-bootstrap.js';
export { setupAdminOpenApi } from './admin/admin-openapi.js';
export { configureScimHttp } from './http/configure-scim-http.js';
export { observeGatewayHttp } from './http/observe-gateway-http.js';
export type { GatewayOptions } from './shared/injection-tokens.js';
export { OAuthServer } from './oauth/oauth-server.js';
export { configureOAuthHttp } from './oauth/oauth-http.js';
export { TOKEN_REQUEST_LIMITER } from './oauth/oauth.parts.js';
export type { OAuthStateStore } from './oauth/oauth-state.js';
export { PostgresOAuthStore } from './oauth/postgres-oauth-store.js';
export { SqliteOAuthStore } from './oauth/sqlite-oauth-store.js';
export {
  closeGateway,
  createGatewayApp,
  listenGateway,
  type GatewayAppOptions,
} from './gateway-app.js';
