import type { Attributes, JsonValue } from '#directory';
import { ScimError } from '#scim';
import { etagOf } from '../shared/etag.js';

export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** What a SCIM Group body asks the group to be: the input of POST and PUT. */
export interface DesiredGroup {
  readonly displayName: string;
  readonly attributes: Attributes;
  /** Member ids as sent; their types are looked up, not trusted. */
  readonly memberIds: readonly string[];
}

const serviceOwned = new Set(['id', 'meta', 'schemas', 'members', 'displayname']);

export function desiredGroupFromScim(body: unknown): DesiredGroup {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ScimError(
      400,
      'The body must be a JSON object holding a SCIM Group',
      'invalidSyntax',
    );
  }
  const input = body as Record<string, JsonValue>;
  const field = (name: string) =>
    Object.entries(input).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  const schemas = field('schemas');
  if (
    !Array.isArray(schemas) ||
    !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === GROUP_SCHEMA.toLowerCase())
  ) {
    throw new ScimError(400, `"schemas" must list ${GROUP_SCHEMA}`, 'invalidSyntax');
  }
  const displayName = field('displayName');
  if (typeof displayName !== 'string' || displayName.trim() === '') {
    throw new ScimError(
      400,
      'displayName is required and must be a non-empty string',
      'invalidValue',
    );
  }
  return { displayName, attributes: attributesOf(input), memberIds: memberIdsOf(field('members')) };
}

function attributesOf(input: Record<string, JsonValue>): Attributes {
  const attributes: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(input)) {
    if (serviceOwned.has(key.toLowerCase()) || value === null) continue;
    attributes[key.toLowerCase() === 'externalid' ? 'externalId' : key] = value;
  }
  return attributes;
}

export function memberIdsOf(members: JsonValue | undefined): string[] {
  if (members === undefined || members === null) return [];
  if (!Array.isArray(members))
    throw new ScimError(
      400,
      'members must be an array of {"value": "<user or group id>"}',
      'invalidValue',
    );
  return members.map((member, index) => {
    const value =
      typeof member === 'object' && member !== null && !Array.isArray(member)
        ? member.value
        : undefined;
    if (typeof value !== 'string' || value === '') {
      throw new ScimError(
        400,
        `members[${index}] must be an object with a "value" holding a user or group id`,
        'invalidValue',
      );
    }
    return value;
  });
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

/** The SCIM representation (RFC 7643 §4.2); `members` only when asked for. */
export function toScimGroup(group: GroupView, baseUrl: string, members?: readonly MemberView[]) {
  const { externalId, ...rest } = group.attributes;
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    ...(externalId === undefined ? {} : { externalId }),
    displayName: group.displayName,
    ...rest,
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

export function toScimMember(member: MemberView, baseUrl: string) {
  return {
    value: member.value,
    $ref: `${baseUrl}/${member.type === 'User' ? 'Users' : 'Groups'}/${member.value}`,
    type: member.type,
    ...(member.display === undefined ? {} : { display: member.display }),
  };
}
