import type { GroupRow, JsonObject, UserRow } from '../read-model.port.js';
import { activeColumn } from './user-rows.projection.js';

export const userColumns =
  'r.id, r.user_name, r.active, r.attributes, r.revision, r.created, r.last_modified';
export const groupColumns =
  'r.id, r.display_name, r.attributes, r.revision, r.created, r.last_modified, r.member_count';

export interface UserRecord {
  readonly id: string;
  readonly user_name: string;
  readonly active: number;
  readonly attributes: string;
  readonly revision: number;
  readonly created: string;
  readonly last_modified: string;
}

export interface GroupRecord {
  readonly id: string;
  readonly display_name: string;
  readonly attributes: string;
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
    attributes: JSON.parse(record.attributes) as JsonObject,
    revision: record.revision,
    created: record.created,
    lastModified: record.last_modified,
  };
}

export function toGroupRow(record: GroupRecord): GroupRow {
  return {
    id: record.id,
    displayName: record.display_name,
    attributes: JSON.parse(record.attributes) as JsonObject,
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
