import { scimActiveOf, type Attributes, type ExistingUser } from '#directory';
import {
  normaliseResource,
  USER_SCHEMA,
  type JsonObject,
  type ResourceInput,
  type SchemaRegistry,
} from '#scim';
import { etagOf } from '../shared/etag.js';

/** What a SCIM User body asks the user to be: the input of POST, PUT and a PATCH result. */
export interface DesiredUser {
  readonly userName: string;
  /**
   * Absent when the body left `active` out: a POST provisions an active user and a PUT keeps the
   * current value, while a PATCH result without it means the PATCH removed it (see
   * `changeUserCommand`).
   */
  readonly active: boolean | undefined;
  readonly attributes: Attributes;
  /** Clear text, only until the handler hashes it; absent keeps the stored hash. */
  readonly password: string | undefined;
}

/** Attributes with their own field in the user events, not in `attributes`. */
const ownFields = new Set(['schemas', 'userName', 'active', 'password']);

/**
 * Checks a User body (or a PATCH result) against the tenant's schemas and splits it into the
 * fields of the user commands. `current` is the stored user, for immutable attributes.
 */
export function desiredUser(
  body: unknown,
  schemas: SchemaRegistry,
  input: ResourceInput,
  current?: JsonObject,
): DesiredUser {
  const resource = normaliseResource(body, {
    registry: schemas,
    resourceType: 'User',
    input,
    ...(current === undefined ? {} : { current }),
  });
  const attributes: Record<string, Attributes[string]> = {};
  for (const [name, value] of Object.entries(resource)) {
    if (!ownFields.has(name)) attributes[name] = value;
  }
  const { userName, active, password } = resource;
  return {
    // normaliseResource guarantees a userName string (required) and a boolean active.
    userName: userName as string,
    active: typeof active === 'boolean' ? active : undefined,
    attributes,
    password: typeof password === 'string' ? password : undefined,
  };
}

/** The stored user as a SCIM resource without `meta` and `groups`: what PUT and PATCH start from. */
export function userResource(userId: string, user: ExistingUser): JsonObject {
  return coreUser({
    id: userId,
    userName: user.userName,
    active: scimActiveOf(user),
    attributes: user.attributes,
  });
}

export interface UserView {
  readonly id: string;
  readonly userName: string;
  /** Undefined once the IdP removed `active` (the account is enabled then). */
  readonly active: boolean | undefined;
  readonly attributes: { readonly [name: string]: unknown };
  readonly revision: number;
  readonly created: string;
  readonly lastModified: string;
}

function coreUser(user: Pick<UserView, 'id' | 'userName' | 'active' | 'attributes'>) {
  // Extensions are stored under their URN; `schemas` lists those that hold data (RFC 7643 §3).
  const extensionSchemas = Object.keys(user.attributes).filter((key) =>
    key.toLowerCase().startsWith('urn:'),
  );
  const { externalId, ...rest } = user.attributes;
  return {
    schemas: [USER_SCHEMA, ...extensionSchemas],
    id: user.id,
    ...(externalId === undefined ? {} : { externalId }),
    userName: user.userName,
    ...rest,
    ...(user.active === undefined ? {} : { active: user.active }),
  } as JsonObject;
}

/** The SCIM representation (RFC 7643 §4.1), with `meta` per §3.1. `password` is never returned. */
export type ScimUser = ReturnType<typeof toScimUser>;

export function toScimUser(
  user: UserView,
  baseUrl: string,
  groups?: readonly { value: string; display?: string }[],
) {
  return {
    ...coreUser(user),
    // RFC 7643 §4.1.2: a read-only back-reference, computed from the groups' members.
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
