import type { ListQuery } from '#read-model';
import {
  type JsonObject,
  type ListParams,
  listResponse as scimListResponse,
  parseListParams,
  projectAttributes,
  type ResourceTypeName,
} from '#scim';
import { scimSchemas } from './scim-schemas.js';

/** RFC 7644 §3.4.2.4: the service caps `count`; ServiceProviderConfig will say so. */
export const MAX_PAGE_SIZE = 1000;

export interface ListRequest {
  readonly params: ListParams;
  readonly query: ListQuery;
}

type QueryString = Record<string, string | string[] | undefined>;

/** Turns the query string of a SCIM list request into checked parameters and a read-model query. */
export function listRequestFrom(
  queryString: QueryString,
  resourceType: ResourceTypeName,
): ListRequest {
  const params = parseListParams(queryString, scimSchemas.forResource(resourceType), {
    maxCount: MAX_PAGE_SIZE,
  });
  return {
    params,
    query: {
      startIndex: params.startIndex,
      count: params.count,
      ...(params.filter === undefined ? {} : { filter: params.filter }),
      ...(params.sortBy === undefined
        ? {}
        : { sortBy: params.sortBy, sortOrder: params.sortOrder }),
    },
  };
}

/** `attributes`/`excludedAttributes` of a single-resource GET (RFC 7644 §3.9). */
export function projectionFrom(
  queryString: QueryString,
  resourceType: ResourceTypeName,
): ListParams {
  return parseListParams(queryString, scimSchemas.forResource(resourceType), {
    maxCount: MAX_PAGE_SIZE,
  });
}

/** Whether the response will hold `attribute`, so that costly ones (members) are read only then. */
export function returns(params: ListParams, attribute: string): boolean {
  const named = (list: readonly { attribute: string }[]) =>
    list.some((path) => path.attribute === attribute);
  if (named(params.excludedAttributes)) return false;
  return params.attributes.length === 0 || named(params.attributes);
}

export function project<T extends object>(
  resource: T,
  params: ListParams,
  resourceType: ResourceTypeName,
): JsonObject {
  if (params.attributes.length === 0 && params.excludedAttributes.length === 0)
    return resource as unknown as JsonObject;
  return projectAttributes(
    resource as unknown as JsonObject,
    params,
    scimSchemas.forResource(resourceType),
  );
}

export function listResponse(
  resources: readonly object[],
  totalResults: number,
  params: ListParams,
  resourceType: ResourceTypeName,
) {
  return scimListResponse(
    resources.map((r) => project(r, params, resourceType)),
    totalResults,
    params.startIndex,
  );
}
