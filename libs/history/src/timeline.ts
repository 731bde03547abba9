import {
  evolveGroup,
  evolveUser,
  type GroupEvent,
  initialGroupState,
  initialUserState,
  streams,
  upcast,
  type UserEvent,
} from '#directory';
import type { EventStore, RecordedEvent } from '#event-store';
import { type AttributeChange, attributeChanges, groupView, userChanges } from './changes.js';

/** One change of a resource: what happened, who asked for it, and what it changed. */
export interface TimelineEntry {
  readonly position: number;
  /** The resource's ETag revision after the change. */
  readonly revision: number;
  /** When the change was decided (RFC 3339). */
  readonly time: string;
  readonly recordedAt: string;
  readonly type: string;
  /** The credential behind the change: `token:<id>`, `app:<clientId>`, `admin:…` or `system`. */
  readonly caller: string;
  /** One per HTTP request: every change of one request shares it. */
  readonly correlationId: string;
  /** The IdP's own request id, when it sent one. */
  readonly requestId?: string;
  readonly changes: readonly AttributeChange[];
  /** Group member ids added or removed by the change. */
  readonly membersAdded?: readonly string[];
  readonly membersRemoved?: readonly string[];
}

function entryOf(recorded: RecordedEvent, changes: AttributeChange[]): TimelineEntry {
  const { caller, correlationId, requestId, occurredAt } = recorded.metadata;
  return {
    position: recorded.position,
    revision: recorded.revision,
    time: occurredAt,
    recordedAt: recorded.recordedAt,
    type: recorded.type,
    caller,
    correlationId,
    ...(requestId === undefined ? {} : { requestId }),
    changes,
  };
}

/** A user's changes, oldest first, streamed: only the state between two events is held. */
export async function* userTimeline(
  store: EventStore,
  tenant: string,
  userId: string,
): AsyncGenerator<TimelineEntry> {
  let state = initialUserState;
  for await (const recorded of store.readStream(streams.user(tenant, userId))) {
    const event = upcast(recorded.type, recorded.metadata.schemaVersion, recorded.data) as
      UserEvent | undefined;
    const next = event === undefined ? state : evolveUser(state, event);
    yield entryOf(recorded, userChanges(state, next));
    state = next;
  }
}

/** A group's changes, oldest first, streamed; membership changes list the member ids. */
export async function* groupTimeline(
  store: EventStore,
  tenant: string,
  groupId: string,
): AsyncGenerator<TimelineEntry> {
  let state = initialGroupState;
  for await (const recorded of store.readStream(streams.group(tenant, groupId))) {
    const event = upcast(recorded.type, recorded.metadata.schemaVersion, recorded.data) as
      GroupEvent | undefined;
    const next = event === undefined ? state : evolveGroup(state, event);
    const entry = entryOf(recorded, attributeChanges(groupView(state), groupView(next)));
    yield event?.type === 'GroupMembersAdded'
      ? { ...entry, membersAdded: event.data.members.map((member) => member.value) }
      : event?.type === 'GroupMembersRemoved'
        ? { ...entry, membersRemoved: event.data.memberIds }
        : entry;
    state = next;
  }
}
