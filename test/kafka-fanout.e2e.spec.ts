import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { contractTopics, deadLetterTopic } from '#contracts';
import { storedEventOf, streams } from '#directory';
import { openSqliteEventStore } from '#event-store';
import { connectKafka } from '#kafka';
import {
  eventually,
  kafkaBrokers,
  TopicReader,
  uniqueTopicPrefix,
  type ReadMessage,
} from './support/kafka.js';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildOnce, freePort } from './support/service-process.js';
import { startTestService, TEST_TENANT, type TestService } from './support/standalone-harness.js';

/**
 * The standalone service with KAFKA_BROKERS set, against a real broker: SCIM writes become
 * CloudEvents on the contract topics, and the login and audit services consume them from Kafka.
 */
describe('Kafka fan-out', () => {
  let brokers: string;
  let topics: ReturnType<typeof contractTopics>;
  let service: TestService;
  let reader: TopicReader;

  beforeAll(async () => {
    brokers = await kafkaBrokers();
    const prefix = uniqueTopicPrefix();
    topics = contractTopics(prefix);
    service = await startTestService({
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_TOPIC_PARTITIONS: '3',
      CONSUMER_MAX_ATTEMPTS: '2',
    });
    reader = await TopicReader.open(brokers, [
      topics.users,
      topics.groups,
      deadLetterTopic(topics.users),
    ]);
  }, 600_000);

  afterAll(async () => {
    await reader?.close();
    await service?.stop();
  });

  const account = async (userId: string) => {
    const response = await fetch(`${service.service.origin}/accounts/${TEST_TENANT}/${userId}`);
    return response.status === 200 ? ((await response.json()) as { status: string }) : undefined;
  };
  const accountStatus = (userId: string, status: string) =>
    eventually(
      async () => ((await account(userId))?.status === status ? status : undefined),
      `account ${userId} to be ${status}`,
    );
  const onKey = (key: string, type?: string) => (message: ReadMessage) =>
    message.key === key && (type === undefined || message.headers.ce_type === type);

  async function newUser(userName: string): Promise<string> {
    const created = await service.scim.createUser(userName);
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  it('a deactivation over SCIM arrives on scim.users.v1 as a CloudEvent, and the login service refuses the user', async () => {
    const userId = await newUser('grace@acme.example');
    await accountStatus(userId, 'active');

    const patched = await service.scim.patch(`/Users/${userId}`, [
      { op: 'replace', value: { active: false } },
    ]);
    expect(patched.status).toBe(200);
    await accountStatus(userId, 'disabled');

    const messages = await reader.waitFor(
      (all) => all.some(onKey(`${TEST_TENANT}/${userId}`, 'scim.user.deactivated.v1')),
      'the deactivation',
    );
    const deactivated = messages.find(
      onKey(`${TEST_TENANT}/${userId}`, 'scim.user.deactivated.v1'),
    )!;
    expect(deactivated.topic).toBe(topics.users);
    expect(deactivated.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_source: `/tenants/${TEST_TENANT}`,
      ce_subject: `Users/${userId}`,
      'content-type': 'application/json',
      ce_tenant: TEST_TENANT,
    });
    expect(deactivated.headers.ce_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(deactivated.headers.ce_time!)).not.toBeNaN();
    expect(deactivated.headers.ce_caller).toMatch(/^token:/);
    expect(JSON.parse(deactivated.value)).toEqual({ tenant: TEST_TENANT, userId });
    // The provisioning came first on the same key, hence the same partition.
    const provisioned = messages.find(
      onKey(`${TEST_TENANT}/${userId}`, 'scim.user.provisioned.v1'),
    )!;
    expect(provisioned.partition).toBe(deactivated.partition);
    expect(BigInt(provisioned.offset)).toBeLessThan(BigInt(deactivated.offset));
  });

  it('membership changes of a group arrive in the order they were made', async () => {
    const ids = await Promise.all(
      ['u1', 'u2', 'u3', 'u4'].map((n) => newUser(`${n}@order.example`)),
    );
    const group = await service.scim.createGroup('Order');
    const groupId = group.body.id as string;
    const steps: [op: 'add' | 'remove', index: number][] = [
      ['add', 0],
      ['add', 1],
      ['remove', 0],
      ['add', 2],
      ['add', 3],
      ['remove', 1],
      ['add', 0],
      ['remove', 3],
      ['remove', 2],
      ['add', 1],
      ['remove', 0],
      ['add', 3],
    ];
    for (const [op, index] of steps) {
      const operation =
        op === 'add'
          ? { op: 'add', path: 'members', value: [{ value: ids[index] }] }
          : { op: 'remove', path: `members[value eq "${ids[index]}"]` };
      expect((await service.scim.patch(`/Groups/${groupId}`, [operation])).status).toBeLessThan(
        300,
      );
    }

    const key = `${TEST_TENANT}/${groupId}`;
    const membership = (all: readonly ReadMessage[]) =>
      all.filter((m) => m.key === key && m.headers.ce_type !== 'scim.group.created.v1');
    const received = membership(
      await reader.waitFor(
        (all) => membership(all).length >= steps.length,
        'every membership change',
      ),
    );
    expect(
      received.map((m) => {
        const data = JSON.parse(m.value) as { members?: { id: string }[]; memberIds?: string[] };
        const id = data.members?.[0]?.id ?? data.memberIds?.[0];
        return [
          m.headers.ce_type === 'scim.group.members.added.v1' ? 'add' : 'remove',
          ids.indexOf(id!),
        ];
      }),
    ).toEqual(steps);
    const positions = received.map((m) => Number(m.headers.ce_position));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(received.map((m) => m.partition)).size).toBe(1);
  });

  it('a poison message goes to the dead-letter topic while later messages on its partition still flow', async () => {
    const userId = await newUser('poison@acme.example');
    await accountStatus(userId, 'active');
    const kafka = connectKafka({ brokers: brokers.split(','), clientId: 'test-poisoner' });
    const producer = kafka.producer();
    await producer.connect();
    // Same key as the user's own messages, so it sits on their partition, in front of them.
    await producer.send({
      topic: topics.users,
      messages: [
        {
          key: `${TEST_TENANT}/${userId}`,
          value: '{"tenant": "acme", "userId": ',
          headers: {
            ce_specversion: '1.0',
            ce_type: 'scim.user.deactivated.v1',
            ce_id: 'poison-1',
          },
        },
      ],
    });
    await producer.disconnect();

    await service.scim.patch(`/Users/${userId}`, [{ op: 'replace', value: { active: false } }]);
    await accountStatus(userId, 'disabled');

    const dlq = deadLetterTopic(topics.users);
    const parked = await reader.waitFor(
      (all) => all.some((m) => m.topic === dlq && m.headers.ce_id === 'poison-1'),
      'the poison message on the DLQ',
    );
    const letter = parked.find((m) => m.topic === dlq && m.headers.ce_id === 'poison-1')!;
    expect(letter.key).toBe(`${TEST_TENANT}/${userId}`);
    expect(letter.value).toBe('{"tenant": "acme", "userId": ');
    expect(letter.headers).toMatchObject({
      dlq_topic: topics.users,
      dlq_consumer_group: expect.stringMatching(/login-service|audit-service/),
    });
    expect(letter.headers.dlq_error).toMatch(/not a valid contract event/);
  });
});

describe('the change publisher and the login service as their own processes', () => {
  it('the login service consumes the contracts from Kafka and answers on its own port', async () => {
    buildOnce();
    const brokers = await kafkaBrokers();
    const kafkaEnv = { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: uniqueTopicPrefix() };
    const dataDir = mkdtempSync(join(tmpdir(), 'separate-processes-'));
    const store = await openSqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    await store.append([
      {
        streamId: streams.user(TEST_TENANT, 'u1'),
        expected: 'no_stream',
        events: [
          storedEventOf({
            type: 'UserProvisioned',
            data: { userId: 'u1', userName: 'solo@acme.example', active: true, attributes: {} },
          }),
          storedEventOf({ type: 'UserDeactivated', data: { userId: 'u1' } }),
        ],
      },
    ]);
    await store.close();
    const port = await freePort();
    const run = (app: string, env: Record<string, string>) =>
      spawn(process.execPath, [`dist/apps/${app}/src/main.js`], {
        cwd: resolve(import.meta.dirname, '..'),
        env: { ...process.env, ...kafkaEnv, HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env },
        stdio: 'ignore',
      });
    const publisher = run('change-publisher', { DATA_DIR: dataDir, PORT: '0' });
    const login = run('login-service', { DATA_DIR: join(dataDir, 'login'), PORT: String(port) });
    try {
      const account = await eventually(async () => {
        const response = await fetch(`http://127.0.0.1:${port}/accounts/${TEST_TENANT}/u1`).catch(
          () => undefined,
        );
        const body =
          response?.status === 200 ? ((await response.json()) as { status: string }) : undefined;
        return body?.status === 'disabled' ? body : undefined;
      }, 'the login service to see the deactivation');
      expect(account).toMatchObject({
        tenant: TEST_TENANT,
        userId: 'u1',
        userName: 'solo@acme.example',
      });
      for (const child of [login, publisher]) {
        child.kill('SIGTERM');
        const [code] = (await once(child, 'exit')) as [number | null];
        expect(code).toBe(0);
      }
    } finally {
      login.kill('SIGKILL');
      publisher.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('Kafka unreachable', () => {
  it('the service still starts and takes SCIM writes; the events wait in the event store', async () => {
    const closedPort = await freePort();
    const service = await startTestService({ KAFKA_BROKERS: `127.0.0.1:${closedPort}` });
    try {
      const ready = await fetch(`${service.service.origin}/health/ready`);
      expect(ready.status).toBe(200);
      expect((await service.scim.createUser('offline@acme.example')).status).toBe(201);
    } finally {
      await service.stop();
    }
  });
});
