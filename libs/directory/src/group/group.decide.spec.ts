import { describe, expect, it } from '@jest/globals';
import { deciderSpecification } from '../testing/decider-specification.js';
import type { ChangeGroup, GroupCommand } from './group.commands.js';
import { decideGroup } from './group.decide.js';
import type { GroupCreated, GroupEvent } from './group.events.js';
import { evolveGroup } from './group.evolve.js';
import { memberIdsTouchedBy, type MembershipView } from './group.membership.js';
import { initialGroupState } from './group.state.js';

/**
 * The membership view a caller builds from its index: the current members among exactly the ids
 * the command touches. Here the index is the given events.
 */
function membershipFor(command: GroupCommand, given: readonly GroupEvent[]): MembershipView {
  const members = new Set<string>();
  for (const event of given) {
    if (event.type === 'GroupMembersAdded') event.data.members.forEach((m) => members.add(m.value));
    if (event.type === 'GroupMembersRemoved')
      event.data.memberIds.forEach((id) => members.delete(id));
  }
  const touched = new Set(memberIdsTouchedBy(command));
  return {
    has(memberId) {
      // A decider that asks about an id it did not announce would get a wrong answer in production.
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

const groupId = 'g-1';
const alice = { value: 'u-alice', type: 'User' } as const;
const bob = { value: 'u-bob', type: 'User' } as const;
const admins = { value: 'g-admins', type: 'Group' } as const;
const created: GroupCreated = {
  type: 'GroupCreated',
  data: { groupId, displayName: 'Engineering', attributes: { externalId: 'okta-g1' } },
};
const withAlice: GroupEvent = { type: 'GroupMembersAdded', data: { groupId, members: [alice] } };

function change(data: Partial<ChangeGroup['data']>): ChangeGroup {
  return { type: 'ChangeGroup', data: { groupId, addMembers: [], removeMemberIds: [], ...data } };
}

describe('CreateGroup', () => {
  it('creates a group without members', () => {
    given([])
      .when({ type: 'CreateGroup', data: { ...created.data, members: [] } })
      .then([created]);
  });

  it('adds the initial members once each', () => {
    given([])
      .when({
        type: 'CreateGroup',
        data: { ...created.data, members: [alice, bob, alice, admins] },
      })
      .then([
        created,
        { type: 'GroupMembersAdded', data: { groupId, members: [alice, bob, admins] } },
      ]);
  });

  it('refuses an id that is taken, or was taken by a deleted group', () => {
    const command: GroupCommand = { type: 'CreateGroup', data: { ...created.data, members: [] } };
    given([created]).when(command).thenFails('already_exists');
    given([created, { type: 'GroupDeleted', data: { groupId, displayName: 'Engineering' } }])
      .when(command)
      .thenFails('already_exists');
  });

  it('refuses a blank displayName, a blank member and the group as its own member', () => {
    given([])
      .when({ type: 'CreateGroup', data: { ...created.data, displayName: ' ', members: [] } })
      .thenFails('invalid_value', /displayName/);
    given([])
      .when({
        type: 'CreateGroup',
        data: { ...created.data, members: [{ value: '', type: 'User' }] },
      })
      .thenFails('invalid_member');
    given([])
      .when({
        type: 'CreateGroup',
        data: { ...created.data, members: [{ value: groupId, type: 'Group' }] },
      })
      .thenFails('invalid_member', /itself/);
  });

  it('refuses members among the attributes', () => {
    given([])
      .when({
        type: 'CreateGroup',
        data: { ...created.data, attributes: { members: [] }, members: [] },
      })
      .thenFails('invalid_value', /"members"/);
  });
});

describe('ChangeGroup', () => {
  it('emits nothing when Okta re-sends the same name with no membership change', () => {
    given([created])
      .when(change({ displayName: 'Engineering' }))
      .thenNothingHappens();
  });

  it('emits nothing for the same attributes in another key order', () => {
    given([
      {
        ...created,
        data: { ...created.data, attributes: { externalId: 'x', meta2: { a: 1, b: 2 } } },
      },
    ])
      .when(change({ attributes: { meta2: { b: 2, a: 1 }, externalId: 'x' } }))
      .thenNothingHappens();
  });

  it('renames, including a change of case only', () => {
    given([created])
      .when(change({ displayName: 'engineering' }))
      .then([{ type: 'GroupRenamed', data: { groupId, from: 'Engineering', to: 'engineering' } }]);
  });

  it('diffs the attributes when a full map is given, and keeps them when none is', () => {
    given([created])
      .when(change({ attributes: { description: 'R&D' } }))
      .then([
        {
          type: 'GroupAttributesChanged',
          data: { groupId, set: { description: 'R&D' }, unset: ['externalId'] },
        },
      ]);
    given([created])
      .when(change({ addMembers: [alice] }))
      .then([withAlice]);
  });

  it('adds only members that are not members yet, once each', () => {
    given([created, withAlice])
      .when(change({ addMembers: [alice, bob, bob] }))
      .then([{ type: 'GroupMembersAdded', data: { groupId, members: [bob] } }]);
  });

  it('emits nothing when every added member is already a member', () => {
    given([created, withAlice])
      .when(change({ addMembers: [alice] }))
      .thenNothingHappens();
  });

  it('removes only ids that are members, once each', () => {
    given([created, withAlice])
      .when(change({ removeMemberIds: ['u-alice', 'u-alice', 'u-nobody'] }))
      .then([{ type: 'GroupMembersRemoved', data: { groupId, memberIds: ['u-alice'] } }]);
    given([created])
      .when(change({ removeMemberIds: ['u-nobody'] }))
      .thenNothingHappens();
  });

  it('treats an id both removed and added as a member afterwards', () => {
    // A PUT replacing the members with {alice, bob} while alice is a member: only bob is new.
    given([created, withAlice])
      .when(change({ removeMemberIds: ['u-alice'], addMembers: [alice, bob] }))
      .then([{ type: 'GroupMembersAdded', data: { groupId, members: [bob] } }]);
    given([created])
      .when(change({ removeMemberIds: ['u-alice'], addMembers: [alice] }))
      .then([withAlice]);
  });

  it('emits rename, attributes, removals and additions of one request in that order', () => {
    given([created, withAlice])
      .when(
        change({
          displayName: 'Eng',
          attributes: { externalId: 'okta-g1' },
          removeMemberIds: ['u-alice'],
          addMembers: [bob],
        }),
      )
      .then([
        { type: 'GroupRenamed', data: { groupId, from: 'Engineering', to: 'Eng' } },
        { type: 'GroupMembersRemoved', data: { groupId, memberIds: ['u-alice'] } },
        { type: 'GroupMembersAdded', data: { groupId, members: [bob] } },
      ]);
  });

  it('refuses a group that does not exist or was deleted', () => {
    given([])
      .when(change({ displayName: 'x' }))
      .thenFails('group_not_found', /g-1/);
    given([created, { type: 'GroupDeleted', data: { groupId, displayName: 'Engineering' } }])
      .when(change({}))
      .thenFails('group_not_found');
  });

  it('refuses to make the group a member of itself', () => {
    given([created])
      .when(change({ addMembers: [{ value: groupId, type: 'Group' }] }))
      .thenFails('invalid_member');
  });
});

describe('DeleteGroup', () => {
  it('deletes a group, naming it by its current displayName', () => {
    given([created, { type: 'GroupRenamed', data: { groupId, from: 'Engineering', to: 'Eng' } }])
      .when({ type: 'DeleteGroup', data: { groupId } })
      .then([{ type: 'GroupDeleted', data: { groupId, displayName: 'Eng' } }]);
  });

  it('refuses a group that does not exist or was already deleted', () => {
    given([]).when({ type: 'DeleteGroup', data: { groupId } }).thenFails('group_not_found');
    given([created, { type: 'GroupDeleted', data: { groupId, displayName: 'Engineering' } }])
      .when({ type: 'DeleteGroup', data: { groupId } })
      .thenFails('group_not_found');
  });
});

describe('memberIdsTouchedBy', () => {
  it('lists each removed or added id once', () => {
    expect(
      memberIdsTouchedBy(
        change({
          removeMemberIds: ['a', 'b'],
          addMembers: [
            { value: 'b', type: 'User' },
            { value: 'c', type: 'Group' },
          ],
        }),
      ),
    ).toEqual(['a', 'b', 'c']);
    expect(memberIdsTouchedBy({ type: 'DeleteGroup', data: { groupId } })).toEqual([]);
  });
});
