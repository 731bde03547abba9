import { setTimeout as sleep } from 'node:timers/promises';
import { openConfiguredEventStore, StoreLease } from '#event-store';
import { ConfigError, loadConfig } from '#platform';
import { openConfiguredCheckpointStore } from './checkpoint-store.js';

const usage = 'Usage: npm run publisher:replay -- --from start|<event store position>';

/**
 * `npm run publisher:replay -- --from <position>|start`: moves the change publisher's Kafka
 * checkpoint back, so the next active publisher republishes every contract after that position.
 * Consumers deduplicate by `ce_id`, so a replay repairs a consumer that lost data without
 * disturbing the others. Refuses while a publisher is active: it would overwrite the checkpoint.
 */
async function main(argv: readonly string[]): Promise<number> {
  const from = parseFrom(argv);
  if (from === undefined) {
    console.error(usage);
    return 2;
  }
  const config = loadConfig();
  const eventStore = await openConfiguredEventStore(config);
  const checkpoints = await openConfiguredCheckpointStore(config, () => undefined);
  try {
    const active = await activePublisher(
      new StoreLease(eventStore, {
        name: 'change-publisher',
        holder: 'publisher-replay',
      }),
      config.leaderLeaseMs,
    );
    if (active !== undefined) {
      console.error(
        `A change publisher is active (${active}). Stop every change-publisher replica, then run the replay again.`,
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

function parseFrom(argv: readonly string[]): number | undefined {
  const index = argv.indexOf('--from');
  const value = index === -1 ? undefined : argv[index + 1];
  if (value === 'start') return 0;
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
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
