import { describe, expect, it } from '@jest/globals';
import type { GroupEvent } from './group.events.js';
import { evolveGroup } from './group.evolve.js';
import { groupFromSnapshot, groupSnapshot, shouldSnapshot } from './group.snapshot.js';
import { initialGroupState, type GroupState } from './group.state.js';

const groupId = 'g-1';
const history: GroupEvent[] = [
  {
    type: 'GroupCreated',
    data: { groupId, displayName: 'Engineering', attributes: { externalId: 'e' } },
  },
  ...Array.from({ length: 150 }, (_, i): GroupEvent => ({
    type: 'GroupMembersAdded',
    data: {
      groupId,
      members: [
        { value: `u-${i}`, type: 'User' },
        { value: `v-${i}`, type: 'User' },
      ],
    },
  })),
  { type: 'GroupMembersRemoved', data: { groupId, memberIds: ['u-1', 'u-2', 'u-3'] } },
  { type: 'GroupRenamed', data: { groupId, from: 'Engineering', to: 'R&D' } },
];
const fold = (from: GroupState, events: readonly GroupEvent[]): GroupState =>
  events.reduce(evolveGroup, from);

describe('group snapshots', () => {
  it('hold only scalars and count members without listing them', () => {
    expect(fold(initialGroupState, history)).toEqual({
      status: 'present',
      managedBy: 'scim',
      groupId,
      displayName: 'R&D',
      attributes: { externalId: 'e' },
      memberCount: 297,
    });
  });

  it('load to the same state as the full history, through a JSON round trip', () => {
    const revision = 100;
    const stored: unknown = JSON.parse(
      JSON.stringify(
        groupSnapshot(fold(initialGroupState, history.slice(0, revision + 1)), revision),
      ),
    );
    const loaded = groupFromSnapshot(stored);
    expect(loaded?.revision).toBe(revision);
    expect(fold(loaded!.state, history.slice(revision + 1))).toEqual(
      fold(initialGroupState, history),
    );
  });

  it('are ignored when their version or shape is not the current one', () => {
    const snapshot = groupSnapshot(fold(initialGroupState, history), 152);
    expect(groupFromSnapshot({ ...snapshot, snapshotVersion: 0 })).toBeUndefined();
    expect(groupFromSnapshot({ ...snapshot, revision: -1 })).toBeUndefined();
    expect(
      groupFromSnapshot({ ...snapshot, state: { status: 'present', groupId } }),
    ).toBeUndefined();
    expect(groupFromSnapshot(null)).toBeUndefined();
  });

  it('are taken every 100 events', () => {
    expect(shouldSnapshot(99)).toBe(false);
    expect(shouldSnapshot(100)).toBe(true);
    expect(shouldSnapshot(250)).toBe(true);
  });
});
