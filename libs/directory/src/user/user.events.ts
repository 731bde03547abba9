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

export interface UserDeleted {
  readonly type: 'UserDeleted';
  readonly data: { readonly userId: string; readonly userName: string };
}

export type UserEvent =
  | UserProvisioned
  | UserAttributesChanged
  | UserNameChanged
  | UserPasswordChanged
  | UserDeactivated
  | UserReactivated
  | UserDeleted;

export const userEventTypes = [
  'UserProvisioned',
  'UserAttributesChanged',
  'UserNameChanged',
  'UserPasswordChanged',
  'UserDeactivated',
  'UserReactivated',
  'UserDeleted',
] as const satisfies readonly UserEvent['type'][];
