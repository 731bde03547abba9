import type { Attributes } from '../shared/json.js';

/** A user that exists. `status` is the SCIM `active` flag (RFC 7643 §4.1.1). */
export interface ExistingUser {
  readonly status: 'active' | 'inactive';
  readonly userId: string;
  readonly userName: string;
  readonly attributes: Attributes;
  readonly passwordHash?: string;
}

/** A deleted user keeps its id and last userName so the audit trail can name it. */
export interface DeletedUser {
  readonly status: 'deleted';
  readonly userId: string;
  readonly userName: string;
}

export type UserState = { readonly status: 'absent' } | ExistingUser | DeletedUser;

export const initialUserState: UserState = { status: 'absent' };

export function isExistingUser(state: UserState): state is ExistingUser {
  return state.status === 'active' || state.status === 'inactive';
}
