import { setTimeout as sleep } from 'node:timers/promises';
import { contractTopics, deadLetterTopic } from '#contracts';
import { StoreLease } from '#event-store';
import { openProtectedEventStore } from '#personal-data';
import { parseInstant } from '#history';
import { connectKafka, ensureTopics, KafkaContractSink } from '#kafka';
import { ConfigError, loadConfig, type ServiceConfig } from '#platform';
import { openConfiguredCheckpointStore } from './checkpoint-store.js';
import { type RangeBound, republishRange } from './republish-range.js';

const usage = `Usage: npm run publisher:replay -- --from start|<position> [--to <position>]
       npm run publisher:replay -- --from <time> --to <time>

Without --to: moves the change publisher's checkpoint back, so it republishes everything after
--from (stop every publisher replica first). With --to: publishes that range once more, now,
beside the running publisher. Times are RFC 3339 with a zone (2026-11-23T10:00:00Z).`;

/**
 * `npm run publisher:replay`: republishes contracts for a consumer that lost them. Consumers
 * deduplicate by `ce_id`, so a replay repairs one consumer without disturbing the others.
 */
async function main(argv: readonly string[]): Promise<number> {
  const from = bound(valueOf(argv, '--from'));
  const toText = valueOf(argv, '--to');
  const to = toText === undefined ? undefined : bound(toText);
  if (from === undefined || (toText !== undefined && to === undefined)) {
    console.error(usage);
    return 2;
  }
  const config = loadConfig();
  if (to !== undefined) return replayRange(config, from, to);
  if (!('position' in from)) {
    console.error(`A time needs --to as well.\n\n${usage}`);
    return 2;
  }
  return moveCheckpoint(config, from.position);
}

/** Publishes the range's contracts to Kafka once more, leaving the publisher's checkpoint alone. */
async function replayRange(config: ServiceConfig, from: RangeBound, to: RangeBound) {
  if (config.kafka === undefined)
    throw new ConfigError(['KAFKA_BROKERS must be set: the replay publishes to Kafka']);
  const kafka = connectKafka({
    brokers: config.kafka.brokers,
    clientId: `${config.kafka.clientId}-replay`,
  });
  const topics = contractTopics(config.kafka.topicPrefix);
  const all = [topics.users, topics.groups];
  await ensureTopics(kafka, [...all, ...all.map(deadLetterTopic)], config.kafka);
  const eventStore = await openProtectedEventStore(config);
  const sink = new KafkaContractSink(kafka);
  try {
    let lastReport = 0;
    const result = await republishRange({
      eventStore,
      sink,
      topics,
      from,
      to,
      onProgress: ({ events, position }) => {
        if (Date.now() - lastReport < 1000) return;
        lastReport = Date.now();
        console.log(`  ${events.toLocaleString('en')} events republished, at position ${position}`);
      },
    });
    console.log(
      `Republished ${result.messages.toLocaleString('en')} contract messages of ${result.events.toLocaleString('en')} events`,
    );
    return 0;
  } finally {
    await sink.close();
    await eventStore.close();
  }
}

/** Moves the publisher's checkpoint back; refuses while a publisher is active. */
async function moveCheckpoint(config: ServiceConfig, from: number): Promise<number> {
  const eventStore = await openProtectedEventStore(config);
  const checkpoints = await openConfiguredCheckpointStore(config, () => undefined);
  try {
    const active = await activePublisher(
      new StoreLease(eventStore, { name: 'change-publisher', holder: 'publisher-replay' }),
      config.leaderLeaseMs,
    );
    if (active !== undefined) {
      console.error(
        `A change publisher is active (${active}). Stop every change-publisher replica, then run the replay again, or give --to to republish a range beside it.`,
      );
      return 1;
    }
    const current = await checkpoints.load('kafka');
    if (from > current) {
      console.error(
        `The publisher's checkpoint is ${current}; a replay only moves it back (asked for ${from}).`,
      );
      return 2;
    }
    await checkpoints.save('kafka', from);
    console.log(
      `The change publisher will republish every contract after position ${from} (it was at ${current}) when it starts.`,
    );
    return 0;
  } finally {
    await checkpoints.close();
    await eventStore.close();
  }
}

function valueOf(argv: readonly string[], flag: string): string | undefined {
  const index = argv.indexOf(flag);
  return index === -1 ? undefined : argv[index + 1];
}

function bound(value: string | undefined): RangeBound | undefined {
  if (value === 'start') return { position: 0 };
  if (value !== undefined && /^\d{1,16}$/.test(value)) return { position: Number(value) };
  const time = value === undefined ? undefined : parseInstant(value);
  return time === undefined ? undefined : { time };
}

/** The holder of a lease that is still being renewed: watched for one lease period. */
async function activePublisher(lease: StoreLease, leaseMs: number): Promise<string | undefined> {
  const before = await lease.read();
  if (before.holder === undefined && !before.compacted) return undefined;
  await sleep(leaseMs);
  const after = await lease.read();
  return after.revision === before.revision ? undefined : (after.holder ?? 'unknown holder');
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
