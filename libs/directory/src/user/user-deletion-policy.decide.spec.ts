import { describe, expect, it } from '@jest/globals';
import { deciderSpecification } from '../testing/decider-specification.js';
import type { DeleteUser } from './user.commands.js';
import { decideUser } from './user.decide.js';
import type { UserEvent } from './user.events.js';
import { evolveUser } from './user.evolve.js';
import { userNameReservationsFor } from './user-name.js';
import { initialUserState } from './user.state.js';

const given = deciderSpecification({
  decide: decideUser,
  evolve: evolveUser,
  initialState: initialUserState,
});

const userId = 'u-1';
const provisioned: UserEvent = {
  type: 'UserProvisioned',
  data: { userId, userName: 'Alice@Example.com', active: true, attributes: {} },
};
const deactivated: UserEvent = { type: 'UserDeactivated', data: { userId } };
const hidden: UserEvent = {
  type: 'UserHiddenByDeletionPolicy',
  data: { userId, userName: 'Alice@Example.com' },
};
const keepDisabledDelete: DeleteUser = {
  type: 'DeleteUser',
  data: { userId, policy: 'keepDisabled' },
};

describe('DeleteUser under the keepDisabled policy', () => {
  it('deactivates the user, then records that the policy hid it', () => {
    given([provisioned]).when(keepDisabledDelete).then([deactivated, hidden]);
  });

  it('only hides a user that was inactive already', () => {
    given([provisioned, deactivated]).when(keepDisabledDelete).then([hidden]);
  });

  it('treats a hidden user as gone: changing or deleting it again is user_not_found', () => {
    given([provisioned, deactivated, hidden]).when(keepDisabledDelete).thenFails('user_not_found');
    given([provisioned, deactivated, hidden])
      .when({ type: 'DeleteUser', data: { userId } })
      .thenFails('user_not_found');
  });

  it('frees the userName, as a deletion does', () => {
    expect(userNameReservationsFor([deactivated, hidden])).toEqual(
      userNameReservationsFor([
        { type: 'UserDeleted', data: { userId, userName: 'Alice@Example.com' } },
      ]),
    );
  });
});

describe('DeleteUser under the hardDelete policy', () => {
  it('deletes the user, as without a policy', () => {
    given([provisioned])
      .when({ type: 'DeleteUser', data: { userId, policy: 'hardDelete' } })
      .then([{ type: 'UserDeleted', data: { userId, userName: 'Alice@Example.com' } }]);
  });
});
