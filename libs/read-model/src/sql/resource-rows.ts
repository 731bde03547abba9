import type { GroupRow, JsonObject, UserRow } from '../read-model.port.js';

/**
 * Values of the `active` column. Besides true and false, the IdP may remove the attribute (the
 * account is enabled then, but GET shows no `active`). That is stored as 2 rather than NULL: the
 * column is NOT NULL, and with 2 the filter compiler's `r.active = 1` and `r.active = 0` already
 * leave such users out of `active eq true` and `active eq false`, as RFC 7644 §3.4.2.2 does for
 * an attribute without a value.
 */
export const activeColumn = { false: 0, true: 1, removed: 2 } as const;

/** The same names in every dialect's schema; the row mappers below read them. */
export const userColumns =
  'r.id, r.user_name, r.active, r.attributes, r.revision, r.created, r.last_modified';
export const groupColumns =
  'r.id, r.display_name, r.attributes, r.revision, r.created, r.last_modified, r.member_count';

/** `attributes` is JSON text (SQLite) or the parsed document (PostgreSQL jsonb). */
export interface UserRecord {
  readonly id: string;
  readonly user_name: string;
  readonly active: number;
  readonly attributes: string | JsonObject;
  readonly revision: number;
  readonly created: string;
  readonly last_modified: string;
}

export interface GroupRecord {
  readonly id: string;
  readonly display_name: string;
  readonly attributes: string | JsonObject;
  readonly revision: number;
  readonly created: string;
  readonly last_modified: string;
  readonly member_count: number;
}

export function toUserRow(record: UserRecord): UserRow {
  return {
    id: record.id,
    userName: record.user_name,
    active: activeOf(record.active),
    attributes: parseJson<JsonObject>(record.attributes),
    revision: record.revision,
    created: record.created,
    lastModified: record.last_modified,
  };
}

export function toGroupRow(record: GroupRecord): GroupRow {
  return {
    id: record.id,
    displayName: record.display_name,
    attributes: parseJson<JsonObject>(record.attributes),
    revision: record.revision,
    created: record.created,
    lastModified: record.last_modified,
    memberCount: record.member_count,
  };
}

/** The SCIM `active` of a stored user: undefined once the IdP removed it. */
function activeOf(stored: number): boolean | undefined {
  if (stored === activeColumn.removed) return undefined;
  return stored === activeColumn.true;
}

/** A JSON column as the driver answers it: text to parse, or an already parsed document. */
export function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
