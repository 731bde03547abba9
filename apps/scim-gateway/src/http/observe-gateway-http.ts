import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  installHttpObservability,
  type LogContext,
  type HttpObservabilityOptions,
} from '#platform';
import type { AdminRequest } from '../admin/admin-auth.guard.js';
import type { ScimRequest } from '../shared/request-context.js';

/**
 * The gateway's logs and metrics per request (see `installHttpObservability`), with the caller
 * the guards authenticated and the tenant an admin route names in its access log line.
 */
export function observeGatewayHttp(
  fastify: FastifyInstance,
  options: Pick<HttpObservabilityOptions, 'logger' | 'metrics'>,
): void {
  installHttpObservability(fastify, { ...options, describe: gatewayFieldsOf });
}

function gatewayFieldsOf(request: FastifyRequest): Partial<Omit<LogContext, 'correlationId'>> {
  const caller =
    (request as ScimRequest).scimCaller?.caller ?? (request as AdminRequest).adminActor?.caller;
  // Admin routes name the tenant `:id` (/admin/tenants/:id/...); SCIM routes `:tenant`.
  const adminTenant = request.routeOptions.url?.startsWith('/admin/tenants/:id')
    ? (request.params as Record<string, unknown>).id
    : undefined;
  return {
    ...(caller === undefined ? {} : { caller }),
    ...(typeof adminTenant === 'string' ? { tenant: adminTenant } : {}),
  };
}
