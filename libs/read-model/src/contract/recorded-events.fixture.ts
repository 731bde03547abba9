import type { JsonObject, RecordedEvent } from '#event-store';
import {
  currentSchemaVersion,
  type DirectoryEvent,
  isDirectoryEventType,
  type Member,
  streams,
} from '#directory';

/**
 * Builds recorded events as an event store would deliver them: global positions, per-stream
 * revisions and one second of clock per event, so `created` order is the order of the calls.
 */
export class RecordedEventLog {
  private position: number;
  private time: number;
  private readonly revisions = new Map<string, number>();

  constructor(options: { readonly fromPosition?: number; readonly startTime?: string } = {}) {
    this.position = options.fromPosition ?? 0;
    this.time = Date.parse(options.startTime ?? '2024-01-01T00:00:00.000Z');
  }

  record(tenant: string, streamId: string, type: string, data: JsonObject): RecordedEvent {
    const revision = (this.revisions.get(streamId) ?? -1) + 1;
    this.revisions.set(streamId, revision);
    this.position += 1;
    this.time += 1000;
    const occurredAt = new Date(this.time).toISOString();
    const schemaVersion = isDirectoryEventType(type) ? currentSchemaVersion(type) : 1;
    return {
      id: `event-${this.position}`,
      type,
      data,
      metadata: {
        tenant,
        caller: 'system',
        correlationId: `c-${this.position}`,
        occurredAt,
        schemaVersion,
      },
      streamId,
      revision,
      position: this.position,
      recordedAt: occurredAt,
    };
  }

  /** The time the next event will carry. */
  nextTime(): string {
    return new Date(this.time + 1000).toISOString();
  }

  user(
    tenant: string,
    event: Extract<DirectoryEvent, { data: { userId: string } }>,
  ): RecordedEvent {
    return this.record(tenant, streams.user(tenant, event.data.userId), event.type, event.data);
  }

  group(
    tenant: string,
    event: Extract<DirectoryEvent, { data: { groupId: string } }>,
  ): RecordedEvent {
    return this.record(tenant, streams.group(tenant, event.data.groupId), event.type, event.data);
  }

  tenant(
    tenant: string,
    event: Extract<DirectoryEvent, { data: { tenantId: string } }>,
  ): RecordedEvent {
    return this.record(tenant, streams.tenant(tenant), event.type, event.data);
  }

  provision(
    tenant: string,
    userId: string,
    userName: string,
    attributes: JsonObject = {},
    active = true,
  ): RecordedEvent {
    return this.user(tenant, {
      type: 'UserProvisioned',
      data: { userId, userName, active, attributes: attributes as never },
    });
  }

  createGroup(
    tenant: string,
    groupId: string,
    displayName: string,
    attributes: JsonObject = {},
  ): RecordedEvent {
    return this.group(tenant, {
      type: 'GroupCreated',
      data: { groupId, displayName, attributes: attributes as never },
    });
  }

  addMembers(tenant: string, groupId: string, members: readonly Member[]): RecordedEvent {
    return this.group(tenant, { type: 'GroupMembersAdded', data: { groupId, members } });
  }

  removeMembers(tenant: string, groupId: string, memberIds: readonly string[]): RecordedEvent {
    return this.group(tenant, { type: 'GroupMembersRemoved', data: { groupId, memberIds } });
  }
}

export const users = (...ids: string[]): Member[] => ids.map((value) => ({ value, type: 'User' }));
