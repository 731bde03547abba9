import type { Attributes } from '../shared/json.js';

/**
 * A tenant's rule deriving each user's role from one boolean attribute of a User extension,
 * e.g. Document360's `isTeamAccount`. `attribute` is the full path: the extension's schema URN,
 * `:`, and the attribute name.
 */
export interface RoleRule {
  readonly attribute: string;
  readonly whenTrue: string;
  readonly whenFalse: string;
}

/** Splits `urn:...:User:isTeamAccount` into the schema URN and the attribute name. */
export function splitAttributePath(path: string): { schemaId: string; name: string } {
  const colon = path.lastIndexOf(':');
  return { schemaId: path.slice(0, colon), name: path.slice(colon + 1) };
}

/**
 * The role `rule` gives a user with these attributes. An attribute that is absent counts as
 * false, as an IdP leaves a false flag out as often as it sends it (RFC 7643 §2.5: unassigned).
 * URN and name are matched ignoring case, like every SCIM attribute name (RFC 7643 §2.1).
 */
export function roleFor(rule: RoleRule, attributes: Attributes): string {
  const { schemaId, name } = splitAttributePath(rule.attribute);
  const extension = valueIgnoringCase(attributes, schemaId);
  const value =
    typeof extension === 'object' && extension !== null && !Array.isArray(extension)
      ? valueIgnoringCase(extension as Attributes, name)
      : undefined;
  return value === true ? rule.whenTrue : rule.whenFalse;
}

function valueIgnoringCase(attributes: Attributes, key: string): unknown {
  const lower = key.toLowerCase();
  const found = Object.keys(attributes).find((candidate) => candidate.toLowerCase() === lower);
  return found === undefined ? undefined : attributes[found];
}
