import type { FactoryProvider } from '@nestjs/common';
import { ScimError } from '#scim';
import { GATEWAY_OPTIONS, type GatewayOptions } from './injection-tokens.js';

export interface AuthFailureLimits {
  /** Failed authentications a client may make in a row before it must wait; refilled evenly over a minute. */
  readonly failuresPerMinute: number;
  /** Most (client, realm) pairs tracked at once; the least recently failing is forgotten first. */
  readonly maxTrackedClients?: number;
}

export const defaultAuthFailureLimitPerMinute = 20;
const defaultMaxTrackedClients = 10_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per client IP and realm (a tenant, or the admin API), spent only by failed
 * authentications: once empty, failures answer 429 until it refills, which turns guessing tokens
 * into a crawl. It is consulted only after a credential failed, so a valid token is never slowed.
 * Memory is bounded: a Map keeps insertion order, and a key is re-inserted on every failure, so
 * the first key is the least recently failing one and is evicted first.
 */
export class AuthFailureLimiter {
  private readonly capacity: number;
  private readonly refillPerMs: number;
  private readonly maxTracked: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    limits: AuthFailureLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.capacity = limits.failuresPerMinute;
    this.refillPerMs = limits.failuresPerMinute / 60_000;
    this.maxTracked = limits.maxTrackedClients ?? defaultMaxTrackedClients;
  }

  /**
   * Records a failed authentication of `client` in `realm`. Answers 0 while the client may still
   * fail, else the whole seconds until its next attempt is accepted.
   */
  recordFailure(client: string, realm: string): number {
    const key = `${realm}\u0000${client}`;
    const now = this.now();
    const bucket = this.refilled(key, now);
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    this.evictBeyondCap();
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000));
  }

  /** Number of (client, realm) pairs held in memory. */
  get trackedClients(): number {
    return this.buckets.size;
  }

  private refilled(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key);
    if (bucket === undefined) return { tokens: this.capacity, updatedAt: now };
    const elapsed = Math.max(0, now - bucket.updatedAt);
    return {
      tokens: Math.min(this.capacity, bucket.tokens + elapsed * this.refillPerMs),
      updatedAt: now,
    };
  }

  private evictBeyondCap(): void {
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxTracked) return;
      this.buckets.delete(key);
    }
  }
}

/**
 * The error for a credential that failed: the given 401 while the client has failures left,
 * else a 429 telling when to retry. The `Retry-After` header is set here because the exception
 * filter only knows a default.
 */
export function failedAuthentication(
  limiter: AuthFailureLimiter,
  request: { readonly ip: string },
  reply: { header(name: string, value: string): unknown },
  realm: string,
  unauthorized: ScimError,
): ScimError {
  const retryAfterSeconds = limiter.recordFailure(request.ip, realm);
  if (retryAfterSeconds === 0) return unauthorized;
  reply.header('Retry-After', String(retryAfterSeconds));
  return new ScimError(
    429,
    `Too many failed authentications from this address; retry in ${retryAfterSeconds} s (see Retry-After) with a valid token`,
  );
}

export const authFailureLimiterProvider: FactoryProvider<AuthFailureLimiter> = {
  provide: AuthFailureLimiter,
  useFactory: (options: GatewayOptions) =>
    new AuthFailureLimiter({
      failuresPerMinute: options.authFailureLimitPerMinute ?? defaultAuthFailureLimitPerMinute,
    }),
  inject: [GATEWAY_OPTIONS],
};
