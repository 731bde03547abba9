import type { Attributes, JsonValue } from '../shared/json.js';

/**
 * User events: facts in the past tense with stable type strings. The `attributes` map holds every
 * SCIM attribute other than `id`, `userName`, `active`, `password`, `groups` and `meta`
 * (for example `externalId`, `name`, `emails`, and extension schemas under their URN).
 */
export interface UserProvisioned {
  readonly type: 'UserProvisioned';
  readonly data: {
    readonly userId: string;
    readonly userName: string;
    readonly active: boolean;
    readonly attributes: Attributes;
    /** Salted hash of the initial password, when the IdP sent one. */
    readonly passwordHash?: string;
    /** The role the tenant's role rule gives the user; absent without a rule. */
    readonly role?: string;
  };
}

/** Top-level attribute diff: `set` holds new values, `unset` the names removed. */
export interface UserAttributesChanged {
  readonly type: 'UserAttributesChanged';
  readonly data: {
    readonly userId: string;
    readonly set: { readonly [name: string]: JsonValue };
    readonly unset: readonly string[];
  };
}

export interface UserNameChanged {
  readonly type: 'UserNameChanged';
  readonly data: { readonly userId: string; readonly from: string; readonly to: string };
}

export interface UserPasswordChanged {
  readonly type: 'UserPasswordChanged';
  readonly data: { readonly userId: string; readonly passwordHash: string };
}

export interface UserDeactivated {
  readonly type: 'UserDeactivated';
  readonly data: { readonly userId: string };
}

export interface UserReactivated {
  readonly type: 'UserReactivated';
  readonly data: { readonly userId: string };
}

/**
 * The IdP removed the SCIM `active` attribute (RFC 7643 §2.5: it has no value now). An unset
 * `active` means the account is enabled, as for a POST without `active`; a user that was inactive
 * is reactivated by the same decision, with a `UserReactivated` before this event, so consumers
 * that follow the account's status need only `UserDeactivated` and `UserReactivated`.
 */
export interface UserActiveCleared {
  readonly type: 'UserActiveCleared';
  readonly data: { readonly userId: string };
}

/**
 * The IdP set `active` to true on a user whose `active` it had removed. The account was enabled
 * and stays so; only the SCIM attribute has a value again.
 */
export interface UserActiveSet {
  readonly type: 'UserActiveSet';
  readonly data: { readonly userId: string };
}

export interface UserDeleted {
  readonly type: 'UserDeleted';
  readonly data: { readonly userId: string; readonly userName: string };
}

/**
 * DELETE under the tenant's `keepDisabled` deletion policy: the user, deactivated by a
 * `UserDeactivated` just before (unless it was inactive already), is hidden from SCIM from now on
 * and its userName freed, as after a deletion. Its account stays on record as disabled, so
 * auditors and downstream systems see a deactivation, not a removal. The name is freed because an
 * IdP cannot see the hidden user: a 409 on re-creating it would stall its provisioning for good.
 */
export interface UserHiddenByDeletionPolicy {
  readonly type: 'UserHiddenByDeletionPolicy';
  readonly data: { readonly userId: string; readonly userName: string };
}

/**
 * The tenant's role rule gives the user another role: the attribute it reads flipped, or the user
 * changed for the first time since the rule was set (`from` is absent then).
 */
export interface UserRoleChanged {
  readonly type: 'UserRoleChanged';
  readonly data: { readonly userId: string; readonly from?: string; readonly to: string };
}

/**
 * The user's personal data were erased on request (right to erasure). Only a deleted or hidden
 * user is erased. The event holds no personal data: the key that sealed the personal fields of the
 * user's earlier events is destroyed right after it is appended, so those fields become
 * unreadable while the events themselves, and the hash chain over them, stay as they were.
 */
export interface UserErased {
  readonly type: 'UserErased';
  readonly data: {
    readonly userId: string;
    /** The admin's reference of the request (a ticket id), when one was given. */
    readonly requestReference?: string;
  };
}

export type UserEvent =
  | UserProvisioned
  | UserAttributesChanged
  | UserNameChanged
  | UserPasswordChanged
  | UserDeactivated
  | UserReactivated
  | UserActiveCleared
  | UserActiveSet
  | UserDeleted
  | UserHiddenByDeletionPolicy
  | UserRoleChanged
  | UserErased;

export const userEventTypes = [
  'UserProvisioned',
  'UserAttributesChanged',
  'UserNameChanged',
  'UserPasswordChanged',
  'UserDeactivated',
  'UserReactivated',
  'UserActiveCleared',
  'UserActiveSet',
  'UserDeleted',
  'UserHiddenByDeletionPolicy',
  'UserRoleChanged',
  'UserErased',
] as const satisfies readonly UserEvent['type'][];
