import { applyAttributeDiff } from '../shared/attribute-diff.js';
import { unreachable } from '../shared/unreachable.js';
import type { GroupEvent } from './group.events.js';
import type { GroupState } from './group.state.js';

/**
 * Folds one group event into the state. Membership events only move `memberCount`: they carry
 * exactly the members that changed, so the count stays right without the list.
 */
export function evolveGroup(state: GroupState, event: GroupEvent): GroupState {
  switch (event.type) {
    case 'GroupCreated': {
      const { groupId, displayName, attributes } = event.data;
      return {
        status: 'present',
        managedBy: 'scim',
        groupId,
        displayName,
        attributes,
        memberCount: 0,
      };
    }
    case 'LocalGroupCreated': {
      const { groupId, displayName } = event.data;
      return {
        status: 'present',
        managedBy: 'local',
        groupId,
        displayName,
        attributes: {},
        memberCount: 0,
      };
    }
    case 'GroupAdoptedByScim': {
      const { displayName, attributes } = event.data;
      return state.status === 'present'
        ? { ...state, managedBy: 'scim', displayName, attributes }
        : state;
    }
    case 'GroupRenamed':
      return state.status === 'present' ? { ...state, displayName: event.data.to } : state;
    case 'GroupAttributesChanged':
      return state.status === 'present'
        ? { ...state, attributes: applyAttributeDiff(state.attributes, event.data) }
        : state;
    case 'GroupMembersAdded':
      return state.status === 'present'
        ? { ...state, memberCount: state.memberCount + event.data.members.length }
        : state;
    case 'GroupMembersRemoved':
      return state.status === 'present'
        ? { ...state, memberCount: Math.max(0, state.memberCount - event.data.memberIds.length) }
        : state;
    case 'GroupDeleted':
      return {
        status: 'deleted',
        groupId: event.data.groupId,
        displayName: event.data.displayName,
      };
    default:
      return unreachable(event);
  }
}
