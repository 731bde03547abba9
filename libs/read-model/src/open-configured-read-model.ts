import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openPostgresReadModel } from './postgres/postgres-read-model.js';
import type { ReadModelAdapter } from './read-model.port.js';
import { openSqliteReadModel } from './sqlite/sqlite-read-model.js';

/** Where the read model is, as the service configuration says (DATABASE_URL, DATA_DIR). */
export interface ReadModelLocation {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
}

export interface OpenReadModelOptions {
  /**
   * `reader`: a gateway whose projector runs in another process, so position waits must look for
   * commits made elsewhere; `writer`: the projector or a process that hosts both.
   */
  readonly role: 'reader' | 'writer';
}

/** PostgreSQL when DATABASE_URL is set, else the embedded SQLite read model in DATA_DIR. */
export async function openConfiguredReadModel(
  location: ReadModelLocation,
  options: OpenReadModelOptions,
): Promise<ReadModelAdapter> {
  if (location.databaseUrl !== undefined) {
    return openPostgresReadModel({ connectionString: location.databaseUrl });
  }
  mkdirSync(location.dataDir, { recursive: true });
  return openSqliteReadModel({
    path: join(location.dataDir, 'read-model.sqlite'),
    ...(options.role === 'reader' ? { externalWriterPollMs: 25 } : {}),
  });
}
