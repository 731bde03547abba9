import type { Attributes } from '../shared/json.js';

/**
 * A group that exists. Only scalars: the member list is never part of the state, so the state of
 * a group of 100,000 members loads in bounded time (DESIGN decision 6). Membership facts reach the
 * decider through a `MembershipView`.
 */
/** Who manages a group: the IdP through SCIM, or the application itself (a local group). */
export type GroupManager = 'scim' | 'local';

export interface ExistingGroup {
  readonly status: 'present';
  /** A `local` group is invisible to SCIM until a SCIM POST adopts it. */
  readonly managedBy: GroupManager;
  readonly groupId: string;
  readonly displayName: string;
  readonly attributes: Attributes;
  readonly memberCount: number;
}

export interface DeletedGroup {
  readonly status: 'deleted';
  readonly groupId: string;
  readonly displayName: string;
}

export type GroupState = { readonly status: 'absent' } | ExistingGroup | DeletedGroup;

export const initialGroupState: GroupState = { status: 'absent' };
