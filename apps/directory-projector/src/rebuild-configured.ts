import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStoreLocation } from '#event-store';
import { openProtectedEventStore } from '#personal-data';
import { defaultReadModelSchema } from '#read-model';
import {
  rebuildPostgresReadModel,
  type RebuildProgress,
  rebuildSqliteReadModel,
} from './rebuild-read-model.js';

export interface ConfiguredRebuildOptions {
  /** What is being rebuilt, before it starts. */
  readonly onStart?: (description: string) => void;
  readonly onProgress?: (progress: RebuildProgress) => void;
}

/** The event store was not found where the configuration points. */
export class NoEventStoreError extends Error {}

/**
 * Rebuilds the read model the configuration names: the PostgreSQL one (DATABASE_URL) beside the
 * live one while the services run, else the SQLite file in DATA_DIR (service stopped). Events
 * come from KurrentDB with KURRENTDB_URL, else from DATA_DIR.
 */
export async function rebuildConfiguredReadModel(
  config: EventStoreLocation & { readonly databaseUrl: string | undefined },
  options: ConfiguredRebuildOptions = {},
): Promise<RebuildProgress> {
  const eventsPath = join(config.dataDir, 'events.sqlite');
  if (config.kurrentDbUrl === undefined && !existsSync(eventsPath))
    throw new NoEventStoreError(
      `No event store at ${eventsPath}: set DATA_DIR to the service's data directory, or KURRENTDB_URL.`,
    );
  const eventStore = await openProtectedEventStore(config);
  try {
    const progress = options.onProgress === undefined ? {} : { onProgress: options.onProgress };
    if (config.databaseUrl !== undefined) {
      options.onStart?.(
        `Rebuilding the PostgreSQL read model (schema ${defaultReadModelSchema}) beside the live one`,
      );
      return await rebuildPostgresReadModel({
        eventStore,
        connectionString: config.databaseUrl,
        ...progress,
      });
    }
    const path = join(config.dataDir, 'read-model.sqlite');
    options.onStart?.(`Rebuilding ${path}`);
    return await rebuildSqliteReadModel({ eventStore, path, ...progress });
  } finally {
    await eventStore.close();
  }
}
