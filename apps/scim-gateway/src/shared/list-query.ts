import { InvalidFilterError, InvalidSortError, type ListQuery } from '#read-model';
import {
  type AttributeResolver,
  type JsonObject,
  type ListParams,
  listResponse as scimListResponse,
  parseListParams,
  projectAttributes,
  type ResourceTypeName,
  type SchemaRegistry,
  ScimError,
} from '#scim';

/** RFC 7644 §3.4.2.4: the service caps `count`; ServiceProviderConfig will say so. */
export const MAX_PAGE_SIZE = 1000;

export interface ListRequest {
  readonly params: ListParams;
  readonly query: ListQuery;
}

type QueryString = Readonly<Record<string, string | readonly string[] | undefined>>;

/*
 * Every function takes the caller's schemas (`caller.profile.schemas`), so a tenant's own
 * extension attributes can be filtered, sorted and projected.
 */

/** Turns the query string of a SCIM list request into checked parameters and a read-model query. */
export function listRequestFrom(
  queryString: QueryString,
  resourceType: ResourceTypeName,
  schemas: SchemaRegistry,
): ListRequest {
  const resolver = schemas.forResource(resourceType);
  const params = parseListParams(queryString, resolver, { maxCount: MAX_PAGE_SIZE });
  return { params, query: readModelQuery(params, resolver) };
}

/** The read-model question for checked list parameters. */
export function readModelQuery(params: ListParams, resolver: AttributeResolver): ListQuery {
  return {
    startIndex: params.startIndex,
    count: params.count,
    resolver,
    ...(params.filter === undefined ? {} : { filter: params.filter }),
    ...(params.sortBy === undefined ? {} : { sortBy: params.sortBy, sortOrder: params.sortOrder }),
  };
}

/** `attributes`/`excludedAttributes` of a single-resource GET (RFC 7644 §3.9). */
export function projectionFrom(
  queryString: QueryString,
  resourceType: ResourceTypeName,
  schemas: SchemaRegistry,
): ListParams {
  return parseListParams(queryString, schemas.forResource(resourceType), {
    maxCount: MAX_PAGE_SIZE,
  });
}

/** Whether the response will hold `attribute`, so that costly ones (members, groups) are read only then. */
export function returns(params: ListParams, attribute: string): boolean {
  const named = (list: readonly { attribute: string; subAttribute?: string }[]) =>
    list.some((path) => path.attribute === attribute);
  const wholly = params.excludedAttributes.some(
    (path) => path.attribute === attribute && path.subAttribute === undefined,
  );
  if (wholly) return false;
  return params.attributes.length === 0 || named(params.attributes);
}

/**
 * How a group's members are returned: not at all (`excludedAttributes=members`, or `attributes`
 * not naming them), or with or without each member's `display` (`returned: "request"` on the
 * generic preset, so it comes only when `attributes` names `members.display`).
 */
export type MemberRendering = 'none' | 'withoutDisplay' | 'withDisplay';

export function memberRendering(params: ListParams, schemas: SchemaRegistry): MemberRendering {
  if (!returns(params, 'members')) return 'none';
  const display = schemas.resolve('Group', 'members.display');
  const named = (list: readonly { attribute: string; subAttribute?: string }[]) =>
    list.some((path) => path.attribute === 'members' && path.subAttribute === 'display');
  if (named(params.excludedAttributes)) return 'withoutDisplay';
  return display?.definition.returned === 'default' || named(params.attributes)
    ? 'withDisplay'
    : 'withoutDisplay';
}

/** RFC 7644 §3.9: `schemas` and `returned: always` attributes (`id`) stay whatever was asked. */
export function project<T extends object>(
  resource: T,
  params: ListParams,
  resourceType: ResourceTypeName,
  schemas: SchemaRegistry,
): JsonObject {
  if (params.attributes.length === 0 && params.excludedAttributes.length === 0)
    return resource as unknown as JsonObject;
  return projectAttributes(
    resource as unknown as JsonObject,
    params,
    schemas.forResource(resourceType),
  );
}

export function listResponse(
  resources: readonly object[],
  totalResults: number,
  params: ListParams,
  resourceType: ResourceTypeName,
  schemas: SchemaRegistry,
) {
  return scimListResponse(
    resources.map((r) => project(r, params, resourceType, schemas)),
    totalResults,
    params.startIndex,
  );
}

/** The read model's refusals of a filter or sortBy, as the SCIM errors they stand for. */
export function asScimQueryError(error: unknown): never {
  if (error instanceof InvalidFilterError || error instanceof InvalidSortError)
    throw new ScimError(400, error.message, error.scimType);
  throw error;
}
