import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { contractTopics } from '#contracts';
import { storedEventOf, streams, type DirectoryEvent } from '#directory';
import { openSqliteEventStore, type NewEvent } from '#event-store';
import { connectKafka, KafkaContractConsumer } from '#kafka';
import { auditHandler, openSqliteAuditLog } from '../apps/audit-service/src/index.js';
import { SqliteCheckpointStore } from '../apps/change-publisher/src/checkpoint-store.js';
import { accountStatusHandler, openSqliteAccountStore } from '../apps/login-service/src/index.js';
import { eventually, kafkaBrokers, uniqueTopicPrefix } from './support/kafka.js';
import { buildOnce } from './support/service-process.js';

const root = resolve(import.meta.dirname, '..');
const USERS = 10_000;

const event = (event: DirectoryEvent): NewEvent =>
  storedEventOf(event, { caller: 'token:crash-test' });

/**
 * The change publisher as its own process, killed with SIGKILL while it publishes and started
 * again: the consumers still end up with every event, each applied exactly once.
 */
describe('change publisher crash and restart', () => {
  let dataDir: string;
  let brokers: string;
  let prefix: string;
  const eventIds: string[] = [];
  let head = 0;

  beforeAll(async () => {
    buildOnce();
    brokers = await kafkaBrokers();
    prefix = uniqueTopicPrefix();
    dataDir = mkdtempSync(join(tmpdir(), 'publisher-crash-'));
    const store = await openSqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    for (let first = 0; first < USERS; first += 500) {
      const requests = Array.from({ length: 500 }, (_, i) => {
        const userId = `u${first + i}`;
        const events = [
          event({
            type: 'UserProvisioned',
            data: { userId, userName: `${userId}@acme.example`, active: true, attributes: {} },
          }),
          event({ type: 'UserDeactivated', data: { userId } }),
        ];
        eventIds.push(...events.map((e) => e.id));
        return { streamId: streams.user('acme', userId), expected: 'no_stream' as const, events };
      });
      head = (await store.append(requests)).position;
    }
    await store.close();
  }, 600_000);

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  function startPublisher(): ChildProcess {
    return spawn(process.execPath, ['dist/apps/change-publisher/src/main.js'], {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        KAFKA_BROKERS: brokers,
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_TOPIC_PARTITIONS: '3',
        LOG_LEVEL: 'error',
        PORT: '0',
        // The killed publisher never releases its lease: its successor waits out one lease.
        LEADER_LEASE_MS: '2000',
      },
      stdio: 'ignore',
    });
  }

  const checkpoint = async () => {
    const checkpoints = new SqliteCheckpointStore(join(dataDir, 'change-publisher.sqlite'));
    try {
      return await checkpoints.load('kafka');
    } catch {
      return 0; // not created yet
    } finally {
      await checkpoints.close();
    }
  };

  it('loses nothing and applies nothing twice', async () => {
    const topic = contractTopics(prefix).users;
    const kafka = connectKafka({ brokers: brokers.split(','), clientId: 'crash-test' });
    const admin = kafka.admin();
    await admin.connect();
    /** Messages on the topic so far; 0 while the publisher is still creating it. */
    const published = async () => {
      if (!(await admin.listTopics()).includes(topic)) return 0;
      const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
      return offsets.reduce((sum, { high }) => sum + Number(high), 0);
    };

    const first = startPublisher();
    const killedAfter = await eventually(async () => {
      const count = await published();
      return count > 0 ? count : undefined;
    }, 'the first published messages');
    first.kill('SIGKILL');
    await once(first, 'exit');
    const savedAtKill = await checkpoint();
    expect(killedAfter).toBeLessThan(USERS * 2);
    expect(savedAtKill).toBeLessThan(head);

    const second = startPublisher();
    await eventually(
      // At or past the last user event: the publisher's own lease events follow it in the log.
      async () => ((await checkpoint()) >= head ? true : undefined),
      'the restarted publisher to catch up',
      120_000,
    );
    second.kill('SIGTERM');
    const [exitCode] = (await once(second, 'exit')) as [number | null];
    expect(exitCode).toBe(0);
    expect(await published()).toBeGreaterThanOrEqual(USERS * 2);

    // Consumers, as the login and audit services run them, on their own stores.
    const accounts = openSqliteAccountStore(join(dataDir, 'accounts.sqlite'));
    const audit = openSqliteAuditLog(join(dataDir, 'audit.sqlite'));
    const login = accountStatusHandler(accounts);
    const auditing = auditHandler(audit);
    const consumer = new KafkaContractConsumer({
      kafka,
      groupId: `${prefix}crash-test`,
      topics: [topic],
      handler: async (contract) => {
        await login(contract);
        await auditing(contract);
      },
      topicLayout: { partitions: 1, replicationFactor: 1 },
    });
    await consumer.start();
    try {
      const auditedIds = async () => {
        const ids: string[] = [];
        for (let after: number | undefined = 0; after !== undefined;) {
          const page = await audit.query({ tenant: 'acme', limit: 1000, after });
          ids.push(...page.events.map((record) => record.id));
          after = page.next;
        }
        return ids;
      };
      const everything = async () => ((await auditedIds()).length >= USERS * 2 ? true : undefined);
      await eventually(everything, 'every event in the audit log', 120_000);
      const ids = await auditedIds();
      expect(ids).toHaveLength(USERS * 2);
      expect(new Set(ids)).toEqual(new Set(eventIds));
      for (const userId of ['u0', `u${USERS / 2}`, `u${USERS - 1}`]) {
        expect((await accounts.find('acme', userId))?.status).toBe('disabled');
      }
    } finally {
      await consumer.stop();
      await admin.disconnect();
      await accounts.close();
      await audit.close();
    }
  }, 300_000);
});
