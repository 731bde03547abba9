import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { cookieOf } from './admin-sessions.js';

/** Short-lived cookie tying a sign-in's `state` to the browser that started it. */
export const signInBrowserCookie = 'scim_admin_sign_in';

/** What the sign-in route hands passport-oauth2 as `state`; the store keeps it until the callback. */
export interface SignInState {
  /** Where to send the admin once signed in: a path on this service. */
  readonly returnTo: string;
  /** The value of the browser's `scim_admin_sign_in` cookie. */
  readonly browser: string;
}

/** Why a callback's `state` was refused; the controller turns it into a 400. */
export interface StateRefusal {
  readonly reason: 'state';
  readonly message: string;
}

type Verified = (
  err: Error | null,
  verifier: string | false,
  info: StateRefusal | SignInState,
) => void;

interface Pending {
  readonly verifier: string;
  readonly state: SignInState;
  readonly browserDigest: string;
  readonly expiresAtMs: number;
}

/** Time an admin has to sign in at the IdP before the attempt must be started again. */
const pendingTtlMs = 10 * 60 * 1000;
const maxPending = 1_000;

/**
 * passport-oauth2's state store for PKCE (RFC 7636) without a server-side session framework: the
 * `state` sent to the IdP is a random key into this in-memory map, which holds the code verifier
 * and where to return. Each state is used once, and only by the browser holding the cookie set
 * when it was issued, so an attacker cannot complete a sign-in they started in someone else's
 * browser (login CSRF, RFC 6749 §10.12).
 *
 * passport-oauth2 picks the call shape by arity: `store` takes 5 parameters (PKCE) and `verify` 4.
 */
export class AdminSignInStateStore {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly now: () => number = Date.now) {}

  store(
    _req: unknown,
    verifier: string,
    state: SignInState,
    _meta: unknown,
    stored: (err: Error | null, state?: string) => void,
  ): void {
    this.makeRoom();
    const key = randomBytes(32).toString('base64url');
    this.pending.set(key, {
      verifier,
      state,
      browserDigest: digest(state.browser),
      expiresAtMs: this.now() + pendingTtlMs,
    });
    stored(null, key);
  }

  verify(
    req: { readonly headers: IncomingHttpHeaders },
    key: string | undefined,
    _meta: unknown,
    verified: Verified,
  ): void {
    const pending = key === undefined ? undefined : this.pending.get(key);
    if (key !== undefined) this.pending.delete(key);
    const browser = cookieOf(req, signInBrowserCookie);
    if (pending === undefined || pending.expiresAtMs <= this.now()) {
      return verified(null, false, refusal('it is unknown, used already or expired'));
    }
    if (browser === undefined || digest(browser) !== pending.browserDigest) {
      return verified(null, false, refusal('it was issued to another browser'));
    }
    verified(null, pending.verifier, pending.state);
  }

  /** Drops expired attempts, then the oldest (a Map iterates in insertion order). */
  private makeRoom(): void {
    if (this.pending.size < maxPending) return;
    const now = this.now();
    for (const [key, pending] of this.pending) {
      if (pending.expiresAtMs <= now) this.pending.delete(key);
    }
    for (const key of this.pending.keys()) {
      if (this.pending.size < maxPending) break;
      this.pending.delete(key);
    }
  }
}

function refusal(why: string): StateRefusal {
  return {
    reason: 'state',
    message: `The sign-in callback's state was refused (${why}); start again at /admin/sign-in`,
  };
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
