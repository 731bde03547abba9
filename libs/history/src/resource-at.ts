import {
  evolveGroup,
  evolveUser,
  type GroupEvent,
  type GroupState,
  initialGroupState,
  initialUserState,
  type MemberType,
  streams,
  type UserEvent,
  type UserState,
} from '#directory';
import type { EventStore } from '#event-store';
import { type HistoryPoint, reaches } from './history-point.js';
import { replayStream } from './replay.js';

/** A resource folded from its stream up to a point. */
export interface ResourceAt<State> {
  readonly state: State;
  /** Revision of the last event folded; -1 when none (the resource did not exist yet). */
  readonly revision: number;
  /** Position of the last event folded; 0 when none. */
  readonly position: number;
  /** RFC 3339 `occurredAt` of the first and the last event folded. */
  readonly created: string;
  readonly lastModified: string;
  /** Present when the resource's personal data were erased: its state holds stand-ins for them. */
  readonly personalDataErased?: true;
}

export interface GroupMemberAt {
  readonly value: string;
  readonly type: MemberType;
}

export interface GroupAt extends ResourceAt<GroupState> {
  /** Members at the point, by id; only when asked for (`withMembers`). */
  readonly members?: readonly GroupMemberAt[];
}

/**
 * Folds a stream's events in order while they lie at or before `until`. The events of one stream
 * are decided one after another (each append expects the previous revision), so the prefix up to
 * a time is the resource as it was then.
 */
async function foldStream<State, Event>(
  store: EventStore,
  streamId: string,
  initial: State,
  evolve: (state: State, event: Event) => State,
  until: HistoryPoint | undefined,
  onEvent?: (event: Event) => void,
): Promise<ResourceAt<State>> {
  let at: ResourceAt<State> = {
    state: initial,
    revision: -1,
    position: 0,
    created: '',
    lastModified: '',
  };
  for await (const { recorded, event, after } of replayStream(store, streamId, initial, evolve)) {
    if (!reaches(until, recorded)) break;
    if (event !== undefined) onEvent?.(event);
    at = {
      state: after,
      revision: recorded.revision,
      position: recorded.position,
      created: at.revision < 0 ? recorded.metadata.occurredAt : at.created,
      lastModified: recorded.metadata.occurredAt,
      ...(at.personalDataErased || recorded.personalDataErased ? { personalDataErased: true } : {}),
    };
  }
  return at;
}

/** A user as it was at `until` (now without it), replayed from its stream. */
export function userAt(
  store: EventStore,
  tenant: string,
  userId: string,
  until?: HistoryPoint,
): Promise<ResourceAt<UserState>> {
  return foldStream<UserState, UserEvent>(
    store,
    streams.user(tenant, userId),
    initialUserState,
    evolveUser,
    until,
  );
}

/**
 * A group as it was at `until`, replayed from its stream. With `withMembers` the member set is
 * replayed too: it costs memory in proportion to the group, never to the tenant.
 */
export async function groupAt(
  store: EventStore,
  tenant: string,
  groupId: string,
  until?: HistoryPoint,
  options: { readonly withMembers?: boolean } = {},
): Promise<GroupAt> {
  const members = options.withMembers ? new Map<string, MemberType>() : undefined;
  const at = await foldStream<GroupState, GroupEvent>(
    store,
    streams.group(tenant, groupId),
    initialGroupState,
    evolveGroup,
    until,
    members === undefined ? undefined : (event) => trackMembers(members, event),
  );
  if (members === undefined) return at;
  const present = await withoutDeletedMembers(store, tenant, members, until);
  const sorted = present.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { ...at, members: sorted };
}

const deletions = new Set(['UserDeleted', 'UserHiddenByDeletionPolicy', 'GroupDeleted']);

/**
 * Deleting a user or group ends its memberships without a group event (the read model drops the
 * rows), so a member whose own stream ends in a deletion at or before the point is no member
 * then. One read of the last event per member: a deleted resource's stream ends there.
 */
async function withoutDeletedMembers(
  store: EventStore,
  tenant: string,
  members: ReadonlyMap<string, MemberType>,
  until: HistoryPoint | undefined,
): Promise<GroupMemberAt[]> {
  const all = [...members].map(([value, type]) => ({ value, type }));
  const present: GroupMemberAt[] = [];
  for (let from = 0; from < all.length; from += 100) {
    const chunk = all.slice(from, from + 100);
    const last = await Promise.all(
      chunk.map(({ value, type }) =>
        store.readLastEvent(
          type === 'User' ? streams.user(tenant, value) : streams.group(tenant, value),
        ),
      ),
    );
    chunk.forEach((member, i) => {
      const event = last[i];
      const gone = event !== undefined && deletions.has(event.type) && reaches(until, event);
      if (!gone) present.push(member);
    });
  }
  return present;
}

function trackMembers(members: Map<string, MemberType>, event: GroupEvent): void {
  switch (event.type) {
    case 'GroupMembersAdded':
      for (const member of event.data.members) members.set(member.value, member.type);
      return;
    case 'GroupMembersRemoved':
      for (const id of event.data.memberIds) members.delete(id);
      return;
    case 'GroupDeleted':
      members.clear();
      return;
    // The others leave the members as they are.
    case 'GroupCreated':
    case 'LocalGroupCreated':
    case 'GroupAdoptedByScim':
    case 'GroupRenamed':
    case 'GroupAttributesChanged':
      return;
  }
}
