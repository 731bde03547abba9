import { expect } from '@jest/globals';
import type { Exchange } from './idp-client.js';

export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * Fails with the request, the expected and the received status and the service's own detail,
 * so a failing replay says in one line what the server must change.
 */
export function expectStatus(res: Exchange, ...expected: number[]): void {
  if (expected.includes(res.status)) return;
  const detail =
    typeof res.body === 'object' && res.body !== null
      ? [res.body.scimType, res.body.detail].filter((part) => part !== undefined).join(': ')
      : res.text.slice(0, 200);
  throw new Error(
    `${res.method} ${res.path}: expected ${expected.join(' or ')}, got ${res.status}${detail === '' ? '' : ` (${detail})`}`,
  );
}

/** RFC 7644 §3.1, §8.1: every SCIM body is `application/scim+json`. */
export function expectScimJson(res: Exchange): void {
  expect({ contentType: res.headers['content-type'] }).toEqual({
    contentType: expect.stringMatching(/^application\/scim\+json/),
  });
}

/** A resource in the answer: the status, SCIM media type, a non-empty `id`, and its schema. */
export function expectResource(res: Exchange, status: number, schema: string): any {
  expectStatus(res, status);
  expectScimJson(res);
  expect(res.body).toEqual(
    expect.objectContaining({ id: expect.stringMatching(/.+/), schemas: expect.any(Array) }),
  );
  expect(res.body.schemas).toContain(schema);
  return res.body;
}

/**
 * A ListResponse (RFC 7644 §3.4.2): paging fields are JSON integers, Resources is an array
 * (also when empty: Entra and the Okta SPEC test read it), every resource carries an `id`.
 */
export function expectListResponse(res: Exchange, totalResults?: number): any[] {
  expectStatus(res, 200);
  expectScimJson(res);
  expect(res.body?.schemas).toEqual([LIST_RESPONSE]);
  for (const field of ['totalResults', 'startIndex', 'itemsPerPage'] as const) {
    expect({ [field]: Number.isInteger(res.body[field]) }).toEqual({ [field]: true });
  }
  expect(Array.isArray(res.body.Resources)).toBe(true);
  const resources = res.body.Resources as any[];
  expect(res.body.itemsPerPage).toBe(resources.length);
  for (const resource of resources) expect(resource.id).toEqual(expect.stringMatching(/.+/));
  if (totalResults !== undefined) expect(res.body.totalResults).toBe(totalResults);
  return resources;
}

/** RFC 7644 §3.12: Error schema, `status` as a string, a `detail` an admin can act on. */
export function expectScimError(res: Exchange, status: number, scimType?: string): void {
  expectStatus(res, status);
  expectScimJson(res);
  expect(res.body).toEqual(
    expect.objectContaining({
      schemas: [ERROR],
      status: String(status),
      detail: expect.stringMatching(/\S/),
    }),
  );
  if (scimType !== undefined) expect(res.body.scimType).toBe(scimType);
}

/** PATCH answers 200 with the resource or 204 without a body (RFC 7644 §3.5.2). */
export function expectPatched(res: Exchange, schema: string): void {
  expectStatus(res, 200, 204);
  if (res.status === 200) expectResource(res, 200, schema);
  else expect(res.text).toBe('');
}

/** No `null` anywhere in a body: absent values are omitted (Entra, RFC 7643 §2.5). */
export function nullPaths(value: unknown, at = '$'): string[] {
  if (value === null) return [at];
  if (Array.isArray(value)) return value.flatMap((item, i) => nullPaths(item, `${at}[${i}]`));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) =>
      nullPaths(item, `${at}.${key}`),
    );
  }
  return [];
}

export function memberIds(group: { members?: { value: string }[] }): string[] {
  return (group.members ?? []).map((member) => member.value).sort();
}

let counter = 0;
/** Unique names per run, as the IdP test scripts generate them. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}
