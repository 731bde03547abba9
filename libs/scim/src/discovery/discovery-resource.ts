import { ScimError } from '../errors/scim-error.js';
import { listResponse, type ListResponse } from '../list/list-response.js';

/** RFC 7643 §5–§7: the schema URNs of the three discovery resources. */
export const SERVICE_PROVIDER_CONFIG_SCHEMA =
  'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** `meta` of a discovery resource (RFC 7643 §3.1): it has no created, lastModified or version. */
export interface DiscoveryMeta {
  readonly resourceType: 'ServiceProviderConfig' | 'ResourceType' | 'Schema';
  readonly location: string;
}

type QueryString = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * RFC 7644 §4: discovery endpoints ignore paging and sorting, and SHOULD answer a `filter` with 403
 * so that a client cannot believe its conditions were applied.
 */
export function rejectDiscoveryFilter(query: QueryString): void {
  if (Object.keys(query).some((name) => name.toLowerCase() === 'filter')) {
    throw ScimError.forbidden(
      'The discovery endpoints do not support "filter" (RFC 7644 §4); request the whole list and select on the client',
    );
  }
}

/** All of a discovery list in one page: RFC 7644 §4 has these lists ignore startIndex and count. */
export function discoveryList<T>(resources: readonly T[]): ListResponse<T> {
  return listResponse(resources, resources.length, 1);
}
