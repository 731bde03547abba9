import type { UserState } from '#directory';
import type { EventStore } from '#event-store';
import { type AttributeChange, attributeChanges, groupView, userChanges } from './changes.js';
import type { HistoryPoint } from './history-point.js';
import { type GroupAt, groupAt, type ResourceAt, userAt } from './resource-at.js';

export interface ResourceDiff<At> {
  readonly from: At;
  readonly to: At;
  readonly changes: readonly AttributeChange[];
}

export interface GroupDiff extends ResourceDiff<GroupAt> {
  readonly membersAdded: readonly string[];
  readonly membersRemoved: readonly string[];
}

/** What changed on a user between two moments. */
export async function userDiff(
  store: EventStore,
  tenant: string,
  userId: string,
  from: HistoryPoint,
  to: HistoryPoint,
): Promise<ResourceDiff<ResourceAt<UserState>>> {
  const [before, after] = await Promise.all([
    userAt(store, tenant, userId, from),
    userAt(store, tenant, userId, to),
  ]);
  const erased = before.personalDataErased === true || after.personalDataErased === true;
  return { from: before, to: after, changes: userChanges(before.state, after.state, { erased }) };
}

/** What changed on a group between two moments, members included. */
export async function groupDiff(
  store: EventStore,
  tenant: string,
  groupId: string,
  from: HistoryPoint,
  to: HistoryPoint,
): Promise<GroupDiff> {
  const [before, after] = await Promise.all([
    groupAt(store, tenant, groupId, from, { withMembers: true }),
    groupAt(store, tenant, groupId, to, { withMembers: true }),
  ]);
  const ids = (at: GroupAt) => new Set((at.members ?? []).map((member) => member.value));
  const was = ids(before);
  const is = ids(after);
  return {
    from: before,
    to: after,
    changes: attributeChanges(groupView(before.state), groupView(after.state)),
    membersAdded: [...is].filter((id) => !was.has(id)),
    membersRemoved: [...was].filter((id) => !is.has(id)),
  };
}
