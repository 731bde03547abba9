import type { GroupState } from './group.state.js';

/** Event type of a snapshot in the `groupsnapshot-<tenant>:<id>` stream. */
export const groupSnapshotEventType = 'GroupSnapshotTaken';

/**
 * Shape version of snapshots. Raise it when `GroupState` changes shape: older snapshots are then
 * ignored and the group is folded from its events, so snapshots never need upcasting. Version 2
 * added `managedBy` (local groups).
 */
export const groupSnapshotVersion = 2;

/** How many events a group stream may grow past its last snapshot before a new one is taken. */
export const groupSnapshotInterval = 100;

/** The scalar state of a group as of `revision`, the revision of the last event folded into it. */
export interface GroupSnapshot {
  readonly snapshotVersion: number;
  readonly revision: number;
  readonly state: GroupState;
}

export function groupSnapshot(state: GroupState, revision: number): GroupSnapshot {
  return { snapshotVersion: groupSnapshotVersion, revision, state };
}

/**
 * The state and revision held by a snapshot as read back from the store; `undefined` when the
 * snapshot has another version or shape, in which case the caller folds all events instead.
 */
export function groupFromSnapshot(
  snapshot: unknown,
): { readonly state: GroupState; readonly revision: number } | undefined {
  if (!isRecord(snapshot) || snapshot.snapshotVersion !== groupSnapshotVersion) return undefined;
  const { revision, state } = snapshot;
  if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 0) return undefined;
  if (!isGroupState(state)) return undefined;
  return { state, revision };
}

export function shouldSnapshot(revisionsSinceSnapshot: number): boolean {
  return revisionsSinceSnapshot >= groupSnapshotInterval;
}

function isGroupState(value: unknown): value is GroupState {
  if (!isRecord(value)) return false;
  switch (value.status) {
    case 'absent':
      return true;
    case 'deleted':
      return typeof value.groupId === 'string' && typeof value.displayName === 'string';
    case 'present':
      return (
        typeof value.groupId === 'string' &&
        typeof value.displayName === 'string' &&
        (value.managedBy === 'scim' || value.managedBy === 'local') &&
        isRecord(value.attributes) &&
        typeof value.memberCount === 'number'
      );
    default:
      return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
