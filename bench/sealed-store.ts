import { join } from 'node:path';
import { openSqliteEventStore, type SqliteSynchronous } from '#event-store';
import { directoryPersonalData, openSqliteKeyStore, ProtectedEventStore } from '#personal-data';

/**
 * A SQLite event store in `dir` behind the personal data protection, as every service opens it:
 * users' personal data sealed on append and opened on read, the keys in `dir` beside it.
 */
export async function openSealedStore(
  dir: string,
  synchronous: SqliteSynchronous = 'full',
): Promise<ProtectedEventStore> {
  const stored = await openSqliteEventStore({ path: join(dir, 'events.sqlite'), synchronous });
  const keys = openSqliteKeyStore(join(dir, 'personal-data-keys.sqlite'));
  return new ProtectedEventStore(stored, keys, directoryPersonalData);
}
