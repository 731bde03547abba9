import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

/** What oidc-provider stores through its adapter interface (one adapter per model name). */
export interface OAuthArtifactAdapter {
  upsert(id: string, payload: OAuthPayload, expiresIn: number): Promise<void>;
  find(id: string): Promise<OAuthPayload | undefined>;
  findByUid(uid: string): Promise<OAuthPayload | undefined>;
  findByUserCode(userCode: string): Promise<OAuthPayload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

export type OAuthPayload = Record<string, unknown> & {
  readonly grantId?: string;
  readonly uid?: string;
  readonly userCode?: string;
  readonly jti?: string;
};

/** The OAuth server's signing keys and cookie keys, created on first start and kept. */
export interface OAuthKeys {
  readonly jwks: { keys: Record<string, unknown>[] };
  readonly cookieKeys: string[];
}

interface ArtifactRow {
  readonly payload: string;
  readonly consumed: number;
}

/**
 * The OAuth server's own state (authorization codes, access and refresh tokens, grants,
 * interactions) in `DATA_DIR/oauth.sqlite`. It is operational state, not directory history, so it
 * lives beside the event store rather than in it. Ids are stored as their SHA-256 and a token's
 * value (its `jti`) is dropped from the payload, so a copy of the file holds no usable token.
 */
export class SqliteOAuthStore {
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
    const now = () => Math.floor(Date.now() / 1000);
    const read = (row: unknown, id?: string): OAuthPayload | undefined => {
      if (row === undefined) return undefined;
      const { payload, consumed } = row as ArtifactRow;
      const parsed = JSON.parse(payload) as OAuthPayload;
      return {
        ...parsed,
        ...(id === undefined ? {} : { jti: id }),
        ...(consumed === 0 ? {} : { consumed }),
      };
    };
    return {
      upsert: async (id, payload, expiresIn) => {
        const stored = kind in bearerArtifacts ? withoutJti(payload) : payload;
        s.upsert.run(
          kind,
          hashOf(id),
          JSON.stringify(stored),
          payload.grantId ?? null,
          payload.uid ?? null,
          payload.userCode ?? null,
          now() + expiresIn,
        );
        this.sweepNowAndThen();
      },
      find: async (id) => read(s.find.get(kind, hashOf(id), now()), id),
      findByUid: async (uid) => read(s.findByUid.get(kind, uid, now())),
      findByUserCode: async (userCode) => read(s.findByUserCode.get(kind, userCode, now())),
      consume: async (id) => {
        s.consume.run(now(), kind, hashOf(id));
      },
      destroy: async (id) => {
        s.destroy.run(kind, hashOf(id));
      },
      revokeByGrantId: async (grantId) => {
        s.revokeGrant.run(grantId);
      },
    };
  }

  /** The signing key set and cookie keys; generated and stored on first use. */
  keys(): OAuthKeys {
    const stored = this.db.prepare("SELECT value FROM oauth_keys WHERE name = 'keys'").get() as
      { value: string } | undefined;
    if (stored !== undefined) return JSON.parse(stored.value) as OAuthKeys;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
    const keys: OAuthKeys = {
      jwks: { keys: [{ ...jwk, kid: randomUUID(), use: 'sig', alg: 'RS256' }] },
      cookieKeys: [randomBytes(32).toString('base64url')],
    };
    this.db
      .prepare("INSERT OR IGNORE INTO oauth_keys (name, value) VALUES ('keys', ?)")
      .run(JSON.stringify(keys));
    return this.keys();
  }

  close(): void {
    this.db.close();
  }

  /** Expired rows are dead weight: every few hundred writes, drop them. */
  private sweepNowAndThen(): void {
    this.writesSinceSweep += 1;
    if (this.writesSinceSweep < 500) return;
    this.writesSinceSweep = 0;
    this.statements.sweep.run(Math.floor(Date.now() / 1000));
  }
}

/**
 * Models whose id is itself a credential: their id is kept only as a hash. Sessions, grants and
 * interactions keep theirs, since oidc-provider finds sessions by uid and needs the id back.
 */
const bearerArtifacts: Record<string, true> = {
  AccessToken: true,
  AuthorizationCode: true,
  RefreshToken: true,
  ClientCredentials: true,
  DeviceCode: true,
  BackchannelAuthenticationRequest: true,
  PushedAuthorizationRequest: true,
  RegistrationAccessToken: true,
  InitialAccessToken: true,
};

function withoutJti(payload: OAuthPayload): OAuthPayload {
  const { jti: _jti, ...rest } = payload;
  return rest;
}

function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

export function openOAuthStore(path: string): SqliteOAuthStore {
  return new SqliteOAuthStore(path);
}
