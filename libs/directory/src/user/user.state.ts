import type { Attributes } from '../shared/json.js';

/**
 * A user that exists. `status` is the account's status: what a login service acts on. It is also
 * the SCIM `active` flag (RFC 7643 §4.1.1), unless the IdP removed that attribute: then
 * `activeCleared` is true, GET leaves `active` out, and the account counts as enabled (`status`
 * is always 'active' then).
 */
export interface ExistingUser {
  readonly status: 'active' | 'inactive';
  readonly activeCleared?: true;
  readonly userId: string;
  readonly userName: string;
  readonly attributes: Attributes;
  readonly passwordHash?: string;
  /** Derived by the tenant's role rule; absent without one. */
  readonly role?: string;
}

/** A deleted user keeps its id and last userName so the audit trail can name it. */
export interface DeletedUser {
  readonly status: 'deleted';
  readonly userId: string;
  readonly userName: string;
}

/** Deleted under the `keepDisabled` policy: disabled on record, absent from SCIM. */
export interface HiddenUser {
  readonly status: 'hidden';
  readonly userId: string;
  readonly userName: string;
}

/** Deleted or hidden, then erased: its personal data can no longer be read (UserErased). */
export interface ErasedUser {
  readonly status: 'erased';
  readonly userId: string;
}

export type UserState =
  { readonly status: 'absent' } | ExistingUser | DeletedUser | HiddenUser | ErasedUser;

export const initialUserState: UserState = { status: 'absent' };

export function isExistingUser(state: UserState): state is ExistingUser {
  return state.status === 'active' || state.status === 'inactive';
}

/** The SCIM `active` attribute of a user: `undefined` once the IdP removed it. */
export function scimActiveOf(user: ExistingUser): boolean | undefined {
  return user.activeCleared ? undefined : user.status === 'active';
}
