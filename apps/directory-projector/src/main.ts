import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEventStore } from '#event-store';
import { ConfigError, loadConfig } from '#platform';
import { openSqliteReadModel } from '#read-model';
import { DirectoryProjector } from './directory-projector.js';

/**
 * The directory projector as its own process, on the embedded stores in DATA_DIR. A gateway in
 * another process opens the read model with `externalWriterPollMs` to see these commits.
 */
async function main(): Promise<void> {
  const { dataDir } = loadConfig();
  mkdirSync(dataDir, { recursive: true });
  const eventStore = await openSqliteEventStore({ path: join(dataDir, 'events.sqlite') });
  const readModel = openSqliteReadModel({ path: join(dataDir, 'read-model.sqlite') });
  // The subscription does not hold the event loop open by itself; this does until shutdown.
  const keepAlive = setInterval(() => undefined, 60_000);
  const shutdown = async (exitCode: number): Promise<void> => {
    clearInterval(keepAlive);
    await projector.stop();
    await readModel.close();
    await eventStore.close();
    process.exitCode = exitCode;
  };
  const projector = new DirectoryProjector(eventStore, readModel, {
    onError: (error) => {
      console.error('directory-projector stopped:', error);
      void shutdown(1);
    },
  });
  await projector.start();
  await projector.caughtUp;
  console.log(
    `directory-projector caught up at position ${await readModel.checkpoint()} (DATA_DIR=${dataDir})`,
  );
  process.once('SIGTERM', () => void shutdown(0));
  process.once('SIGINT', () => void shutdown(0));
}

try {
  await main();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
