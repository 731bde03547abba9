import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { EventMetadata } from '#event-store';
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

const requestIdHeaders = ['client-request-id', 'x-request-id', 'x-ms-request-id', 'request-id'];

export function correlationOf(request: FastifyRequest): {
  correlationId: string;
  requestId: string | undefined;
} {
  let requestId: string | undefined;
  for (const name of requestIdHeaders) {
    const value = request.headers[name];
    if (typeof value === 'string' && value.length > 0 && value.length <= 200) {
      requestId = value;
      break;
    }
  }
  return { correlationId: randomUUID(), requestId };
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
