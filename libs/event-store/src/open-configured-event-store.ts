import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from './event-store.port.js';
import { openKurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.js';
import { openSqliteEventStore } from './sqlite/sqlite-event-store.js';
import type { SqliteSynchronous } from './sqlite/sqlite-schema.js';

/** Where the event store is, as the service configuration says (KURRENTDB_URL, DATA_DIR). */
export interface EventStoreLocation {
  readonly kurrentDbUrl: string | undefined;
  readonly dataDir: string;
  readonly eventStoreSync: SqliteSynchronous;
}

/** KurrentDB when KURRENTDB_URL is set, else the embedded SQLite store in DATA_DIR. */
export async function openConfiguredEventStore(location: EventStoreLocation): Promise<EventStore> {
  if (location.kurrentDbUrl !== undefined) {
    return openKurrentDbEventStore({ connectionString: location.kurrentDbUrl });
  }
  mkdirSync(location.dataDir, { recursive: true });
  return openSqliteEventStore({
    path: join(location.dataDir, 'events.sqlite'),
    synchronous: location.eventStoreSync,
  });
}
