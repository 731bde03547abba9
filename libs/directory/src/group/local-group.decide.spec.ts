import { describe, expect, it } from '@jest/globals';
import { upcast } from '../shared/upcast.js';
import { deciderSpecification } from '../testing/decider-specification.js';
import {
  displayNameReservationsFor,
  localDisplayNameReservationsFor,
} from './group-display-name.js';
import type { AdoptGroup, GroupCommand } from './group.commands.js';
import { decideGroup } from './group.decide.js';
import type { GroupEvent, LocalGroupCreated } from './group.events.js';
import { evolveGroup } from './group.evolve.js';
import { memberIdsTouchedBy, type MembershipView } from './group.membership.js';
import { initialGroupState } from './group.state.js';

/** The membership index a caller would build: the given events' members among the touched ids. */
function membershipFor(command: GroupCommand, given: readonly GroupEvent[]): MembershipView {
  const members = new Set<string>();
  for (const event of given) {
    if (event.type === 'GroupMembersAdded') event.data.members.forEach((m) => members.add(m.value));
  }
  const touched = new Set(memberIdsTouchedBy(command));
  return {
    has(memberId) {
      expect(touched.has(memberId)).toBe(true);
      return members.has(memberId);
    },
  };
}

const given = deciderSpecification<GroupCommand, ReturnType<typeof evolveGroup>, GroupEvent>({
  decide: (command, state, events) => decideGroup(command, state, membershipFor(command, events)),
  evolve: evolveGroup,
  initialState: initialGroupState,
});

const groupId = 'g-local';
const alice = { value: 'u-alice', type: 'User' } as const;
const bob = { value: 'u-bob', type: 'User' } as const;
const localCreated: LocalGroupCreated = {
  type: 'LocalGroupCreated',
  data: { groupId, displayName: 'Finance' },
};
const withAlice: GroupEvent = { type: 'GroupMembersAdded', data: { groupId, members: [alice] } };
const adopted: GroupEvent = {
  type: 'GroupAdoptedByScim',
  data: { groupId, displayName: 'FINANCE', attributes: { externalId: 'okta-fin' } },
};

function adopt(data: Partial<AdoptGroup['data']> = {}): AdoptGroup {
  return {
    type: 'AdoptGroup',
    data: {
      groupId,
      displayName: 'FINANCE',
      attributes: { externalId: 'okta-fin' },
      members: [],
      ...data,
    },
  };
}

describe('CreateLocalGroup', () => {
  it('creates a local group with its members, once each', () => {
    given([])
      .when({
        type: 'CreateLocalGroup',
        data: { groupId, displayName: 'Finance', members: [alice, alice] },
      })
      .then([localCreated, withAlice]);
  });

  it('refuses a blank name and an id in use', () => {
    given([])
      .when({ type: 'CreateLocalGroup', data: { groupId, displayName: ' ', members: [] } })
      .thenFails('invalid_value', /displayName/);
    given([localCreated])
      .when({ type: 'CreateLocalGroup', data: { groupId, displayName: 'Other', members: [] } })
      .thenFails('already_exists');
  });
});

describe('AdoptGroup', () => {
  it('takes the local group over, keeping its members and adding only the posted ones it lacks', () => {
    given([localCreated, withAlice])
      .when(adopt({ members: [alice, bob] }))
      .then([adopted, { type: 'GroupMembersAdded', data: { groupId, members: [bob] } }]);
  });

  it('makes it a SCIM group, with the name and attributes the IdP sent', () => {
    const state = [localCreated, withAlice, adopted].reduce(evolveGroup, initialGroupState);
    expect(state).toEqual({
      status: 'present',
      managedBy: 'scim',
      groupId,
      displayName: 'FINANCE',
      attributes: { externalId: 'okta-fin' },
      memberCount: 1,
    });
  });

  it('answers a POST that lost the race for the group as one of a taken name', () => {
    given([localCreated, adopted])
      .when(adopt())
      .thenFails('group_display_name_taken', /FINANCE/);
  });

  it('refuses a group of another name and one that does not exist', () => {
    given([localCreated])
      .when(adopt({ displayName: 'Financial' }))
      .thenFails('invalid_value', /same displayName/);
    given([]).when(adopt()).thenFails('group_not_found');
  });
});

describe('SCIM changes of a local group', () => {
  it('answer as for a group that does not exist, until it is adopted', () => {
    given([localCreated])
      .when({ type: 'DeleteGroup', data: { groupId } })
      .thenFails('group_not_found');
    given([localCreated])
      .when({
        type: 'ChangeGroup',
        data: { groupId, displayName: 'X', addMembers: [], removeMemberIds: [] },
      })
      .thenFails('group_not_found');
    given([localCreated, adopted])
      .when({ type: 'DeleteGroup', data: { groupId } })
      .then([{ type: 'GroupDeleted', data: { groupId, displayName: 'FINANCE' } }]);
  });
});

describe('local group names', () => {
  it('are reserved among local groups only, and pass to SCIM on adoption', () => {
    expect(localDisplayNameReservationsFor([localCreated, withAlice])).toEqual({
      reserve: ['finance'],
      release: [],
    });
    expect(displayNameReservationsFor([localCreated, withAlice])).toEqual({
      reserve: [],
      release: [],
    });
    expect(localDisplayNameReservationsFor([adopted])).toEqual({
      reserve: [],
      release: ['finance'],
    });
    expect(displayNameReservationsFor([adopted])).toEqual({ reserve: ['finance'], release: [] });
  });

  it('events are read back at schema version 1 as written', () => {
    for (const event of [localCreated, adopted]) {
      expect(upcast(event.type, 1, event.data)).toEqual(event);
    }
  });
});
