import type { ContractResource } from './contract.js';

/**
 * One integration event as every transport carries it: the CloudEvents 1.0 context attributes,
 * the correlation facts of the domain event it came from, and the contract's `data`.
 */
export interface ContractEvent<Data = unknown> {
  /** `ce_id`: the domain event id (with `#<part>` when a large change is split, see `part`). */
  readonly id: string;
  /** `ce_type`, e.g. `scim.user.deactivated.v1`. */
  readonly type: string;
  /** `ce_source`: `/tenants/<tenant>`. */
  readonly source: string;
  /** `ce_subject`: `Users/<id>` or `Groups/<id>`. */
  readonly subject: string;
  /** `ce_time`: when the change was decided (RFC 3339). */
  readonly time: string;
  readonly tenant: string;
  readonly resource: ContractResource;
  readonly resourceId: string;
  /** `ce_position`: the event store position; increases along each key's messages. */
  readonly position: number;
  /** `ce_caller`: the credential behind the change (`token:<id>`, `app:<clientId>`, `admin:…`). */
  readonly caller: string;
  /** `ce_correlationid`: one per HTTP request; every event of one request shares it. */
  readonly correlationId: string;
  /** `ce_requestid`: the IdP's own request id, when it sent one. */
  readonly requestId?: string;
  /** `ce_part` / `ce_parts`: present when one membership change is split over several messages. */
  readonly part?: { readonly index: number; readonly count: number };
  readonly data: Data;
}

export function subjectOf(resource: ContractResource, resourceId: string): string {
  return `${resource === 'User' ? 'Users' : 'Groups'}/${resourceId}`;
}

export function sourceOf(tenant: string): string {
  return `/tenants/${tenant}`;
}

/** The Kafka message key: one key per resource, so each resource's changes stay in order. */
export function keyOf(tenant: string, resourceId: string): string {
  return `${tenant}/${resourceId}`;
}
