import type { Attributes, JsonValue } from '../shared/json.js';
import type { Member } from '../shared/member.js';

/**
 * Group events. Membership is recorded as deltas, never as the whole member list, so a change to
 * a group of 100,000 members writes only the members that changed.
 */
export interface GroupCreated {
  readonly type: 'GroupCreated';
  readonly data: {
    readonly groupId: string;
    readonly displayName: string;
    /** Attributes other than `id`, `displayName`, `members` and `meta` (e.g. `externalId`). */
    readonly attributes: Attributes;
  };
}

/**
 * A group was created in the application itself, not by the IdP: a "local" group. SCIM does not
 * see it (its displayName is unique among local groups only) until it is adopted. A distinct
 * type rather than a flag on `GroupCreated`, so every `GroupCreated` ever written still means a
 * SCIM group and needs no upcasting.
 */
export interface LocalGroupCreated {
  readonly type: 'LocalGroupCreated';
  readonly data: { readonly groupId: string; readonly displayName: string };
}

/**
 * A SCIM POST /Groups of the same displayName (ignoring case) took a local group over, under the
 * tenant's `adoptExisting` policy. The group keeps its id and members; from now on it is a SCIM
 * group. `displayName` and `attributes` (e.g. `externalId`) are as the IdP sent them.
 */
export interface GroupAdoptedByScim {
  readonly type: 'GroupAdoptedByScim';
  readonly data: {
    readonly groupId: string;
    readonly displayName: string;
    readonly attributes: Attributes;
  };
}

export interface GroupRenamed {
  readonly type: 'GroupRenamed';
  readonly data: { readonly groupId: string; readonly from: string; readonly to: string };
}

export interface GroupAttributesChanged {
  readonly type: 'GroupAttributesChanged';
  readonly data: {
    readonly groupId: string;
    readonly set: { readonly [name: string]: JsonValue };
    readonly unset: readonly string[];
  };
}

export interface GroupMembersAdded {
  readonly type: 'GroupMembersAdded';
  readonly data: { readonly groupId: string; readonly members: readonly Member[] };
}

export interface GroupMembersRemoved {
  readonly type: 'GroupMembersRemoved';
  readonly data: { readonly groupId: string; readonly memberIds: readonly string[] };
}

export interface GroupDeleted {
  readonly type: 'GroupDeleted';
  readonly data: { readonly groupId: string; readonly displayName: string };
}

export type GroupEvent =
  | GroupCreated
  | GroupRenamed
  | GroupAttributesChanged
  | GroupMembersAdded
  | GroupMembersRemoved
  | GroupDeleted
  | LocalGroupCreated
  | GroupAdoptedByScim;

export const groupEventTypes = [
  'GroupCreated',
  'GroupRenamed',
  'GroupAttributesChanged',
  'GroupMembersAdded',
  'GroupMembersRemoved',
  'GroupDeleted',
  'LocalGroupCreated',
  'GroupAdoptedByScim',
] as const satisfies readonly GroupEvent['type'][];
