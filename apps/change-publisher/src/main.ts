import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { LeaderElection, StoreLease } from '#event-store';
import { openProtectedEventStore } from '#personal-data';
import { ConfigError, hostSingleActive, loadConfig, observeService } from '#platform';
import { openConfiguredCheckpointStore } from './checkpoint-store.js';
import { type KafkaPublishing, startKafkaPublishing } from './kafka-publishing.js';

/**
 * The change publisher as its own process: follows the event store (KURRENTDB_URL, else DATA_DIR)
 * and publishes the contracts to KAFKA_BROKERS, checkpointing in PostgreSQL (DATABASE_URL) or
 * DATA_DIR. Run two or more for fail-over: a lease in the event store makes exactly one active,
 * and the checkpoint is shared, so the next one resumes where the last stopped.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const kafka = config.kafka;
  if (kafka === undefined) {
    throw new ConfigError(['KAFKA_BROKERS must be set: the change publisher publishes to Kafka']);
  }
  const observability = observeService('change-publisher', config);
  const logger = new Logger('change-publisher');
  const eventStore = await openProtectedEventStore(config);
  const checkpoints = await openConfiguredCheckpointStore(config, (error) =>
    logger.warn(`PostgreSQL connection lost: ${error.message}`),
  );
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  let publishing: KafkaPublishing | undefined;
  let caughtUp = false;
  const election = new LeaderElection({
    lease: new StoreLease(eventStore, { name: 'change-publisher', holder }),
    leaseMs: config.leaderLeaseMs,
    onElected: async () => {
      logger.log(`Active (${holder})`);
      caughtUp = false;
      publishing = await startKafkaPublishing({
        config: kafka,
        eventStore,
        checkpoints,
        metrics: observability.metrics,
        onError: (error) => {
          logger.error(`Publishing stopped: ${error.message}; the process exits so it restarts`);
          setImmediate(() => void host.shutdown(1));
        },
      });
      void publishing.publisher.caughtUp.then(() => {
        caughtUp = true;
        logger.log(`Caught up at position ${publishing?.publisher.status().checkpoint}`);
      });
    },
    onDemoted: async (reason) => {
      logger.warn(`Standing by: ${reason}`);
      const stopping = publishing;
      publishing = undefined;
      await stopping?.stop();
    },
    onError: (error) => logger.warn(`Lease: ${error.message}`),
  });

  const host = await hostSingleActive({
    service: 'change-publisher',
    subscription: 'kafka',
    holder,
    config,
    observability,
    election,
    position: async () => {
      const head = await eventStore.headPosition();
      const publisher = publishing?.publisher.status();
      const checkpoint = publisher?.checkpoint ?? (await checkpoints.load('kafka'));
      return {
        checkpoint,
        head,
        caughtUp,
        ...(publisher === undefined
          ? {}
          : {
              details: {
                publishedMessages: publisher.publishedMessages,
                failing: publisher.failing,
              },
            }),
      };
    },
    close: async () => {
      await checkpoints.close();
      await eventStore.close();
    },
  });
}

try {
  await main();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
