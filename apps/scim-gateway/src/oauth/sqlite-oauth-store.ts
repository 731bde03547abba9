import { DatabaseSync, type StatementSync } from 'node:sqlite';
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

interface ArtifactRow {
  readonly payload: string;
  readonly consumed: number;
}

/** The OAuth server's state in `DATA_DIR/oauth.sqlite`: one gateway process. */
export class SqliteOAuthStore implements OAuthStateStore {
  private readonly db: DatabaseSync;
  private readonly statements: Record<
    | 'upsert'
    | 'find'
    | 'findByUid'
    | 'findByUserCode'
    | 'consume'
    | 'destroy'
    | 'revokeGrant'
    | 'sweep',
    StatementSync
  >;
  private writesSinceSweep = 0;

  constructor(path: string) {
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA journal_mode = WAL');
    this.db.exec('PRAGMA synchronous = FULL');
    this.db.exec('PRAGMA busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS oauth_artifacts (
        kind TEXT NOT NULL,
        id_hash TEXT NOT NULL,
        payload TEXT NOT NULL,
        grant_id TEXT,
        uid TEXT,
        user_code TEXT,
        expires_at INTEGER NOT NULL,
        consumed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (kind, id_hash)
      );
      CREATE INDEX IF NOT EXISTS oauth_artifacts_by_grant ON oauth_artifacts (grant_id);
      CREATE INDEX IF NOT EXISTS oauth_artifacts_by_uid ON oauth_artifacts (kind, uid);
      CREATE INDEX IF NOT EXISTS oauth_artifacts_by_expiry ON oauth_artifacts (expires_at);
      CREATE TABLE IF NOT EXISTS oauth_keys (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    const live = 'AND expires_at > ?';
    this.statements = {
      upsert: this.db.prepare(
        `INSERT INTO oauth_artifacts (kind, id_hash, payload, grant_id, uid, user_code, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (kind, id_hash) DO UPDATE SET payload = excluded.payload,
           grant_id = excluded.grant_id, uid = excluded.uid, user_code = excluded.user_code,
           expires_at = excluded.expires_at`,
      ),
      find: this.db.prepare(
        `SELECT payload, consumed FROM oauth_artifacts WHERE kind = ? AND id_hash = ? ${live}`,
      ),
      findByUid: this.db.prepare(
        `SELECT payload, consumed FROM oauth_artifacts WHERE kind = ? AND uid = ? ${live}`,
      ),
      findByUserCode: this.db.prepare(
        `SELECT payload, consumed FROM oauth_artifacts WHERE kind = ? AND user_code = ? ${live}`,
      ),
      consume: this.db.prepare(
        'UPDATE oauth_artifacts SET consumed = ? WHERE kind = ? AND id_hash = ?',
      ),
      destroy: this.db.prepare('DELETE FROM oauth_artifacts WHERE kind = ? AND id_hash = ?'),
      revokeGrant: this.db.prepare('DELETE FROM oauth_artifacts WHERE grant_id = ?'),
      sweep: this.db.prepare('DELETE FROM oauth_artifacts WHERE expires_at <= ?'),
    };
  }

  adapter(kind: string): OAuthArtifactAdapter {
    const s = this.statements;
    const read = (row: unknown, id?: string) => {
      if (row === undefined) return undefined;
      const { payload, consumed } = row as ArtifactRow;
      return artifactOf(payload, consumed, id);
    };
    return {
      upsert: async (id, payload, expiresIn) => {
        s.upsert.run(
          kind,
          hashOf(id),
          storedPayloadOf(kind, payload),
          payload.grantId ?? null,
          payload.uid ?? null,
          payload.userCode ?? null,
          epochSeconds() + expiresIn,
        );
        this.sweepNowAndThen();
      },
      find: async (id) => read(s.find.get(kind, hashOf(id), epochSeconds()), id),
      findByUid: async (uid) => read(s.findByUid.get(kind, uid, epochSeconds())),
      findByUserCode: async (userCode) =>
        read(s.findByUserCode.get(kind, userCode, epochSeconds())),
      consume: async (id) => {
        s.consume.run(epochSeconds(), kind, hashOf(id));
      },
      destroy: async (id) => {
        s.destroy.run(kind, hashOf(id));
      },
      revokeByGrantId: async (grantId) => {
        s.revokeGrant.run(grantId);
      },
    };
  }

  async keys(): Promise<OAuthKeys> {
    const stored = this.db.prepare("SELECT value FROM oauth_keys WHERE name = 'keys'").get() as
      { value: string } | undefined;
    if (stored !== undefined) return JSON.parse(stored.value) as OAuthKeys;
    this.db
      .prepare("INSERT OR IGNORE INTO oauth_keys (name, value) VALUES ('keys', ?)")
      .run(JSON.stringify(newOAuthKeys()));
    return this.keys();
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private sweepNowAndThen(): void {
    this.writesSinceSweep += 1;
    if (this.writesSinceSweep < sweepEveryWrites) return;
    this.writesSinceSweep = 0;
    this.statements.sweep.run(epochSeconds());
  }
}
