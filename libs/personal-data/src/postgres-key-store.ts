import { randomBytes } from 'node:crypto';
import { inPgTransaction, migrateOnce, type PgPool } from '#platform';
import {
  type Erasure,
  KEY_BYTES,
  type PersonalDataKeyStore,
  presentKeys,
  type SubjectKey,
  subjectKeyOf,
} from './key-store.js';

/** In the default schema, beside the OAuth state: a read model rebuild never touches it. */
const DDL = `
CREATE TABLE IF NOT EXISTS personal_data_keys (
  subject    text PRIMARY KEY,
  key        bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  erased_at  timestamptz,
  CHECK ((key IS NULL) = (erased_at IS NOT NULL))
);
CREATE OR REPLACE FUNCTION personal_data_keys_stay_erased() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'an erased subject stays erased: its key is never given back';
END $$;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'personal_data_keys_stay_erased'
                 AND tgrelid = 'personal_data_keys'::regclass) THEN
    CREATE TRIGGER personal_data_keys_stay_erased BEFORE UPDATE ON personal_data_keys
      FOR EACH ROW WHEN (OLD.erased_at IS NOT NULL) EXECUTE FUNCTION personal_data_keys_stay_erased();
  END IF;
END $$;
`;

interface KeyRow {
  readonly subject: string;
  readonly key: Buffer | null;
  readonly erased_at: Date | null;
}

/**
 * The keys in PostgreSQL (`DATABASE_URL`), shared by every service that reads the event store.
 * Each call is one round trip or one short transaction; nothing is cached, so an erasure holds
 * for every process from its commit on.
 */
export class PostgresKeyStore implements PersonalDataKeyStore {
  readonly location = 'the PostgreSQL table personal_data_keys (DATABASE_URL)';

  private constructor(
    private readonly pool: PgPool,
    private readonly ownsPool: boolean,
  ) {}

  static async open(pool: PgPool, options: { ownsPool: boolean }): Promise<PostgresKeyStore> {
    await migrateOnce(pool, 'personal_data_keys', DDL);
    return new PostgresKeyStore(pool, options.ownsPool);
  }

  async keysForWriting(subjects: readonly string[]): Promise<ReadonlyMap<string, Buffer>> {
    let known = await this.read(subjects);
    const missing = subjects.filter((subject) => !known.has(subject));
    if (missing.length > 0) {
      await this.pool.query(
        `INSERT INTO personal_data_keys (subject, key)
         SELECT * FROM unnest($1::text[], $2::bytea[]) ON CONFLICT DO NOTHING`,
        [missing, missing.map(() => randomBytes(KEY_BYTES))],
      );
      known = await this.read(subjects);
    }
    return presentKeys(subjects, known);
  }

  lookup(subjects: readonly string[]): Promise<ReadonlyMap<string, SubjectKey>> {
    return this.read(subjects);
  }

  async erase(subject: string): Promise<Erasure> {
    const { destroyedNow, erasedAt } = await inPgTransaction(this.pool, async (client) => {
      const erased = await client.query<{ erased_at: Date }>(
        `UPDATE personal_data_keys SET key = NULL, erased_at = now()
         WHERE subject = $1 AND erased_at IS NULL RETURNING erased_at`,
        [subject],
      );
      if (erased.rows[0] !== undefined)
        return { destroyedNow: true, erasedAt: erased.rows[0].erased_at };
      // A subject with no key yet is recorded as erased all the same: it never gets one.
      await client.query(
        `INSERT INTO personal_data_keys (subject, key, erased_at) VALUES ($1, NULL, now())
         ON CONFLICT (subject) DO NOTHING`,
        [subject],
      );
      const recorded = await client.query<{ erased_at: Date }>(
        'SELECT erased_at FROM personal_data_keys WHERE subject = $1',
        [subject],
      );
      return { destroyedNow: false, erasedAt: recorded.rows[0]!.erased_at };
    });
    // The old row version with the key stays in the table file until vacuumed: vacuum now.
    if (destroyedNow) await this.pool.query('VACUUM personal_data_keys');
    return { erasedAt: erasedAt.toISOString(), destroyedNow };
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }

  private async read(subjects: readonly string[]): Promise<Map<string, SubjectKey>> {
    const { rows } = await this.pool.query<KeyRow>(
      'SELECT subject, key, erased_at FROM personal_data_keys WHERE subject = ANY($1::text[])',
      [subjects],
    );
    return new Map(rows.map((row) => [row.subject, subjectKeyOf(row.key, row.erased_at)]));
  }
}
