/**
 * Change publisher throughput: a store already holding `events` user events, published from
 * checkpoint 0 to the head, once to Kafka and once through the in-process transport to the real
 * login-service and audit-service handlers. Runs inside the bench process, without HTTP.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractTopics, type ContractSink } from '#contracts';
import { storedEventOf, streams, type DirectoryEvent } from '#directory';
import { type AppendRequest, type EventStore, type NewEvent } from '#event-store';
import { connectKafka, ensureTopics, InProcessContractTransport, KafkaContractSink } from '#kafka';
import { auditHandler, openSqliteAuditLog } from '../apps/audit-service/src/index.js';
import { ChangePublisher } from '../apps/change-publisher/src/change-publisher.js';
import { SqliteCheckpointStore } from '../apps/change-publisher/src/checkpoint-store.js';
import { accountStatusHandler, openSqliteAccountStore } from '../apps/login-service/src/index.js';
import { openSealedStore } from './sealed-store.js';

export interface PublisherThroughputOptions {
  /** User events in the store; five per user. */
  readonly events: number;
  /** Without it only the in-process run is measured. */
  readonly kafka?: { readonly brokers: string; readonly topicPrefix: string };
}

export interface PublisherRun {
  readonly events: number;
  readonly messages: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly messagesPerSecond: number;
  /** Highest resident memory of the bench process while the publisher ran. */
  readonly peakRssMb: number;
}

export interface PublisherThroughput {
  readonly users: number;
  /** The publisher's default, as the services run it. */
  readonly batchSize: number;
  /** Resident memory of the bench process with the store filled, before either run. */
  readonly baselineRssMb: number;
  readonly kafka?: PublisherRun;
  readonly inProcess: PublisherRun;
}

const tenant = 'throughput';
const eventsPerUser = 5;
const usersPerAppend = 100;
const batchSize = 500;
const partitions = 6;
const runTimeoutMs = 300_000;

export async function measurePublisherThroughput(
  options: PublisherThroughputOptions,
): Promise<PublisherThroughput> {
  const dir = mkdtempSync(join(tmpdir(), 'scim-bench-publisher-'));
  const store = await openSealedStore(dir);
  const checkpoints = new SqliteCheckpointStore(join(dir, 'change-publisher.sqlite'));
  try {
    const users = Math.ceil(options.events / eventsPerUser);
    await fill(store, users);
    const baselineRssMb = rssMb();
    const kafka =
      options.kafka === undefined ? undefined : await toKafka(store, checkpoints, options.kafka);
    const inProcess = await toInProcessConsumers(store, checkpoints, dir);
    return {
      users,
      batchSize,
      baselineRssMb,
      ...(kafka === undefined ? {} : { kafka }),
      inProcess,
    };
  } finally {
    await checkpoints.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function toKafka(
  store: EventStore,
  checkpoints: SqliteCheckpointStore,
  { brokers, topicPrefix }: { brokers: string; topicPrefix: string },
): Promise<PublisherRun> {
  const kafka = connectKafka({ brokers: brokers.split(','), clientId: 'bench-publisher' });
  const topics = contractTopics(topicPrefix);
  await ensureTopics(kafka, [topics.users, topics.groups], { partitions, replicationFactor: 1 });
  const sink = new KafkaContractSink(kafka);
  try {
    return await publishAll(store, sink, checkpoints, 'kafka', topicPrefix);
  } finally {
    await sink.close();
  }
}

async function toInProcessConsumers(
  store: EventStore,
  checkpoints: SqliteCheckpointStore,
  dir: string,
): Promise<PublisherRun> {
  const accounts = openSqliteAccountStore(join(dir, 'accounts.sqlite'));
  const audit = openSqliteAuditLog(join(dir, 'audit.sqlite'));
  const topics = contractTopics();
  const transport = new InProcessContractTransport();
  transport.subscribe('login-service', [topics.users], accountStatusHandler(accounts));
  transport.subscribe('audit-service', [topics.users, topics.groups], auditHandler(audit));
  try {
    return await publishAll(store, transport, checkpoints, 'in-process', '');
  } finally {
    await accounts.close();
    await audit.close();
  }
}

/** Times a publisher from checkpoint 0 until its checkpoint reaches the head of the store. */
async function publishAll(
  store: EventStore,
  sink: ContractSink,
  checkpoints: SqliteCheckpointStore,
  name: string,
  topicPrefix: string,
): Promise<PublisherRun> {
  const head = await store.headPosition();
  let stopped: Error | undefined;
  const publisher = new ChangePublisher(store, sink, checkpoints, {
    name,
    topics: contractTopics(topicPrefix),
    batchSize,
    onError: (error) => (stopped = error),
  });
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  const started = performance.now();
  await publisher.start();
  try {
    while (publisher.status().checkpoint < head) {
      if (stopped !== undefined) throw stopped;
      // A sink that keeps failing (broker gone) would retry forever: bound the bench instead.
      if (performance.now() - started > runTimeoutMs)
        throw new Error(
          `${name} publisher not at the head after ${runTimeoutMs / 1000} s: ${publisher.status().failing ?? 'slow'}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    await publisher.stop();
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const { publishedMessages } = publisher.status();
  return {
    events: head,
    messages: publishedMessages,
    seconds,
    eventsPerSecond: head / seconds,
    messagesPerSecond: publishedMessages / seconds,
    peakRssMb: peakRss / 2 ** 20,
  };
}

/** Appends each user's history (provisioned, three changes, deactivated) as the directory does. */
async function fill(store: EventStore, users: number): Promise<void> {
  for (let from = 0; from < users; from += usersPerAppend) {
    const requests: AppendRequest[] = [];
    for (let i = from; i < Math.min(users, from + usersPerAppend); i++) {
      const userId = randomUUID();
      requests.push({
        streamId: streams.user(tenant, userId),
        expected: 'no_stream',
        events: userHistory(userId, i).map(newEvent),
      });
    }
    await store.append(requests);
  }
}

function userHistory(userId: string, i: number): DirectoryEvent[] {
  const userName = `user${i}@throughput.example`;
  return [
    {
      type: 'UserProvisioned',
      data: {
        userId,
        userName,
        active: true,
        attributes: {
          externalId: `00u${i}`,
          name: { givenName: 'Throughput', familyName: `User ${i}` },
          emails: [{ value: userName, type: 'work', primary: true }],
        },
      },
    },
    {
      type: 'UserAttributesChanged',
      data: { userId, set: { displayName: `Throughput User ${i}` }, unset: [] },
    },
    {
      type: 'UserAttributesChanged',
      data: { userId, set: { title: 'Engineer', department: 'R&D' }, unset: [] },
    },
    {
      type: 'UserAttributesChanged',
      data: {
        userId,
        set: { name: { givenName: 'Throughput', familyName: `User ${i}`, formatted: userName } },
        unset: ['title'],
      },
    },
    { type: 'UserDeactivated', data: { userId } },
  ];
}

function newEvent(event: DirectoryEvent): NewEvent {
  return storedEventOf(event, { tenant, caller: 'token:bench' });
}

function rssMb(): number {
  return process.memoryUsage.rss() / 2 ** 20;
}
