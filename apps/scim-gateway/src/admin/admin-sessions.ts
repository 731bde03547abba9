import { Inject, Injectable, Optional } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GATEWAY_OPTIONS, type GatewayOptions } from '../shared/injection-tokens.js';

/** An administrator signed in through the organisation's IdP. */
export interface AdminSession {
  /** The IdP's `sub` claim. */
  readonly subject: string;
  readonly email?: string;
  readonly name?: string;
  /** ISO 8601; the session is gone after this instant. */
  readonly expiresAt: string;
}

/** Who signed in, as the IdP's userinfo endpoint described them. */
export type AdminIdentity = Omit<AdminSession, 'expiresAt'>;

export const adminSessionCookie = 'scim_admin_session';
/** Injection token of the clock sessions expire by; `Date.now` unless a test provides one. */
export const ADMIN_SESSION_CLOCK = Symbol('AdminSessionClock');

const sessionTtlMs = 8 * 60 * 60 * 1000;
/** Enough for any organisation's admins; bounds the memory a flood of sign-ins can take. */
const maxSessions = 10_000;

interface StoredSession {
  readonly session: AdminSession;
  readonly expiresAtMs: number;
}

/**
 * Admin sessions, in memory: a restart signs every admin out, which is acceptable for a handful of
 * people and keeps session secrets off disk. The cookie carries 256 random bits; only their
 * SHA-256 is kept, so a heap dump does not hand out live sessions.
 */
@Injectable()
export class AdminSessions {
  private readonly sessions = new Map<string, StoredSession>();
  private readonly secure: boolean;
  private readonly now: () => number;

  constructor(
    @Inject(GATEWAY_OPTIONS) options: GatewayOptions,
    @Optional() @Inject(ADMIN_SESSION_CLOCK) clock?: () => number,
  ) {
    this.secure = options.publicUrl?.startsWith('https://') ?? false;
    this.now = clock ?? Date.now;
  }

  /** The signed-in admin behind the request's session cookie, if it is still valid. */
  sessionOf(request: FastifyRequest): AdminSession | undefined {
    const id = cookieOf(request, adminSessionCookie);
    if (id === undefined) return undefined;
    const key = digest(id);
    const stored = this.sessions.get(key);
    if (stored === undefined) return undefined;
    if (stored.expiresAtMs <= this.now()) {
      this.sessions.delete(key);
      return undefined;
    }
    return stored.session;
  }

  /** Starts a session for `identity` and sets its cookie on `reply`. */
  create(identity: AdminIdentity, reply: FastifyReply): AdminSession {
    this.makeRoom();
    const id = randomBytes(32).toString('base64url');
    const expiresAtMs = this.now() + sessionTtlMs;
    const session: AdminSession = { ...identity, expiresAt: new Date(expiresAtMs).toISOString() };
    this.sessions.set(digest(id), { session, expiresAtMs });
    reply.header('set-cookie', this.cookie(id, sessionTtlMs / 1000));
    return session;
  }

  /** Ends the request's session, if any, and clears its cookie. */
  end(request: FastifyRequest, reply: FastifyReply): void {
    const id = cookieOf(request, adminSessionCookie);
    if (id !== undefined) this.sessions.delete(digest(id));
    reply.header('set-cookie', this.cookie('', 0));
  }

  private cookie(value: string, maxAgeSeconds: number): string {
    return [
      `${adminSessionCookie}=${value}`,
      'Path=/',
      `Max-Age=${maxAgeSeconds}`,
      'HttpOnly',
      'SameSite=Lax',
      ...(this.secure ? ['Secure'] : []),
    ].join('; ');
  }

  /** Drops expired sessions, then the oldest ones (a Map iterates in insertion order). */
  private makeRoom(): void {
    if (this.sessions.size < maxSessions) return;
    const now = this.now();
    for (const [key, stored] of this.sessions) {
      if (stored.expiresAtMs <= now) this.sessions.delete(key);
    }
    for (const key of this.sessions.keys()) {
      if (this.sessions.size < maxSessions) break;
      this.sessions.delete(key);
    }
  }
}

/** One cookie's value from the request's Cookie header (RFC 6265 §5.4), parsed by hand. */
export function cookieOf(
  request: { readonly headers: IncomingHttpHeaders },
  name: string,
): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0) continue;
    if (pair.slice(0, separator).trim() !== name) continue;
    const value = pair.slice(separator + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

function digest(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}
