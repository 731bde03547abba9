import { describe, it } from '@jest/globals';
import { deciderSpecification } from '../testing/decider-specification.js';
import type { EraseUser } from './user.commands.js';
import { decideUser } from './user.decide.js';
import type { UserEvent } from './user.events.js';
import { evolveUser } from './user.evolve.js';
import { initialUserState } from './user.state.js';

const given = deciderSpecification({
  decide: decideUser,
  evolve: evolveUser,
  initialState: initialUserState,
});

const userId = 'u-1';
const provisioned: UserEvent = {
  type: 'UserProvisioned',
  data: { userId, userName: 'alice@example.com', active: true, attributes: {} },
};
const deleted: UserEvent = { type: 'UserDeleted', data: { userId, userName: 'alice@example.com' } };
const hidden: UserEvent = {
  type: 'UserHiddenByDeletionPolicy',
  data: { userId, userName: 'alice@example.com' },
};
const erase: EraseUser = {
  type: 'EraseUser',
  data: { userId, requestReference: 'DSR-2041' },
};
const erased: UserEvent = { type: 'UserErased', data: { userId, requestReference: 'DSR-2041' } };

describe('EraseUser', () => {
  it('erases a deleted user, recording the request reference', () => {
    given([provisioned, deleted]).when(erase).then([erased]);
  });

  it('erases a user hidden by the keepDisabled policy', () => {
    given([provisioned, { type: 'UserDeactivated', data: { userId } }, hidden])
      .when(erase)
      .then([erased]);
  });

  it('leaves the reference out when none was given', () => {
    given([provisioned, deleted])
      .when({ type: 'EraseUser', data: { userId } })
      .then([{ type: 'UserErased', data: { userId } }]);
  });

  it('refuses a user that still exists: it must be deleted first', () => {
    given([provisioned]).when(erase).thenFails('user_not_erasable');
    given([provisioned, { type: 'UserDeactivated', data: { userId } }])
      .when(erase)
      .thenFails('user_not_erasable');
  });

  it('refuses a user that never existed', () => {
    given([]).when(erase).thenFails('user_not_found');
  });

  it('decides nothing for a user erased already', () => {
    given([provisioned, deleted, erased]).when(erase).then([]);
  });

  it('treats an erased user as gone for every other command', () => {
    given([provisioned, deleted, erased])
      .when({ type: 'DeleteUser', data: { userId } })
      .thenFails('user_not_found');
  });
});
