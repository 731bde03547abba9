export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export interface ListResponse<T> {
  readonly schemas: readonly [typeof LIST_RESPONSE_SCHEMA];
  readonly totalResults: number;
  readonly startIndex: number;
  readonly itemsPerPage: number;
  readonly Resources: readonly T[];
}

/**
 * A ListResponse (RFC 7644 §3.4.2). `Resources` is always present, also when empty: Entra expects
 * `"Resources": []` with `totalResults: 0` for a filter without hits.
 */
export function listResponse<T>(
  resources: readonly T[],
  totalResults: number,
  startIndex: number,
): ListResponse<T> {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
