import type { Attributes } from '../shared/json.js';

/**
 * A group that exists. Only scalars: the member list is never part of the state, so the state of
 * a group of 100,000 members loads in bounded time (DESIGN decision 6). Membership facts reach the
 * decider through a `MembershipView`.
 */
export interface ExistingGroup {
  readonly status: 'present';
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
