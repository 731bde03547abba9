import { Logger } from '@nestjs/common';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { LeaderElection, StoreLease } from '#event-store';
import { openProtectedEventStore } from '#personal-data';
import { ConfigError, hostSingleActive, loadConfig, observeService } from '#platform';
import { openConfiguredReadModel } from '#read-model';
import { DirectoryProjector } from './directory-projector.js';

/**
 * The directory projector as its own process: follows the event store (KURRENTDB_URL, else
 * DATA_DIR) into the read model (DATABASE_URL, else DATA_DIR). Run two or more for fail-over:
 * a lease in the event store makes exactly one active; the others stand by and take over when it
 * stops renewing. `GET /status` on PORT says which one this is.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const observability = observeService('directory-projector', config);
  const logger = new Logger('directory-projector');
  const eventStore = await openProtectedEventStore(config);
  const readModel = await openConfiguredReadModel(config, { role: 'writer' });
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  let projector: DirectoryProjector | undefined;
  let caughtUp = false;
  const election = new LeaderElection({
    lease: new StoreLease(eventStore, { name: 'directory-projector', holder }),
    leaseMs: config.leaderLeaseMs,
    onElected: async () => {
      logger.log(`Active (${holder}); projecting from position ${await readModel.checkpoint()}`);
      const started = new DirectoryProjector(eventStore, readModel, {
        onError: (error) => {
          logger.error(`Projection failed: ${error.message}; the process exits so it restarts`);
          void host.shutdown(1);
        },
      });
      projector = started;
      caughtUp = false;
      await started.start();
      void started.caughtUp.then(() => {
        caughtUp = true;
        logger.log('Caught up');
      });
    },
    onDemoted: async (reason) => {
      logger.warn(`Standing by: ${reason}`);
      const stopping = projector;
      projector = undefined;
      await stopping?.stop();
    },
    onError: (error) => logger.warn(`Lease: ${error.message}`),
  });

  const host = await hostSingleActive({
    service: 'directory-projector',
    subscription: 'read-model',
    holder,
    config,
    observability,
    election,
    position: async () => {
      const [checkpoint, head] = await Promise.all([
        readModel.checkpoint(),
        eventStore.headPosition(),
      ]);
      return { checkpoint, head, caughtUp };
    },
    close: async () => {
      await readModel.close();
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
