import type { DeletionPolicy } from '../tenant/deletion-policy.js';
import type { Attributes } from '../shared/json.js';
import type { RoleRule } from '../tenant/role-rule.js';

/** Creates a user (SCIM POST /Users). Id and password hash are made by the caller. */
export interface ProvisionUser {
  readonly type: 'ProvisionUser';
  readonly data: {
    readonly userId: string;
    readonly userName: string;
    readonly active: boolean;
    readonly attributes: Attributes;
    readonly passwordHash?: string;
    /** The tenant's role rule, when it has one: the user's role is derived from it. */
    readonly roleRule?: RoleRule;
  };
}

/**
 * The desired full state of a user. SCIM PUT and PATCH both become this command: the gateway
 * applies the request to the current resource and the decider emits only what differs.
 * `passwordHash` is given only when the request set a new password; the caller must leave it out
 * when the password equals the current one (a salted hash always differs).
 */
export interface ChangeUser {
  readonly type: 'ChangeUser';
  readonly data: {
    readonly userId: string;
    readonly userName: string;
    /**
     * The desired SCIM `active`. `null`: the attribute is removed (RFC 7643 §2.5), which leaves
     * the account enabled. A request that leaves `active` out of a PUT keeps the current value:
     * the caller passes that value, never `null`, so a partial PUT cannot enable a disabled user.
     */
    readonly active: boolean | null;
    readonly attributes: Attributes;
    readonly passwordHash?: string;
    /** The tenant's role rule, when it has one: the user's role follows the new attributes. */
    readonly roleRule?: RoleRule;
  };
}

export interface DeleteUser {
  readonly type: 'DeleteUser';
  /** The tenant's deletion policy; `hardDelete` when absent. */
  readonly data: { readonly userId: string; readonly policy?: DeletionPolicy };
}

/** Erases a deleted or hidden user's personal data (right to erasure). */
export interface EraseUser {
  readonly type: 'EraseUser';
  readonly data: { readonly userId: string; readonly requestReference?: string };
}

export type UserCommand = ProvisionUser | ChangeUser | DeleteUser | EraseUser;
