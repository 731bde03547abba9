import type { Attributes, ExistingGroup } from '#directory';
import {
  GROUP_SCHEMA,
  normaliseResource,
  ScimError,
  type JsonObject,
  type JsonValue,
  type ResourceInput,
  type SchemaRegistry,
} from '#scim';
import { etagOf } from '../shared/etag.js';

/** What a SCIM Group body asks the group to be: the input of POST, PUT and a PATCH result. */
export interface DesiredGroup {
  readonly displayName: string;
  readonly attributes: Attributes;
  /** Member ids as sent; their types are looked up, not trusted. */
  readonly memberIds: readonly string[];
}

/** Attributes with their own field in the group events, not in `attributes`. */
const ownFields = new Set(['schemas', 'displayName', 'members']);

/**
 * Checks a Group body (or a PATCH result, which holds no members) against the tenant's schemas
 * and splits it into the fields of the group commands.
 */
export function desiredGroup(
  body: unknown,
  schemas: SchemaRegistry,
  input: ResourceInput,
  current?: JsonObject,
): DesiredGroup {
  if (input !== 'patchResult') checkMemberEntries(body);
  const resource = normaliseResource(body, {
    registry: schemas,
    resourceType: 'Group',
    input,
    ...(current === undefined ? {} : { current }),
  });
  const attributes: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(resource)) {
    if (!ownFields.has(name)) attributes[name] = value;
  }
  return {
    // normaliseResource guarantees displayName (required).
    displayName: resource['displayName'] as string,
    attributes,
    memberIds: memberIdsOf(resource['members']),
  };
}

/**
 * Every member entry names its member by `value`. Checked on the body as sent, since an entry
 * holding only readOnly sub-attributes (`display`) would otherwise vanish without a word.
 */
function checkMemberEntries(body: unknown): void {
  if (!isObject(body)) return;
  const members = valueOf(body, 'members');
  if (!Array.isArray(members)) return;
  members.forEach((member, index) => {
    if (member === null) return;
    const value = isObject(member) ? valueOf(member, 'value') : undefined;
    if (typeof value !== 'string' || value.trim() === '')
      throw ScimError.invalidValue(
        `members[${index}] must be an object with a "value" holding the id of a user or group`,
      );
  });
}

function memberIdsOf(members: JsonValue | undefined): string[] {
  if (!Array.isArray(members)) return [];
  return members.flatMap((member) =>
    isObject(member) && typeof member['value'] === 'string' ? [member['value']] : [],
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueOf(object: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : object[key];
}

/** The stored group as a SCIM resource without `meta` and `members`: what PATCH starts from. */
export function groupResource(groupId: string, group: ExistingGroup): JsonObject {
  return coreGroup({ id: groupId, displayName: group.displayName, attributes: group.attributes });
}

export interface GroupView {
  readonly id: string;
  readonly displayName: string;
  readonly attributes: { readonly [name: string]: unknown };
  readonly revision: number;
  readonly created: string;
  readonly lastModified: string;
}

export interface MemberView {
  readonly value: string;
  readonly type: 'User' | 'Group';
  readonly display?: string;
}

function coreGroup(group: Pick<GroupView, 'id' | 'displayName' | 'attributes'>) {
  // Extensions are stored under their URN; `schemas` lists those that hold data (RFC 7643 §3).
  const extensionSchemas = Object.keys(group.attributes).filter((key) =>
    key.toLowerCase().startsWith('urn:'),
  );
  const { externalId, ...rest } = group.attributes;
  return {
    schemas: [GROUP_SCHEMA, ...extensionSchemas],
    id: group.id,
    ...(externalId === undefined ? {} : { externalId }),
    displayName: group.displayName,
    ...rest,
  } as JsonObject;
}

/** The SCIM representation (RFC 7643 §4.2); `members` only when asked for. */
export function toScimGroup(group: GroupView, baseUrl: string, members?: readonly MemberView[]) {
  return {
    ...coreGroup(group),
    ...(members === undefined ? {} : { members: members.map((m) => toScimMember(m, baseUrl)) }),
    meta: {
      resourceType: 'Group',
      created: group.created,
      lastModified: group.lastModified,
      location: `${baseUrl}/Groups/${group.id}`,
      version: etagOf(group.revision),
    },
  };
}

export type ScimGroup = ReturnType<typeof toScimGroup>;

/**
 * A member as returned: `display` is the user's displayName (else userName) or the group's
 * displayName, and `$ref` the member's `meta.location`; whatever the client sent for them is
 * not kept.
 */
export function toScimMember(member: MemberView, baseUrl: string) {
  return {
    value: member.value,
    $ref: `${baseUrl}/${member.type === 'User' ? 'Users' : 'Groups'}/${member.value}`,
    type: member.type,
    ...(member.display === undefined ? {} : { display: member.display }),
  };
}
