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
  | GroupDeleted;

export const groupEventTypes = [
  'GroupCreated',
  'GroupRenamed',
  'GroupAttributesChanged',
  'GroupMembersAdded',
  'GroupMembersRemoved',
  'GroupDeleted',
] as const satisfies readonly GroupEvent['type'][];
