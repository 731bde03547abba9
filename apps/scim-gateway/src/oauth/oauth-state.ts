import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';

/**
 * The OAuth server's own state (authorization codes, access and refresh tokens, grants,
 * interactions, signing keys). It is operational state, not directory history, so it lives beside
 * the event store rather than in it: in SQLite for one process, in PostgreSQL when several gateway
 * replicas must accept each other's tokens. Ids are stored as their SHA-256 and a token's value (its
 * `jti`) is dropped from the payload, so a copy of the tables holds no usable token.
 */
export interface OAuthStateStore {
  /** The store of one oidc-provider model (`AccessToken`, `Grant`, ...). */
  adapter(kind: string): OAuthArtifactAdapter;
  /** The signing and cookie keys, created by the first replica that asks and shared by all. */
  keys(): Promise<OAuthKeys>;
  close(): Promise<void>;
}

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

/** A stored artifact as oidc-provider reads it back: the id restored, consumption time added. */
export function artifactOf(payload: string, consumed: number, id?: string): OAuthPayload {
  const parsed = JSON.parse(payload) as OAuthPayload;
  return {
    ...parsed,
    ...(id === undefined ? {} : { jti: id }),
    ...(consumed === 0 ? {} : { consumed }),
  };
}

/** What is stored of a payload: bearer artifacts lose their id, which is the credential. */
export function storedPayloadOf(kind: string, payload: OAuthPayload): string {
  return JSON.stringify(kind in bearerArtifacts ? withoutJti(payload) : payload);
}

export function newOAuthKeys(): OAuthKeys {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
  return {
    jwks: { keys: [{ ...jwk, kid: randomUUID(), use: 'sig', alg: 'RS256' }] },
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
}

export const epochSeconds = (): number => Math.floor(Date.now() / 1000);

/** Expired rows are dead weight: a store drops them every this many writes. */
export const sweepEveryWrites = 500;

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

export function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}
