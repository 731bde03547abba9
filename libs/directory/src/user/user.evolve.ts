import { applyAttributeDiff } from '../shared/attribute-diff.js';
import { unreachable } from '../shared/unreachable.js';
import type { UserEvent } from './user.events.js';
import { isExistingUser, type ExistingUser, type UserState } from './user.state.js';

/** Folds one user event into the state. Events that do not apply to the state leave it as is. */
export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserProvisioned': {
      const { userId, userName, active, attributes, passwordHash, role } = event.data;
      return {
        status: active ? 'active' : 'inactive',
        userId,
        userName,
        attributes,
        ...(passwordHash === undefined ? {} : { passwordHash }),
        ...(role === undefined ? {} : { role }),
      };
    }
    case 'UserNameChanged':
      return isExistingUser(state) ? { ...state, userName: event.data.to } : state;
    case 'UserAttributesChanged':
      return isExistingUser(state)
        ? { ...state, attributes: applyAttributeDiff(state.attributes, event.data) }
        : state;
    case 'UserPasswordChanged':
      return isExistingUser(state) ? { ...state, passwordHash: event.data.passwordHash } : state;
    case 'UserDeactivated':
      return isExistingUser(state) ? { ...withActiveSet(state), status: 'inactive' } : state;
    case 'UserReactivated':
    case 'UserActiveSet':
      return isExistingUser(state) ? { ...withActiveSet(state), status: 'active' } : state;
    case 'UserActiveCleared':
      return isExistingUser(state) ? { ...state, status: 'active', activeCleared: true } : state;
    case 'UserRoleChanged':
      return isExistingUser(state) ? { ...state, role: event.data.to } : state;
    case 'UserDeleted':
      return { status: 'deleted', userId: event.data.userId, userName: event.data.userName };
    case 'UserHiddenByDeletionPolicy':
      return { status: 'hidden', userId: event.data.userId, userName: event.data.userName };
    case 'UserErased':
      return { status: 'erased', userId: event.data.userId };
    default:
      return unreachable(event);
  }
}

/** The user with a value in its SCIM `active` attribute again. */
function withActiveSet(user: ExistingUser): ExistingUser {
  const { activeCleared: _, ...rest } = user;
  return rest;
}
