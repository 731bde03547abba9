import {
  evolveGroup,
  evolveUser,
  type GroupEvent,
  type GroupState,
  initialGroupState,
  initialUserState,
  streams,
  type UserEvent,
  type UserState,
} from '#directory';
import type { EventStore, RecordedEvent } from '#event-store';
import { type AttributeChange, attributeChanges, groupView, userChanges } from './changes.js';
import { replayStream } from './replay.js';

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
  /**
   * The user's personal data were erased: `changes` lists only what is not personal (the
   * account's status and role); what the personal attributes were can no longer be read.
   */
  readonly personalDataErased?: true;
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
  const steps = replayStream<UserState, UserEvent>(
    store,
    streams.user(tenant, userId),
    initialUserState,
    evolveUser,
  );
  for await (const { recorded, before, after } of steps) {
    if (!recorded.personalDataErased) yield entryOf(recorded, userChanges(before, after));
    else
      yield {
        ...entryOf(recorded, userChanges(before, after, { erased: true })),
        personalDataErased: true,
      };
  }
}

/** A group's changes, oldest first, streamed; membership changes list the member ids. */
export async function* groupTimeline(
  store: EventStore,
  tenant: string,
  groupId: string,
): AsyncGenerator<TimelineEntry> {
  const steps = replayStream<GroupState, GroupEvent>(
    store,
    streams.group(tenant, groupId),
    initialGroupState,
    evolveGroup,
  );
  for await (const { recorded, event, before, after } of steps) {
    const entry = entryOf(recorded, attributeChanges(groupView(before), groupView(after)));
    yield event?.type === 'GroupMembersAdded'
      ? { ...entry, membersAdded: event.data.members.map((member) => member.value) }
      : event?.type === 'GroupMembersRemoved'
        ? { ...entry, membersRemoved: event.data.memberIds }
        : entry;
  }
}
