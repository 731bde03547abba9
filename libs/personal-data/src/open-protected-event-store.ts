import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type EventStoreLocation, openConfiguredEventStore } from '#event-store';
import { openPostgresPool } from '#platform';
import type { PersonalDataKeyStore } from './key-store.js';
import { directoryPersonalData } from './personal-data-policy.js';
import { PostgresKeyStore } from './postgres-key-store.js';
import { ProtectedEventStore } from './protected-event-store.js';
import { openSqliteKeyStore } from './sqlite-key-store.js';

export interface KeyStoreLocation {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
}

/**
 * The configured event store (KURRENTDB_URL, else DATA_DIR) behind the personal data protection,
 * with the keys in PostgreSQL (DATABASE_URL) or else in DATA_DIR/personal-data-keys.sqlite.
 */
export async function openProtectedEventStore(
  config: EventStoreLocation & KeyStoreLocation,
): Promise<ProtectedEventStore> {
  const keys = await openConfiguredKeyStore(config);
  const stored = await openConfiguredEventStore(config);
  return new ProtectedEventStore(stored, keys, directoryPersonalData);
}

export async function openConfiguredKeyStore(
  config: KeyStoreLocation,
): Promise<PersonalDataKeyStore> {
  if (config.databaseUrl !== undefined) {
    const pool = openPostgresPool(config.databaseUrl, {
      applicationName: 'personal-data-keys',
      max: 4,
    });
    return PostgresKeyStore.open(pool, { ownsPool: true });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return openSqliteKeyStore(join(config.dataDir, 'personal-data-keys.sqlite'));
}
