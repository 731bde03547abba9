import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { currentSchemaVersion, type DirectoryEvent, streams } from '#directory';
import {
  type EventStore,
  type JsonObject,
  type NewEvent,
  openSqliteEventStore,
  type RecordedEvent,
} from '#event-store';
import {
  type DirectoryProjectionTarget,
  openSqliteReadModel,
  type SqliteReadModel,
} from '#read-model';
import { DirectoryProjector } from './directory-projector.js';
import { rebuildSqliteReadModel } from './rebuild-read-model.js';

function rawEvent(type: string, data: JsonObject, schemaVersion: number): NewEvent {
  const metadata = {
    tenant: 'acme',
    caller: 'system',
    correlationId: randomUUID(),
    occurredAt: new Date().toISOString(),
    schemaVersion,
  };
  return { id: randomUUID(), type, data, metadata };
}

const newEvent = (event: DirectoryEvent): NewEvent =>
  rawEvent(event.type, event.data, currentSchemaVersion(event.type));

/** What the write model appends to a reservation stream; not a directory event. */
const reservation = (owner: string): NewEvent => rawEvent('UserNameReserved', { owner }, 1);

const provision = (userId: string, userName: string): NewEvent =>
  newEvent({
    type: 'UserProvisioned',
    data: { userId, userName, active: true, attributes: { displayName: userName } },
  });

/** Every row of every table, in key order: what "identical read models" means. */
function dump(path: string): Record<string, unknown[]> {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const tables: Record<string, string> = {
      users: 'tenant, id',
      groups: 'tenant, id',
      group_members: 'tenant, group_id, member_id',
      tenants: 'id',
      bearer_tokens: 'token_hash',
      checkpoints: 'name',
    };
    return Object.fromEntries(
      Object.entries(tables).map(([table, key]) => [
        table,
        db.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all(),
      ]),
    );
  } finally {
    db.close();
  }
}

describe('DirectoryProjector on SQLite', () => {
  let dir: string;
  let eventStore: EventStore;
  let readModel: SqliteReadModel;
  let projector: DirectoryProjector | undefined;
  const readModelPath = (): string => join(dir, 'read-model.sqlite');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'directory-projector-'));
    eventStore = await openSqliteEventStore({ path: join(dir, 'events.sqlite') });
    readModel = openSqliteReadModel({ path: readModelPath() });
  });

  afterEach(async () => {
    await projector?.stop();
    await readModel.close();
    await eventStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function seed(): Promise<number> {
    await eventStore.append([
      {
        streamId: streams.tenant('acme'),
        expected: 'no_stream',
        events: [
          newEvent({ type: 'TenantRegistered', data: { tenantId: 'acme', name: 'Acme' } }),
          newEvent({
            type: 'BearerTokenIssued',
            data: { tenantId: 'acme', tokenId: 't1', tokenHash: 'hash-1', label: 'okta' },
          }),
        ],
      },
    ]);
    await eventStore.append([
      {
        streamId: streams.reservation('acme', 'userName', 'alice'),
        expected: 'no_stream',
        events: [reservation('u1')],
      },
      {
        streamId: streams.user('acme', 'u1'),
        expected: 'no_stream',
        events: [provision('u1', 'alice')],
      },
    ]);
    await eventStore.append([
      {
        streamId: streams.user('acme', 'u2'),
        expected: 'no_stream',
        events: [provision('u2', 'bob')],
      },
    ]);
    const group = await eventStore.append([
      {
        streamId: streams.group('acme', 'g1'),
        expected: 'no_stream',
        events: [
          newEvent({
            type: 'GroupCreated',
            data: { groupId: 'g1', displayName: 'Admins', attributes: {} },
          }),
          newEvent({
            type: 'GroupMembersAdded',
            data: {
              groupId: 'g1',
              members: [
                { value: 'u1', type: 'User' },
                { value: 'u2', type: 'User' },
              ],
            },
          }),
        ],
      },
    ]);
    return group.position;
  }

  async function startProjector(
    target: DirectoryProjectionTarget = readModel,
  ): Promise<DirectoryProjector> {
    projector = new DirectoryProjector(eventStore, target, { batchSize: 2 });
    await projector.start();
    await projector.caughtUp;
    return projector;
  }

  it('projects stored events, then live appends that read-your-writes waits for', async () => {
    const seeded = await seed();
    await startProjector();
    expect(await readModel.position()).toBe(seeded);
    expect((await readModel.getGroup('acme', 'g1'))?.memberCount).toBe(2);
    expect(await readModel.findBearerToken('hash-1')).toEqual({
      tenantId: 'acme',
      tokenId: 't1',
      revoked: false,
    });

    const write = await eventStore.append([
      {
        streamId: streams.user('acme', 'u3'),
        expected: 'no_stream',
        events: [provision('u3', 'carol')],
      },
      // The last event of the write is on a stream the projector filters out.
      {
        streamId: streams.reservation('acme', 'userName', 'carol'),
        expected: 'no_stream',
        events: [reservation('u3')],
      },
    ]);
    expect(await readModel.waitForPosition(write.position, 5_000)).toBe(true);
    expect((await readModel.getUser('acme', 'u3'))?.userName).toBe('carol');
  });

  it('resumes from its checkpoint after a restart without applying any event twice', async () => {
    await seed();
    await (await startProjector()).stop();
    const added = await eventStore.append([
      {
        streamId: streams.group('acme', 'g1'),
        expected: 1,
        events: [
          newEvent({ type: 'GroupMembersRemoved', data: { groupId: 'g1', memberIds: ['u1'] } }),
        ],
      },
    ]);

    const applied: RecordedEvent[] = [];
    const counting: DirectoryProjectionTarget = {
      checkpoint: () => readModel.checkpoint(),
      advanceCheckpoint: (position) => readModel.advanceCheckpoint(position),
      applyEvents: async (events) => {
        applied.push(...events);
        await readModel.applyEvents(events);
      },
    };
    await startProjector(counting);
    expect(applied.map((event) => event.type)).toEqual(['GroupMembersRemoved']);
    expect(await readModel.position()).toBe(added.position);
    expect((await readModel.getGroup('acme', 'g1'))?.memberCount).toBe(1);
  });

  it('rebuilds from scratch to identical rows', async () => {
    await seed();
    await eventStore.append([
      {
        streamId: streams.user('acme', 'u2'),
        expected: 0,
        events: [newEvent({ type: 'UserDeleted', data: { userId: 'u2', userName: 'bob' } })],
      },
    ]);
    await (await startProjector()).stop();
    await readModel.close();
    const projected = dump(readModelPath());

    const progress: number[] = [];
    const result = await rebuildSqliteReadModel({
      eventStore,
      path: readModelPath(),
      batchSize: 3,
      onProgress: (p) => progress.push(p.events),
    });
    expect(result.position).toBe(await eventStore.headPosition());
    expect(progress.at(-1)).toBe(result.events);
    expect(dump(readModelPath())).toEqual(projected);
    expect(projected['groups']).toMatchObject([{ id: 'g1', member_count: 1 }]);

    readModel = openSqliteReadModel({ path: readModelPath() });
    expect((await readModel.getUser('acme', 'u1'))?.userName).toBe('alice');
  });
});
