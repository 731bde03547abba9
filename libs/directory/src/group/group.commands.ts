import type { Attributes } from '../shared/json.js';
import type { Member } from '../shared/member.js';

/** Creates a group (SCIM POST /Groups). */
export interface CreateGroup {
  readonly type: 'CreateGroup';
  readonly data: {
    readonly groupId: string;
    readonly displayName: string;
    readonly attributes: Attributes;
    readonly members: readonly Member[];
  };
}

/** Creates a local group: one an admin makes in the application, which SCIM does not see. */
export interface CreateLocalGroup {
  readonly type: 'CreateLocalGroup';
  readonly data: {
    readonly groupId: string;
    readonly displayName: string;
    readonly members: readonly Member[];
  };
}

/**
 * A SCIM POST /Groups that takes over the local group `groupId` (tenant policy `adoptExisting`):
 * the group keeps its members and gains `members`.
 */
export interface AdoptGroup {
  readonly type: 'AdoptGroup';
  readonly data: {
    readonly groupId: string;
    readonly displayName: string;
    readonly attributes: Attributes;
    readonly members: readonly Member[];
  };
}

/**
 * Changes a group; SCIM PUT and PATCH both become this command. Membership is a delta, read as
 * "remove `removeMemberIds`, then add `addMembers`": an id in both ends up a member, so a PUT that
 * replaces the members with a set containing a current member X changes nothing for X. A PATCH
 * that adds and then removes the same id must be reduced by the gateway to a removal only.
 */
export interface ChangeGroup {
  readonly type: 'ChangeGroup';
  readonly data: {
    readonly groupId: string;
    /** Absent: the name stays as it is. */
    readonly displayName?: string;
    /** The desired full attribute map; absent: the attributes stay as they are. */
    readonly attributes?: Attributes;
    readonly addMembers: readonly Member[];
    readonly removeMemberIds: readonly string[];
  };
}

export interface DeleteGroup {
  readonly type: 'DeleteGroup';
  readonly data: { readonly groupId: string };
}

export type GroupCommand = CreateGroup | ChangeGroup | DeleteGroup | CreateLocalGroup | AdoptGroup;
