import { migrateOnce, type PgPool } from '#platform';
import {
  artifactOf,
  epochSeconds,
  hashOf,
  newOAuthKeys,
  type OAuthArtifactAdapter,
  type OAuthKeys,
  type OAuthStateStore,
  storedPayloadOf,
  sweepEveryWrites,
} from './oauth-state.js';

const schema = `
  CREATE TABLE IF NOT EXISTS oauth_artifacts (
    kind text NOT NULL,
    id_hash text NOT NULL,
    payload text NOT NULL,
    grant_id text,
    uid text,
    user_code text,
    expires_at bigint NOT NULL,
    consumed bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, id_hash)
  );
  CREATE INDEX IF NOT EXISTS oauth_artifacts_by_grant ON oauth_artifacts (grant_id);
  CREATE INDEX IF NOT EXISTS oauth_artifacts_by_uid ON oauth_artifacts (kind, uid);
  CREATE INDEX IF NOT EXISTS oauth_artifacts_by_user_code ON oauth_artifacts (kind, user_code);
  CREATE INDEX IF NOT EXISTS oauth_artifacts_by_expiry ON oauth_artifacts (expires_at);
  CREATE TABLE IF NOT EXISTS oauth_keys (name text PRIMARY KEY, value text NOT NULL);
`;

interface ArtifactRow {
  readonly payload: string;
  readonly consumed: string;
}

/**
 * The OAuth server's state in PostgreSQL, shared by every gateway replica: a token one replica
 * issued is accepted by all, and all sign with the same keys.
 */
export class PostgresOAuthStore implements OAuthStateStore {
  private writesSinceSweep = 0;

  private constructor(private readonly pool: PgPool) {}

  static async open(pool: PgPool): Promise<PostgresOAuthStore> {
    await migrateOnce(pool, 'oauth-state', schema);
    return new PostgresOAuthStore(pool);
  }

  adapter(kind: string): OAuthArtifactAdapter {
    const live = 'AND expires_at > $3';
    const read = async (where: string, key: string, id?: string) => {
      const { rows } = await this.pool.query<ArtifactRow>(
        `SELECT payload, consumed FROM oauth_artifacts WHERE kind = $1 AND ${where} = $2 ${live}`,
        [kind, key, epochSeconds()],
      );
      const row = rows[0];
      return row === undefined ? undefined : artifactOf(row.payload, Number(row.consumed), id);
    };
    return {
      upsert: async (id, payload, expiresIn) => {
        await this.pool.query(
          `INSERT INTO oauth_artifacts (kind, id_hash, payload, grant_id, uid, user_code, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (kind, id_hash) DO UPDATE SET payload = excluded.payload,
             grant_id = excluded.grant_id, uid = excluded.uid, user_code = excluded.user_code,
             expires_at = excluded.expires_at`,
          [
            kind,
            hashOf(id),
            storedPayloadOf(kind, payload),
            payload.grantId ?? null,
            payload.uid ?? null,
            payload.userCode ?? null,
            epochSeconds() + expiresIn,
          ],
        );
        await this.sweepNowAndThen();
      },
      find: (id) => read('id_hash', hashOf(id), id),
      findByUid: (uid) => read('uid', uid),
      findByUserCode: (userCode) => read('user_code', userCode),
      consume: async (id) => {
        await this.pool.query(
          'UPDATE oauth_artifacts SET consumed = $1 WHERE kind = $2 AND id_hash = $3',
          [epochSeconds(), kind, hashOf(id)],
        );
      },
      destroy: async (id) => {
        await this.pool.query('DELETE FROM oauth_artifacts WHERE kind = $1 AND id_hash = $2', [
          kind,
          hashOf(id),
        ]);
      },
      revokeByGrantId: async (grantId) => {
        await this.pool.query('DELETE FROM oauth_artifacts WHERE grant_id = $1', [grantId]);
      },
    };
  }

  async keys(): Promise<OAuthKeys> {
    const select = "SELECT value FROM oauth_keys WHERE name = 'keys'";
    const stored = (await this.pool.query<{ value: string }>(select)).rows[0];
    if (stored !== undefined) return JSON.parse(stored.value) as OAuthKeys;
    // Replicas starting together may each offer keys; the first insert wins and all read it back.
    await this.pool.query(
      "INSERT INTO oauth_keys (name, value) VALUES ('keys', $1) ON CONFLICT (name) DO NOTHING",
      [JSON.stringify(newOAuthKeys())],
    );
    return this.keys();
  }

  /** The pool belongs to whoever opened it. */
  async close(): Promise<void> {}

  private async sweepNowAndThen(): Promise<void> {
    this.writesSinceSweep += 1;
    if (this.writesSinceSweep < sweepEveryWrites) return;
    this.writesSinceSweep = 0;
    await this.pool.query('DELETE FROM oauth_artifacts WHERE expires_at <= $1', [epochSeconds()]);
  }
}
