import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTopics, type ContractMessage, type ContractSink } from '#contracts';
import { storedEventOf, streams, type DirectoryEvent } from '#directory';
import { openSqliteEventStore, type EventStore, type NewEvent } from '#event-store';
import { ChangePublisher } from './change-publisher.js';
import { SqliteCheckpointStore } from './checkpoint-store.js';

/** A sink that keeps what it was given, and fails while `failures` is above zero. */
class RecordingSink implements ContractSink {
  readonly published: ContractMessage[] = [];
  readonly batchSizes: number[] = [];
  failures = 0;

  async publish(messages: readonly ContractMessage[]): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failures > 0) {
      this.failures--;
      throw new Error('broker unreachable');
    }
    this.batchSizes.push(messages.length);
    this.published.push(...messages);
  }
}

const event = (event: DirectoryEvent): NewEvent => storedEventOf(event, { caller: 'token:t1' });

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('ChangePublisher', () => {
  let dir: string;
  let store: EventStore;
  let checkpoints: SqliteCheckpointStore;
  let sink: RecordingSink;
  let publisher: ChangePublisher | undefined;

  const start = async (batchSize = 500) => {
    publisher = new ChangePublisher(store, sink, checkpoints, {
      name: 'test',
      topics: defaultTopics,
      batchSize,
      backoffMs: { initial: 5, max: 20 },
    });
    await publisher.start();
    return publisher;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'change-publisher-'));
    store = await openSqliteEventStore({ path: join(dir, 'events.sqlite') });
    checkpoints = new SqliteCheckpointStore(join(dir, 'change-publisher.sqlite'));
    sink = new RecordingSink();
  });

  afterEach(async () => {
    await publisher?.stop();
    publisher = undefined;
    await checkpoints.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const provision = (userId: string) =>
    store.append([
      {
        streamId: streams.user('acme', userId),
        expected: 'no_stream',
        events: [
          event({
            type: 'UserProvisioned',
            data: { userId, userName: `${userId}@acme.example`, active: true, attributes: {} },
          }),
        ],
      },
    ]);

  it('publishes user and group events in store order, and nothing for the other streams', async () => {
    await provision('u1');
    await store.append([
      {
        streamId: streams.tenant('acme'),
        expected: 'any',
        events: [event({ type: 'TenantProvisioningDisabled', data: {} } as DirectoryEvent)],
      },
    ]);
    await store.append([
      {
        streamId: streams.group('acme', 'g1'),
        expected: 'no_stream',
        events: [
          event({
            type: 'GroupCreated',
            data: { groupId: 'g1', displayName: 'Eng', attributes: {} },
          }),
          event({
            type: 'GroupMembersAdded',
            data: { groupId: 'g1', members: [{ value: 'u1', type: 'User' }] },
          }),
        ],
      },
    ]);
    const { position } = await store.append([
      {
        streamId: streams.user('acme', 'u1'),
        expected: 0,
        events: [event({ type: 'UserDeactivated', data: { userId: 'u1' } })],
      },
    ]);
    await start();
    await until(() => publisher!.status().checkpoint === position, 'the checkpoint');
    expect(sink.published.map((m) => [m.topic, m.key, m.headers.ce_type])).toEqual([
      ['scim.users.v1', 'acme/u1', 'scim.user.provisioned.v1'],
      ['scim.groups.v1', 'acme/g1', 'scim.group.created.v1'],
      ['scim.groups.v1', 'acme/g1', 'scim.group.members.added.v1'],
      ['scim.users.v1', 'acme/u1', 'scim.user.deactivated.v1'],
    ]);
    expect(await checkpoints.load('test')).toBe(position);
  });

  it('resumes after a restart from its checkpoint without publishing anything twice', async () => {
    await provision('u1');
    await start();
    await until(() => sink.published.length === 1, 'the first message');
    await publisher!.stop();
    await provision('u2');
    await start();
    await until(() => sink.published.length === 2, 'the second message');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sink.published.map((m) => m.key)).toEqual(['acme/u1', 'acme/u2']);
  });

  it('keeps retrying a batch while the sink fails, and moves its checkpoint only once it is published', async () => {
    sink.failures = 3;
    const { position } = await provision('u1');
    await start();
    await until(() => publisher!.status().failing !== undefined, 'the failure');
    expect(await checkpoints.load('test')).toBe(0);
    await until(() => publisher!.status().checkpoint === position, 'recovery');
    expect(publisher!.status().failing).toBeUndefined();
    expect(sink.published.map((m) => m.key)).toEqual(['acme/u1']);
  });

  it('stopped during an outage, it leaves the checkpoint before the unpublished batch', async () => {
    sink.failures = 1_000_000;
    await provision('u1');
    await start();
    await until(() => publisher!.status().failing !== undefined, 'the failure');
    await publisher!.stop();
    expect(await checkpoints.load('test')).toBe(0);
    sink.failures = 0;
    await start();
    await until(() => sink.published.length === 1, 'the message after the restart');
  });

  it('hands the sink at most one batch at a time (back-pressure, bounded memory)', async () => {
    for (let i = 0; i < 25; i++) await provision(`u${i}`);
    await start(10);
    await until(() => sink.published.length === 25, 'every message');
    expect(Math.max(...sink.batchSizes)).toBeLessThanOrEqual(10);
  });
});
