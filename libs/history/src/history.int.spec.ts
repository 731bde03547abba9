import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentSchemaVersion, type DirectoryEvent, streams } from '#directory';
import { type EventStore, openSqliteEventStore } from '#event-store';
import { groupAt, groupDiff, groupTimeline, userAt, userDiff, userTimeline } from './index.js';

const t = (minute: number) => `2026-11-23T10:${String(minute).padStart(2, '0')}:00.000Z`;

describe('resource history replayed from the event store', () => {
  let dir: string;
  let store: EventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'history-'));
    store = await openSqliteEventStore({ path: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Appends one event to a stream as the gateway would, decided at `minute`. */
  async function record(
    streamId: string,
    expected: number | 'no_stream',
    event: DirectoryEvent,
    minute: number,
    caller = 'app:okta-prod',
  ): Promise<number> {
    const { position } = await store.append([
      {
        streamId,
        expected,
        events: [
          {
            id: randomUUID(),
            type: event.type,
            data: event.data,
            metadata: {
              tenant: 'acme',
              caller,
              correlationId: `corr-${minute}`,
              requestId: `okta-${minute}`,
              occurredAt: t(minute),
              schemaVersion: currentSchemaVersion(event.type),
            },
          },
        ],
      },
    ]);
    return position;
  }

  const user = (userId: string) => streams.user('acme', userId);

  async function aliceHistory(): Promise<number[]> {
    return [
      await record(
        user('u1'),
        'no_stream',
        {
          type: 'UserProvisioned',
          data: {
            userId: 'u1',
            userName: 'alice@example.com',
            active: true,
            attributes: { emails: [{ value: 'alice@example.com', type: 'work' }], title: 'Dev' },
            passwordHash: 'scrypt$secret-hash',
          },
        },
        1,
      ),
      await record(
        user('u1'),
        0,
        {
          type: 'UserAttributesChanged',
          data: {
            userId: 'u1',
            set: { emails: [{ value: 'alice@new.example', type: 'work' }] },
            unset: ['title'],
          },
        },
        5,
      ),
      await record(user('u1'), 1, { type: 'UserDeactivated', data: { userId: 'u1' } }, 9),
      await record(
        user('u1'),
        2,
        { type: 'UserPasswordChanged', data: { userId: 'u1', passwordHash: 'scrypt$other' } },
        12,
        'token:t1',
      ),
    ];
  }

  it("reconstructs a user's state exactly at three moments, by time and by position", async () => {
    const positions = await aliceHistory();

    const early = await userAt(store, 'acme', 'u1', { time: '2026-11-23T10:03:00Z' });
    expect(early).toMatchObject({
      revision: 0,
      created: t(1),
      lastModified: t(1),
      state: {
        status: 'active',
        userName: 'alice@example.com',
        attributes: { emails: [{ value: 'alice@example.com', type: 'work' }], title: 'Dev' },
      },
    });
    const middle = await userAt(store, 'acme', 'u1', { time: t(5) });
    expect(middle).toMatchObject({
      revision: 1,
      lastModified: t(5),
      state: { status: 'active', attributes: { emails: [{ value: 'alice@new.example' }] } },
    });
    expect(middle.state).not.toHaveProperty('attributes.title');
    const late = await userAt(store, 'acme', 'u1', { time: '2026-11-23T12:10:00+02:00' });
    expect(late).toMatchObject({ revision: 2, state: { status: 'inactive' } });

    expect(await userAt(store, 'acme', 'u1', { position: positions[1]! })).toEqual(middle);
    const before = await userAt(store, 'acme', 'u1', { time: '2026-11-23T09:00:00Z' });
    expect(before).toMatchObject({ revision: -1, state: { status: 'absent' } });
    expect((await userAt(store, 'acme', 'u1')).revision).toBe(3);
  });

  it("lists a user's changes with who made them and what they changed, never a password hash", async () => {
    await aliceHistory();
    const entries = [];
    for await (const entry of userTimeline(store, 'acme', 'u1')) entries.push(entry);

    expect(
      entries.map((e) => [e.type, e.revision, e.caller, e.correlationId, e.requestId]),
    ).toEqual([
      ['UserProvisioned', 0, 'app:okta-prod', 'corr-1', 'okta-1'],
      ['UserAttributesChanged', 1, 'app:okta-prod', 'corr-5', 'okta-5'],
      ['UserDeactivated', 2, 'app:okta-prod', 'corr-9', 'okta-9'],
      ['UserPasswordChanged', 3, 'token:t1', 'corr-12', 'okta-12'],
    ]);
    expect(entries[1]!.changes).toEqual([
      {
        attribute: 'emails',
        before: [{ value: 'alice@example.com', type: 'work' }],
        after: [{ value: 'alice@new.example', type: 'work' }],
      },
      { attribute: 'title', before: 'Dev' },
    ]);
    expect(entries[2]!.changes).toEqual([{ attribute: 'active', before: true, after: false }]);
    expect(entries[3]!.changes).toEqual([{ attribute: 'password', redacted: true }]);
    expect(JSON.stringify(entries)).not.toContain('scrypt$');
    expect(entries[0]!.changes.map((c) => c.attribute)).toEqual([
      'active',
      'emails',
      'password',
      'title',
      'userName',
    ]);

    const diff = await userDiff(store, 'acme', 'u1', { time: t(1) }, { time: t(9) });
    expect(diff.changes.map((c) => c.attribute)).toEqual(['active', 'emails', 'title']);
  });

  it('replays group members at a moment, leaving out members deleted by then', async () => {
    const group = streams.group('acme', 'g1');
    for (const [i, id] of ['u1', 'u2', 'u3'].entries())
      await record(
        user(id),
        'no_stream',
        {
          type: 'UserProvisioned',
          data: { userId: id, userName: id, active: true, attributes: {} },
        },
        i,
      );
    await record(
      group,
      'no_stream',
      { type: 'GroupCreated', data: { groupId: 'g1', displayName: 'Eng', attributes: {} } },
      3,
    );
    await record(
      group,
      0,
      {
        type: 'GroupMembersAdded',
        data: {
          groupId: 'g1',
          members: [
            { value: 'u2', type: 'User' },
            { value: 'u1', type: 'User' },
            { value: 'u3', type: 'User' },
          ],
        },
      },
      4,
    );
    await record(
      group,
      1,
      { type: 'GroupMembersRemoved', data: { groupId: 'g1', memberIds: ['u2'] } },
      6,
    );
    await record(
      group,
      2,
      { type: 'GroupRenamed', data: { groupId: 'g1', from: 'Eng', to: 'R&D' } },
      7,
    );
    await record(user('u3'), 0, { type: 'UserDeleted', data: { userId: 'u3', userName: 'u3' } }, 8);

    const members = async (minute: number) =>
      (await groupAt(store, 'acme', 'g1', { time: t(minute) }, { withMembers: true })).members?.map(
        (m) => m.value,
      );
    expect(await members(3)).toEqual([]);
    expect(await members(5)).toEqual(['u1', 'u2', 'u3']);
    expect(await members(6)).toEqual(['u1', 'u3']);
    expect(await members(8)).toEqual(['u1']);
    expect((await groupAt(store, 'acme', 'g1', { time: t(6) })).state).toMatchObject({
      displayName: 'Eng',
    });

    const diff = await groupDiff(store, 'acme', 'g1', { time: t(5) }, { time: t(8) });
    expect(diff).toMatchObject({
      changes: [{ attribute: 'displayName', before: 'Eng', after: 'R&D' }],
      membersAdded: [],
      membersRemoved: ['u2', 'u3'],
    });

    const entries = [];
    for await (const entry of groupTimeline(store, 'acme', 'g1')) entries.push(entry);
    expect(entries.map((e) => [e.type, e.membersAdded, e.membersRemoved])).toEqual([
      ['GroupCreated', undefined, undefined],
      ['GroupMembersAdded', ['u2', 'u1', 'u3'], undefined],
      ['GroupMembersRemoved', undefined, ['u2']],
      ['GroupRenamed', undefined, undefined],
    ]);
  });
});
