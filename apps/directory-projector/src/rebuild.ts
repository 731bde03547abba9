import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openConfiguredEventStore } from '#event-store';
import { defaultReadModelSchema, RebuildInProgressError } from '#read-model';
import { ConfigError, loadConfig } from '#platform';
import {
  rebuildPostgresReadModel,
  type RebuildProgress,
  rebuildSqliteReadModel,
} from './rebuild-read-model.js';

/**
 * `npm run projection:rebuild`: projects the read model again from the event store and swaps it
 * in. With DATABASE_URL the PostgreSQL model is rebuilt beside the live one while the services run;
 * without it the SQLite file in DATA_DIR is, with the service stopped (a running projector keeps
 * the old file open). Events come from KurrentDB when KURRENTDB_URL is set, else from DATA_DIR.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const eventsPath = join(config.dataDir, 'events.sqlite');
  if (config.kurrentDbUrl === undefined && !existsSync(eventsPath)) {
    console.error(
      `No event store at ${eventsPath}: set DATA_DIR to the service's data directory, or KURRENTDB_URL.`,
    );
    return 1;
  }
  const eventStore = await openConfiguredEventStore(config);
  const started = Date.now();
  let lastReport = 0;
  const onProgress = ({ events, position, head }: RebuildProgress): void => {
    if (Date.now() - lastReport < 1000) return;
    lastReport = Date.now();
    const percent = head === 0 ? 100 : Math.floor((position / head) * 100);
    console.log(
      `  ${events.toLocaleString('en')} events applied, position ${position} of ${head} (${percent}%)`,
    );
  };
  try {
    let result: RebuildProgress;
    if (config.databaseUrl !== undefined) {
      console.log(
        `Rebuilding the PostgreSQL read model (schema ${defaultReadModelSchema}) beside the live one`,
      );
      result = await rebuildPostgresReadModel({
        eventStore,
        connectionString: config.databaseUrl,
        onProgress,
      });
    } else {
      const path = join(config.dataDir, 'read-model.sqlite');
      console.log(`Rebuilding ${path}`);
      result = await rebuildSqliteReadModel({ eventStore, path, onProgress });
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `Done: ${result.events.toLocaleString('en')} events applied up to position ${result.position} in ${seconds.toFixed(1)} s`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof RebuildInProgressError)) throw error;
    console.error(error.message);
    return 1;
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
