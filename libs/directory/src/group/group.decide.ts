import { diffAttributes, reservedAttributeIn } from '../shared/attribute-diff.js';
import { DomainError } from '../shared/domain-error.js';
import type { Attributes } from '../shared/json.js';
import type { Member } from '../shared/member.js';
import { unreachable } from '../shared/unreachable.js';
import { normaliseDisplayName } from './group-display-name.js';
import type {
  AdoptGroup,
  ChangeGroup,
  CreateGroup,
  CreateLocalGroup,
  GroupCommand,
} from './group.commands.js';
import type { GroupEvent } from './group.events.js';
import type { MembershipView } from './group.membership.js';
import type { ExistingGroup, GroupState } from './group.state.js';

/** Attributes with their own field in the group events; `meta` is readOnly. */
const reservedGroupAttributes = ['id', 'displayName', 'members', 'meta'];

/**
 * Decides the events of a group command. `membership` answers for the ids the command touches;
 * whether those ids name users or groups of the tenant is checked by the caller
 * (`invalid_member`), since that needs the directory, not the group.
 */
export function decideGroup(
  command: GroupCommand,
  state: GroupState,
  membership: MembershipView,
): GroupEvent[] {
  switch (command.type) {
    case 'CreateGroup':
      return create(command, state);
    case 'ChangeGroup':
      return change(command, requireScimGroup(state, command.data.groupId), membership);
    case 'DeleteGroup': {
      const { groupId, displayName } = requireScimGroup(state, command.data.groupId);
      return [{ type: 'GroupDeleted', data: { groupId, displayName } }];
    }
    case 'CreateLocalGroup':
      return createLocal(command, state);
    case 'AdoptGroup':
      return adopt(command, state, membership);
    default:
      return unreachable(command);
  }
}

function create({ data }: CreateGroup, state: GroupState): GroupEvent[] {
  if (state.status !== 'absent') {
    throw new DomainError(
      'already_exists',
      `A group with id ${data.groupId} already exists or existed; create the group without an id of your own.`,
    );
  }
  const { groupId, displayName, attributes } = data;
  checkDisplayName(displayName);
  checkAttributes(attributes);
  const members = uniqueMembers(groupId, data.members);
  const events: GroupEvent[] = [
    { type: 'GroupCreated', data: { groupId, displayName, attributes } },
  ];
  if (members.length > 0) events.push({ type: 'GroupMembersAdded', data: { groupId, members } });
  return events;
}

function createLocal({ data }: CreateLocalGroup, state: GroupState): GroupEvent[] {
  if (state.status !== 'absent') {
    throw new DomainError('already_exists', `A group with id ${data.groupId} already exists.`);
  }
  const { groupId, displayName } = data;
  checkDisplayName(displayName);
  const members = uniqueMembers(groupId, data.members);
  const events: GroupEvent[] = [{ type: 'LocalGroupCreated', data: { groupId, displayName } }];
  if (members.length > 0) events.push({ type: 'GroupMembersAdded', data: { groupId, members } });
  return events;
}

/**
 * The group keeps the members it has and gains the posted ones it lacks. A group that is no
 * longer local was adopted by a concurrent POST of the same name, which now holds that name in
 * SCIM: the loser hears what a second POST of a taken name hears (ADR 0004).
 */
function adopt({ data }: AdoptGroup, state: GroupState, membership: MembershipView): GroupEvent[] {
  const { groupId, displayName, attributes } = data;
  if (state.status !== 'present') {
    throw new DomainError('group_not_found', `No local group with id ${groupId} exists.`);
  }
  if (state.managedBy !== 'local') {
    throw new DomainError(
      'group_display_name_taken',
      `displayName "${displayName}" is already used by another group of this tenant (displayNames are compared ignoring case); choose another name or update that group.`,
    );
  }
  if (normaliseDisplayName(displayName) !== normaliseDisplayName(state.displayName)) {
    throw new DomainError(
      'invalid_value',
      `Only a group of the same displayName can be adopted: "${displayName}" is not "${state.displayName}".`,
    );
  }
  checkAttributes(attributes);
  const members = uniqueMembers(groupId, data.members).filter(
    (member) => !membership.has(member.value),
  );
  const events: GroupEvent[] = [
    { type: 'GroupAdoptedByScim', data: { groupId, displayName, attributes } },
  ];
  if (members.length > 0) events.push({ type: 'GroupMembersAdded', data: { groupId, members } });
  return events;
}

function change(
  { data }: ChangeGroup,
  group: ExistingGroup,
  membership: MembershipView,
): GroupEvent[] {
  const { groupId } = group;
  const events: GroupEvent[] = [];
  // Okta re-sends the unchanged displayName with every membership PATCH: equal means no event.
  if (data.displayName !== undefined) {
    checkDisplayName(data.displayName);
    if (data.displayName !== group.displayName) {
      events.push({
        type: 'GroupRenamed',
        data: { groupId, from: group.displayName, to: data.displayName },
      });
    }
  }
  if (data.attributes !== undefined) {
    checkAttributes(data.attributes);
    const diff = diffAttributes(group.attributes, data.attributes);
    if (diff) events.push({ type: 'GroupAttributesChanged', data: { groupId, ...diff } });
  }

  // Remove, then add: an id in both ends up a member (see ChangeGroup).
  const added = uniqueMembers(groupId, data.addMembers);
  const addedIds = new Set(added.map((member) => member.value));
  const memberIds = [...new Set(data.removeMemberIds)].filter(
    (id) => membership.has(id) && !addedIds.has(id),
  );
  if (memberIds.length > 0)
    events.push({ type: 'GroupMembersRemoved', data: { groupId, memberIds } });
  const members = added.filter((member) => !membership.has(member.value));
  if (members.length > 0) events.push({ type: 'GroupMembersAdded', data: { groupId, members } });
  return events;
}

/** SCIM changes and deletes only SCIM groups: a local group is not there for the IdP. */
function requireScimGroup(state: GroupState, groupId: string): ExistingGroup {
  if (state.status !== 'present' || state.managedBy !== 'scim') {
    // RFC 7644 §3.6: a deleted resource answers 404 from then on, like one that never existed.
    throw new DomainError('group_not_found', `No group with id ${groupId} exists in this tenant.`);
  }
  return state;
}

/** Members deduplicated by `value`, the first occurrence winning. */
function uniqueMembers(groupId: string, members: readonly Member[]): Member[] {
  const byValue = new Map<string, Member>();
  for (const member of members) {
    if (member.value.trim() === '') {
      throw new DomainError(
        'invalid_member',
        'Every member needs a non-empty "value": the id of a user or group.',
      );
    }
    if (member.value === groupId) {
      throw new DomainError(
        'invalid_member',
        `Group ${groupId} cannot be a member of itself; remove it from "members".`,
      );
    }
    if (!byValue.has(member.value)) byValue.set(member.value, member);
  }
  return [...byValue.values()];
}

function checkDisplayName(displayName: string): void {
  // RFC 7643 §4.2: displayName is REQUIRED.
  if (displayName.trim() === '') {
    throw new DomainError('invalid_value', 'displayName is required and must not be blank.');
  }
}

function checkAttributes(attributes: Attributes): void {
  const reserved = reservedAttributeIn(attributes, reservedGroupAttributes);
  if (reserved !== undefined) {
    throw new DomainError(
      'invalid_value',
      `The attribute "${reserved}" cannot be stored among the other group attributes; send it in its own field or leave it out.`,
    );
  }
}
