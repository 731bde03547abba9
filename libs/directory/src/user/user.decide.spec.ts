import { describe, it } from '@jest/globals';
import { deciderSpecification } from '../testing/decider-specification.js';
import type { ChangeUser } from './user.commands.js';
import { decideUser } from './user.decide.js';
import type { UserEvent, UserProvisioned } from './user.events.js';
import { evolveUser } from './user.evolve.js';
import { initialUserState } from './user.state.js';

const given = deciderSpecification({
  decide: decideUser,
  evolve: evolveUser,
  initialState: initialUserState,
});

const userId = 'u-1';
const provisioned: UserProvisioned = {
  type: 'UserProvisioned',
  data: {
    userId,
    userName: 'Alice@Example.com',
    active: true,
    attributes: { externalId: 'okta-1', name: { givenName: 'Alice', familyName: 'Doe' } },
    passwordHash: 'hash-1',
  },
};
const deleted: UserEvent = { type: 'UserDeleted', data: { userId, userName: 'Alice@Example.com' } };
const deactivated: UserEvent = { type: 'UserDeactivated', data: { userId } };
const reactivated: UserEvent = { type: 'UserReactivated', data: { userId } };
const activeCleared: UserEvent = { type: 'UserActiveCleared', data: { userId } };

/** ChangeUser that restates the provisioned user, with `overrides` applied. */
function change(overrides: Partial<ChangeUser['data']> = {}): ChangeUser {
  const { passwordHash: _, ...current } = provisioned.data;
  return { type: 'ChangeUser', data: { ...current, ...overrides } };
}

describe('ProvisionUser', () => {
  it('provisions a user that does not exist', () => {
    given([]).when({ type: 'ProvisionUser', data: provisioned.data }).then([provisioned]);
  });

  it('leaves passwordHash out of the event when none was sent', () => {
    given([])
      .when({
        type: 'ProvisionUser',
        data: { userId, userName: 'bob', active: false, attributes: {} },
      })
      .then([
        {
          type: 'UserProvisioned',
          data: { userId, userName: 'bob', active: false, attributes: {} },
        },
      ]);
  });

  it('refuses an id that is already taken', () => {
    given([provisioned])
      .when({ type: 'ProvisionUser', data: provisioned.data })
      .thenFails('already_exists');
  });

  it('refuses an id of a deleted user', () => {
    given([provisioned, deleted])
      .when({ type: 'ProvisionUser', data: provisioned.data })
      .thenFails('already_exists');
  });

  it('refuses a blank userName', () => {
    given([])
      .when({ type: 'ProvisionUser', data: { ...provisioned.data, userName: '  ' } })
      .thenFails('invalid_value', /userName/);
  });

  it('refuses attributes that have their own field, whatever their case', () => {
    given([])
      .when({ type: 'ProvisionUser', data: { ...provisioned.data, attributes: { Active: false } } })
      .thenFails('invalid_value', /"Active"/);
  });
});

describe('ChangeUser', () => {
  it('emits nothing when the desired state equals the current one', () => {
    given([provisioned]).when(change()).thenNothingHappens();
  });

  it('emits nothing when only the key order of a complex attribute differs', () => {
    given([provisioned])
      .when(
        change({
          attributes: { name: { familyName: 'Doe', givenName: 'Alice' }, externalId: 'okta-1' },
        }),
      )
      .thenNothingHappens();
  });

  it('records a change of case only in userName', () => {
    given([provisioned])
      .when(change({ userName: 'alice@example.com' }))
      .then([
        {
          type: 'UserNameChanged',
          data: { userId, from: 'Alice@Example.com', to: 'alice@example.com' },
        },
      ]);
  });

  it('sets new and changed attributes and unsets removed ones', () => {
    given([provisioned])
      .when(
        change({ attributes: { name: { givenName: 'Alicia', familyName: 'Doe' }, title: 'CTO' } }),
      )
      .then([
        {
          type: 'UserAttributesChanged',
          data: {
            userId,
            set: { name: { givenName: 'Alicia', familyName: 'Doe' }, title: 'CTO' },
            unset: ['externalId'],
          },
        },
      ]);
  });

  it('changes the password only when a different hash is given', () => {
    given([provisioned])
      .when(change({ passwordHash: 'hash-1' }))
      .thenNothingHappens();
    given([provisioned])
      .when(change({ passwordHash: 'hash-2' }))
      .then([{ type: 'UserPasswordChanged', data: { userId, passwordHash: 'hash-2' } }]);
  });

  it('deactivates an active user and reactivates an inactive one', () => {
    given([provisioned])
      .when(change({ active: false }))
      .then([{ type: 'UserDeactivated', data: { userId } }]);
    given([provisioned, { type: 'UserDeactivated', data: { userId } }])
      .when(change({ active: true }))
      .then([{ type: 'UserReactivated', data: { userId } }]);
  });

  it('emits nothing when an inactive user is sent inactive again', () => {
    given([provisioned, deactivated])
      .when(change({ active: false }))
      .thenNothingHappens();
  });

  it('clears active on an active user, leaving the account enabled', () => {
    given([provisioned])
      .when(change({ active: null }))
      .then([{ type: 'UserActiveCleared', data: { userId } }]);
  });

  it('reactivates an inactive user whose active is removed, then clears it', () => {
    // An unset `active` means an enabled account, as for a POST without `active`.
    given([provisioned, deactivated])
      .when(change({ active: null }))
      .then([
        { type: 'UserReactivated', data: { userId } },
        { type: 'UserActiveCleared', data: { userId } },
      ]);
  });

  it('emits nothing when active is removed again, or left unset by a later change', () => {
    given([provisioned, activeCleared])
      .when(change({ active: null }))
      .thenNothingHappens();
    given([provisioned, deactivated, reactivated, activeCleared])
      .when(change({ active: null, attributes: { externalId: 'okta-1' } }))
      .then([{ type: 'UserAttributesChanged', data: { userId, set: {}, unset: ['name'] } }]);
  });

  it('sets active to true again without reactivating an account that was enabled', () => {
    given([provisioned, activeCleared])
      .when(change({ active: true }))
      .then([{ type: 'UserActiveSet', data: { userId } }]);
  });

  it('deactivates a user whose active was removed', () => {
    given([provisioned, activeCleared])
      .when(change({ active: false }))
      .then([deactivated]);
  });

  it('shows active again once it is set after a removal', () => {
    given([provisioned, activeCleared, { type: 'UserActiveSet', data: { userId } }])
      .when(change({ active: true }))
      .thenNothingHappens();
    given([provisioned, activeCleared, deactivated, reactivated])
      .when(change({ active: true }))
      .thenNothingHappens();
  });

  it('emits every change of one request, each as its own fact', () => {
    given([provisioned])
      .when(change({ userName: 'alice', active: false, attributes: { externalId: 'okta-1' } }))
      .then([
        { type: 'UserNameChanged', data: { userId, from: 'Alice@Example.com', to: 'alice' } },
        { type: 'UserAttributesChanged', data: { userId, set: {}, unset: ['name'] } },
        { type: 'UserDeactivated', data: { userId } },
      ]);
  });

  it('sees the state left by earlier changes', () => {
    given([
      provisioned,
      { type: 'UserNameChanged', data: { userId, from: 'Alice@Example.com', to: 'alice' } },
      { type: 'UserAttributesChanged', data: { userId, set: { title: 'CTO' }, unset: ['name'] } },
    ])
      .when(change({ userName: 'alice', attributes: { externalId: 'okta-1', title: 'CTO' } }))
      .thenNothingHappens();
  });

  it('refuses a user that does not exist or was deleted', () => {
    given([]).when(change()).thenFails('user_not_found', /u-1/);
    given([provisioned, deleted]).when(change()).thenFails('user_not_found');
  });

  it('refuses a blank userName', () => {
    given([provisioned])
      .when(change({ userName: '' }))
      .thenFails('invalid_value');
  });
});

describe('DeleteUser', () => {
  it('deletes a user, naming it by its current userName', () => {
    given([
      provisioned,
      { type: 'UserNameChanged', data: { userId, from: 'Alice@Example.com', to: 'alice' } },
    ])
      .when({ type: 'DeleteUser', data: { userId } })
      .then([{ type: 'UserDeleted', data: { userId, userName: 'alice' } }]);
  });

  it('deletes an inactive user', () => {
    given([provisioned, { type: 'UserDeactivated', data: { userId } }])
      .when({ type: 'DeleteUser', data: { userId } })
      .then([{ type: 'UserDeleted', data: { userId, userName: 'Alice@Example.com' } }]);
  });

  it('refuses a user that does not exist or was already deleted', () => {
    given([]).when({ type: 'DeleteUser', data: { userId } }).thenFails('user_not_found');
    given([provisioned, deleted])
      .when({ type: 'DeleteUser', data: { userId } })
      .thenFails('user_not_found');
  });
});
