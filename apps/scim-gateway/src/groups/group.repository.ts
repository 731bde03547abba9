import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  evolveGroup,
  groupFromSnapshot,
  groupSnapshot,
  groupSnapshotEventType,
  initialGroupState,
  shouldSnapshot,
  streams,
  upcast,
  type GroupEvent,
  type GroupState,
} from '#directory';
import type { EventStore, NewEvent } from '#event-store';
import { EVENT_STORE } from '../shared/injection-tokens.js';
import { uuidv7 } from '#platform';

export interface LoadedGroup {
  readonly state: GroupState;
  /** Revision of the stream's last event; -1 when the stream has none. */
  readonly revision: number;
  /** Global position of the stream's last event (what the membership index must have reached). */
  readonly position: number;
  readonly created: string;
  readonly lastModified: string;
  /** Revision covered by the snapshot the load started from; -1 without one. */
  readonly snapshotRevision: number;
}

interface SnapshotExtras {
  readonly position: number;
  readonly created: string;
  readonly lastModified: string;
}

/**
 * Loads a group's scalar state in bounded time however long its history (DESIGN decision 6):
 * the last snapshot, then at most `groupSnapshotInterval` events after it.
 */
@Injectable()
export class GroupRepository {
  private readonly logger = new Logger(GroupRepository.name);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(tenant: string, groupId: string): Promise<LoadedGroup> {
    const snapshotEvent = await this.store.readLastEvent(streams.groupSnapshot(tenant, groupId));
    const snapshot =
      snapshotEvent === undefined ? undefined : groupFromSnapshot(snapshotEvent.data);
    const extras =
      snapshot === undefined ? undefined : (snapshotEvent!.data as unknown as SnapshotExtras);
    let state = snapshot?.state ?? initialGroupState;
    let revision = snapshot?.revision ?? -1;
    let position = extras?.position ?? 0;
    let created = extras?.created ?? '';
    let lastModified = extras?.lastModified ?? '';
    for await (const recorded of this.store.readStream(streams.group(tenant, groupId), {
      fromRevision: revision + 1,
    })) {
      const event = upcast(recorded.type, recorded.metadata.schemaVersion, recorded.data) as
        GroupEvent | undefined;
      if (event !== undefined) state = evolveGroup(state, event);
      if (recorded.revision === 0) created = recorded.metadata.occurredAt;
      lastModified = recorded.metadata.occurredAt;
      revision = recorded.revision;
      position = recorded.position;
    }
    return {
      state,
      revision,
      position,
      created,
      lastModified,
      snapshotRevision: snapshot?.revision ?? -1,
    };
  }

  /** Takes a snapshot when the stream has grown far enough past the last one. Best effort. */
  async snapshotIfDue(tenant: string, loaded: LoadedGroup, template: NewEvent): Promise<void> {
    if (!shouldSnapshot(loaded.revision - loaded.snapshotRevision)) return;
    const data = {
      ...groupSnapshot(loaded.state, loaded.revision),
      position: loaded.position,
      created: loaded.created,
      lastModified: loaded.lastModified,
    };
    try {
      await this.store.append([
        {
          streamId: streams.groupSnapshot(
            tenant,
            loaded.state.status === 'absent' ? '' : loaded.state.groupId,
          ),
          expected: 'any',
          events: [{ ...template, id: uuidv7(), type: groupSnapshotEventType, data }],
        },
      ]);
    } catch (error) {
      this.logger.warn(
        `Snapshot of a group of tenant ${tenant} failed; loads stay correct, only slower: ${String(error)}`,
      );
    }
  }
}
