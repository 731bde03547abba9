import type { OAuthStateStore } from './oauth-state.js';

export const OAUTH_OPTIONS = Symbol('OAuthOptions');

export interface OAuthOptions {
  readonly store: OAuthStateStore;
  /** Requests per minute one client IP may make to the token endpoint before 429 (OAUTH_TOKEN_RATE_LIMIT_PER_MINUTE). */
  readonly tokenRequestsPerMinute: number;
}

/** The public paths of the authorization server, under the issuer `{origin}/oauth`. */
export const oauthPaths = {
  mount: '/oauth',
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  revocation: '/oauth/token/revocation',
  interaction: '/oauth/interaction',
} as const;
