import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEventStore } from '#event-store';
import { ConfigError, loadConfig } from '#platform';
import { SqliteCheckpointStore } from './checkpoint-store.js';
import { startKafkaPublishing } from './kafka-publishing.js';

/**
 * The change publisher as its own process: follows the event store in DATA_DIR and publishes the
 * contracts to the Kafka cluster in KAFKA_BROKERS, checkpointing in DATA_DIR/change-publisher.sqlite.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.kafka === undefined) {
    throw new ConfigError(['KAFKA_BROKERS must be set: the change publisher publishes to Kafka']);
  }
  mkdirSync(config.dataDir, { recursive: true });
  const eventStore = await openSqliteEventStore({ path: join(config.dataDir, 'events.sqlite') });
  const checkpoints = new SqliteCheckpointStore(join(config.dataDir, 'change-publisher.sqlite'));
  // The subscription does not hold the event loop open by itself; this does until shutdown.
  const keepAlive = setInterval(() => undefined, 60_000);
  let stopping: Promise<void> | undefined;
  const shutdown = (exitCode: number) => {
    stopping ??= (async () => {
      clearInterval(keepAlive);
      await publishing.stop();
      checkpoints.close();
      await eventStore.close();
      process.exitCode = exitCode;
    })();
  };
  const publishing = await startKafkaPublishing(config.kafka, eventStore, checkpoints, (error) => {
    console.error('change-publisher stopped:', error);
    // On a later turn: the failure may come before `publishing` is assigned.
    setImmediate(() => shutdown(1));
  });
  await publishing.publisher.caughtUp;
  const { checkpoint } = publishing.publisher.status();
  console.log(`change-publisher caught up at position ${checkpoint} (DATA_DIR=${config.dataDir})`);
  process.once('SIGTERM', () => shutdown(0));
  process.once('SIGINT', () => shutdown(0));
}

try {
  await main();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
