import { ScimError } from '#scim';

/** RFC 7644 §3.14: the ETag is the resource's stream revision, weak because it is not a byte hash. */
export function etagOf(revision: number): string {
  return `W/"${revision}"`;
}

/**
 * Parses `If-Match` into the revision the client expects, or `undefined` for none or `*`.
 * Several listed tags are not supported: a write needs one expected revision.
 */
export function expectedRevisionFromIfMatch(
  header: string | string[] | undefined,
): number | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === '' || value === '*') return undefined;
  const match = /^(?:W\/)?"(\d{1,15})"$/.exec(value);
  if (match === null) {
    throw new ScimError(
      412,
      `If-Match ${value} is not an ETag of this resource; send the ETag from meta.version, for example W/"3"`,
    );
  }
  return Number(match[1]);
}

/** True when `If-None-Match` names the current revision (answer 304). */
export function ifNoneMatchHits(header: string | string[] | undefined, revision: number): boolean {
  if (header === undefined) return false;
  const current = etagOf(revision);
  const tags = (Array.isArray(header) ? header.join(',') : header).split(',').map((t) => t.trim());
  return tags.some((tag) => tag === '*' || tag === current || tag === `"${revision}"`);
}

/**
 * Sets the ETag of a resource being answered and reports whether `If-None-Match` already names
 * it, in which case the caller answers 304 without a body (RFC 7232 §4.1, RFC 7644 §3.14).
 */
export function notModified(
  reply: { header(name: string, value: string): unknown; status(code: number): unknown },
  resource: { readonly meta: { readonly version: string } },
  ifNoneMatch: string | string[] | undefined,
): boolean {
  void reply.header('ETag', resource.meta.version);
  const revision = /^W\/"(\d+)"$/.exec(resource.meta.version)?.[1];
  if (revision === undefined || !ifNoneMatchHits(ifNoneMatch, Number(revision))) return false;
  void reply.status(304);
  return true;
}
