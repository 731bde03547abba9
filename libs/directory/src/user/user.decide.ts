import { diffAttributes, reservedAttributeIn } from '../shared/attribute-diff.js';
import { DomainError } from '../shared/domain-error.js';
import type { Attributes } from '../shared/json.js';
import { unreachable } from '../shared/unreachable.js';
import { roleFor } from '../tenant/role-rule.js';
import type {
  ChangeUser,
  DeleteUser,
  EraseUser,
  ProvisionUser,
  UserCommand,
} from './user.commands.js';
import type { UserEvent } from './user.events.js';
import { isExistingUser, scimActiveOf, type ExistingUser, type UserState } from './user.state.js';

/** Attributes with their own field in the user events; `groups` and `meta` are readOnly. */
const reservedUserAttributes = ['id', 'userName', 'active', 'password', 'groups', 'meta'];

/**
 * Decides the events of a user command. Uniqueness of userName is not decided here: the caller
 * reserves the names that `userNameReservationsFor(events)` lists (DESIGN decision 4).
 */
export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'ProvisionUser':
      return provision(command, state);
    case 'ChangeUser':
      return change(command, requireUser(state, command.data.userId));
    case 'DeleteUser':
      return remove(command, requireUser(state, command.data.userId));
    case 'EraseUser':
      return erase(command, state);
    default:
      return unreachable(command);
  }
}

function provision({ data }: ProvisionUser, state: UserState): UserEvent[] {
  if (state.status !== 'absent') {
    throw new DomainError(
      'already_exists',
      `A user with id ${data.userId} already exists or existed; create the user without an id of your own.`,
    );
  }
  checkUserData(data.userName, data.attributes);
  const { userId, userName, active, attributes, passwordHash, roleRule } = data;
  const role = roleRule === undefined ? undefined : roleFor(roleRule, attributes);
  return [
    {
      type: 'UserProvisioned',
      data: {
        userId,
        userName,
        active,
        attributes,
        ...(passwordHash === undefined ? {} : { passwordHash }),
        ...(role === undefined ? {} : { role }),
      },
    },
  ];
}

function change({ data }: ChangeUser, user: ExistingUser): UserEvent[] {
  checkUserData(data.userName, data.attributes);
  const { userId } = user;
  const events: UserEvent[] = [];
  // A change of case only is still a change: userName is shown as the IdP last sent it.
  if (data.userName !== user.userName) {
    events.push({
      type: 'UserNameChanged',
      data: { userId, from: user.userName, to: data.userName },
    });
  }
  const diff = diffAttributes(user.attributes, data.attributes);
  if (diff) events.push({ type: 'UserAttributesChanged', data: { userId, ...diff } });
  if (data.passwordHash !== undefined && data.passwordHash !== user.passwordHash) {
    events.push({ type: 'UserPasswordChanged', data: { userId, passwordHash: data.passwordHash } });
  }
  events.push(...activeEvents(user, data.active));
  if (data.roleRule !== undefined) {
    const role = roleFor(data.roleRule, data.attributes);
    if (role !== user.role) {
      const from = user.role === undefined ? {} : { from: user.role };
      events.push({ type: 'UserRoleChanged', data: { userId, ...from, to: role } });
    }
  }
  return events;
}

/** The facts that take the SCIM `active` of `user` to `desired` (`null`: removed). */
function activeEvents(user: ExistingUser, desired: boolean | null): UserEvent[] {
  const { userId } = user;
  const current = scimActiveOf(user) ?? null;
  if (desired === current) return [];
  if (desired === false) return [{ type: 'UserDeactivated', data: { userId } }];
  if (desired === true) {
    // From false this re-enables the account; from removed, the account was enabled already.
    return [{ type: current === false ? 'UserReactivated' : 'UserActiveSet', data: { userId } }];
  }
  // Removed: an unset `active` means an enabled account, as for a POST without `active`.
  const cleared: UserEvent = { type: 'UserActiveCleared', data: { userId } };
  return current === false ? [{ type: 'UserReactivated', data: { userId } }, cleared] : [cleared];
}

function remove({ data }: DeleteUser, user: ExistingUser): UserEvent[] {
  const { userId, userName } = user;
  if (data.policy !== 'keepDisabled') return [{ type: 'UserDeleted', data: { userId, userName } }];
  // The account is disabled first, so consumers that follow its status need no new event type.
  const deactivated: UserEvent[] =
    user.status === 'active' ? [{ type: 'UserDeactivated', data: { userId } }] : [];
  return [...deactivated, { type: 'UserHiddenByDeletionPolicy', data: { userId, userName } }];
}

/**
 * Only a user that is gone from SCIM is erased: erasing one the IdP still manages would leave the
 * IdP's copy and ours out of step. Erasing again decides nothing (the caller still makes sure the
 * key is destroyed).
 */
function erase({ data }: EraseUser, state: UserState): UserEvent[] {
  const { userId, requestReference } = data;
  switch (state.status) {
    case 'absent':
      throw new DomainError('user_not_found', `No user with id ${userId} exists in this tenant.`);
    case 'active':
    case 'inactive':
      throw new DomainError(
        'user_not_erasable',
        `The user ${userId} still exists: delete it first (unassign it in the IdP, or DELETE /Users/${userId}), then erase it.`,
      );
    case 'erased':
      return [];
    case 'deleted':
    case 'hidden':
      return [
        {
          type: 'UserErased',
          data: { userId, ...(requestReference === undefined ? {} : { requestReference }) },
        },
      ];
    default:
      return unreachable(state);
  }
}

function requireUser(state: UserState, userId: string): ExistingUser {
  if (!isExistingUser(state)) {
    // RFC 7644 §3.6: a deleted resource answers 404 from then on, like one that never existed.
    throw new DomainError('user_not_found', `No user with id ${userId} exists in this tenant.`);
  }
  return state;
}

function checkUserData(userName: string, attributes: Attributes): void {
  // RFC 7643 §4.1.1: userName is REQUIRED and must be non-empty.
  if (userName.trim() === '') {
    throw new DomainError('invalid_value', 'userName is required and must not be blank.');
  }
  const reserved = reservedAttributeIn(attributes, reservedUserAttributes);
  if (reserved !== undefined) {
    throw new DomainError(
      'invalid_value',
      `The attribute "${reserved}" cannot be stored among the other user attributes; send it in its own field or leave it out.`,
    );
  }
}
