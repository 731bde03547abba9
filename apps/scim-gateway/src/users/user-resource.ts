import type { Attributes, JsonValue } from '#directory';
import { ScimError } from '#scim';
import { etagOf } from '../shared/etag.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** What a SCIM User body asks the user to be: the input of both POST and PUT. */
export interface DesiredUser {
  readonly userName: string;
  readonly active: boolean;
  readonly attributes: Attributes;
  /** Clear text, only until the handler hashes it. */
  readonly password: string | undefined;
}

/** Attributes the service owns (RFC 7643 §3.1, §4.1.2): accepted in input and ignored. */
const serviceOwned = new Set(['id', 'meta', 'groups', 'schemas']);

export function desiredUserFromScim(body: unknown): DesiredUser {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ScimError(400, 'The body must be a JSON object holding a SCIM User', 'invalidSyntax');
  }
  const input = body as Record<string, JsonValue>;
  const schemas = valueOf(input, 'schemas');
  if (
    !Array.isArray(schemas) ||
    !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === USER_SCHEMA.toLowerCase())
  ) {
    throw new ScimError(400, `"schemas" must list ${USER_SCHEMA}`, 'invalidSyntax');
  }
  const userName = valueOf(input, 'userName');
  if (typeof userName !== 'string' || userName.trim() === '') {
    throw new ScimError(
      400,
      'userName is required and must be a non-empty string (it is the unique sign-in name)',
      'invalidValue',
    );
  }
  const password = valueOf(input, 'password');
  if (password !== undefined && password !== null && typeof password !== 'string') {
    throw new ScimError(400, 'password must be a string', 'invalidValue');
  }
  const attributes: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(input)) {
    const name = canonicalTopLevel(key);
    if (serviceOwned.has(name) || name === 'userName' || name === 'active' || name === 'password')
      continue;
    // RFC 7644 §3.5.1: null (or an empty multi-valued attribute) means "no value".
    if (value === null || (Array.isArray(value) && value.length === 0)) continue;
    attributes[name] = value;
  }
  return {
    userName,
    active: booleanOf(valueOf(input, 'active'), 'active') ?? true,
    attributes,
    password: typeof password === 'string' ? password : undefined,
  };
}

export interface UserView {
  readonly id: string;
  readonly userName: string;
  readonly active: boolean;
  readonly attributes: { readonly [name: string]: unknown };
  readonly revision: number;
  readonly created: string;
  readonly lastModified: string;
}

/** The SCIM representation (RFC 7643 §4.1), with `meta` per §3.1. `password` is never returned. */
export type ScimUser = ReturnType<typeof toScimUser>;

export function toScimUser(
  user: UserView,
  baseUrl: string,
  groups?: readonly { value: string; display?: string }[],
) {
  const extensionSchemas = Object.keys(user.attributes).filter((key) => key.startsWith('urn:'));
  const { externalId, ...rest } = user.attributes;
  return {
    schemas: [USER_SCHEMA, ...extensionSchemas],
    id: user.id,
    ...(externalId === undefined ? {} : { externalId }),
    userName: user.userName,
    ...rest,
    active: user.active,
    ...(groups === undefined || groups.length === 0
      ? {}
      : {
          groups: groups.map((g) => ({
            value: g.value,
            $ref: `${baseUrl}/Groups/${g.value}`,
            ...(g.display === undefined ? {} : { display: g.display }),
            type: 'direct',
          })),
        }),
    meta: {
      resourceType: 'User',
      created: user.created,
      lastModified: user.lastModified,
      location: `${baseUrl}/Users/${user.id}`,
      version: etagOf(user.revision),
    },
  };
}

/** SCIM attribute names are case-insensitive (RFC 7643 §2.1); store them as the schema spells them. */
const coreNames = [
  'id',
  'externalId',
  'meta',
  'schemas',
  'groups',
  'userName',
  'name',
  'displayName',
  'nickName',
  'profileUrl',
  'title',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
  'active',
  'password',
  'emails',
  'phoneNumbers',
  'ims',
  'photos',
  'addresses',
  'entitlements',
  'roles',
  'x509Certificates',
];
const canonical = new Map(coreNames.map((n) => [n.toLowerCase(), n]));

export function canonicalTopLevel(key: string): string {
  if (key.startsWith('urn:') || key.startsWith('URN:')) return key;
  return canonical.get(key.toLowerCase()) ?? key;
}

function valueOf(input: Record<string, JsonValue>, name: string): JsonValue | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(input)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** Entra sends booleans as "True"/"False" strings in places. */
export function booleanOf(value: JsonValue | undefined, name: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value))
    return value.toLowerCase() === 'true';
  throw new ScimError(400, `${name} must be a boolean (true or false)`, 'invalidValue');
}
