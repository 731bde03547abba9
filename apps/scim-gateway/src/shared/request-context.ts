import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { EventMetadata } from '#event-store';
import { currentLogContext, requestIdOf } from '#platform';
import type { TenantActor } from './decider-stream.js';
import type { TenantScimProfile } from './tenant-profile.js';

/** Who is calling, for which tenant, and how to reach the resources in responses. */
export interface ScimCaller {
  readonly tenant: string;
  /** The credential id (`token:<id>`); recorded in every event's metadata. */
  readonly caller: string;
  readonly correlationId: string;
  /** The IdP's request id when it sent one (Entra: client-request-id; Okta: X-Request-Id). */
  readonly requestId: string | undefined;
  /** `{origin}/scim/v2/{tenant}` */
  readonly baseUrl: string;
  /** The tenant's IdP preset and schemas. */
  readonly profile: TenantScimProfile;
}

export type ScimRequest = FastifyRequest & { scimCaller?: ScimCaller };

/**
 * An admin acting on a tenant's users or groups through their SCIM write path: the admin is the
 * caller recorded in the events (DESIGN decision 8). No SCIM base URL: nothing is answered as SCIM.
 */
export function adminCaller(
  actor: TenantActor,
  tenant: string,
  profile: TenantScimProfile,
): ScimCaller {
  const { caller, correlationId, requestId } = actor;
  return { tenant, caller, correlationId, requestId, baseUrl: '', profile };
}

/**
 * The request's correlation id (the one in its log lines and its `x-correlation-id` response
 * header, set by `installHttpObservability`) and the IdP's request id, for the event metadata.
 * A fresh id only where no HTTP observability runs (a test application without the hooks).
 */
export function correlationOf(request: FastifyRequest): {
  correlationId: string;
  requestId: string | undefined;
} {
  const context = currentLogContext();
  return {
    correlationId: context?.correlationId ?? randomUUID(),
    requestId: context === undefined ? requestIdOf(request.headers) : context.requestId,
  };
}

export function originOf(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl !== undefined) return publicUrl;
  const forwardedProto = request.headers['x-forwarded-proto'];
  const protocol =
    typeof forwardedProto === 'string' ? forwardedProto.split(',')[0]!.trim() : request.protocol;
  return `${protocol}://${request.host}`;
}

export function metadataFor(
  caller: ScimCaller,
  occurredAt: string,
  schemaVersion = 1,
): EventMetadata {
  return {
    tenant: caller.tenant,
    caller: caller.caller,
    correlationId: caller.correlationId,
    ...(caller.requestId === undefined ? {} : { requestId: caller.requestId }),
    occurredAt,
    schemaVersion,
  };
}
