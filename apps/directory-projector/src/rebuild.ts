import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEventStore } from '#event-store';
import { ConfigError, loadConfig } from '#platform';
import { rebuildReadModel } from './rebuild-read-model.js';

/**
 * `npm run projection:rebuild`: drops the read model in DATA_DIR and projects it again from the
 * event store. Run it with the service stopped (a running projector keeps the old file open).
 */
async function main(): Promise<number> {
  const { dataDir } = loadConfig();
  const eventsPath = join(dataDir, 'events.sqlite');
  const readModelPath = join(dataDir, 'read-model.sqlite');
  if (!existsSync(eventsPath)) {
    console.error(`No event store at ${eventsPath}: set DATA_DIR to the service's data directory.`);
    return 1;
  }
  const eventStore = await openSqliteEventStore({ path: eventsPath });
  const started = Date.now();
  let lastReport = 0;
  try {
    console.log(`Rebuilding ${readModelPath} from ${eventsPath}`);
    const result = await rebuildReadModel({
      eventStore,
      path: readModelPath,
      onProgress: ({ events, position, head }) => {
        if (Date.now() - lastReport < 1000) return;
        lastReport = Date.now();
        const percent = head === 0 ? 100 : Math.floor((position / head) * 100);
        console.log(
          `  ${events.toLocaleString('en')} events applied, position ${position} of ${head} (${percent}%)`,
        );
      },
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `Done: ${result.events.toLocaleString('en')} events applied up to position ${result.head} in ${seconds.toFixed(1)} s`,
    );
    return 0;
  } finally {
    await eventStore.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
