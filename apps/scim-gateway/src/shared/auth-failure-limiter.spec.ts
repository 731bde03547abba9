import { describe, expect, it } from '@jest/globals';
import { ScimError } from '#scim';
import { AuthFailureLimiter, failedAuthentication } from './auth-failure-limiter.js';

function limiterAt(failuresPerMinute: number, maxTrackedClients?: number) {
  const clock = { now: 1_000_000 };
  const limiter = new AuthFailureLimiter(
    { failuresPerMinute, ...(maxTrackedClients === undefined ? {} : { maxTrackedClients }) },
    () => clock.now,
  );
  const failTimes = (times: number, client = '10.0.0.1', realm = 'tenant:acme') =>
    Array.from({ length: times }, () => limiter.recordFailure(client, realm));
  return { limiter, clock, failTimes };
}

describe('AuthFailureLimiter', () => {
  it('lets a client fail 20 times in a minute, then asks it to wait until one failure refilled', () => {
    const { failTimes } = limiterAt(20);
    expect(failTimes(20)).toEqual(Array<number>(20).fill(0));
    // 20 a minute refill one every 3 seconds.
    expect(failTimes(1)).toEqual([3]);
  });

  it('accepts a failure again once the bucket refilled, and answers the remaining wait in whole seconds', () => {
    const { clock, failTimes } = limiterAt(20);
    failTimes(20);
    clock.now += 1_500;
    expect(failTimes(1)).toEqual([2]);
    clock.now += 1_500;
    expect(failTimes(1)).toEqual([0]);
    expect(failTimes(1)).toEqual([3]);
    clock.now += 60_000;
    expect(failTimes(20)).toEqual(Array<number>(20).fill(0));
  });

  it('keeps separate buckets per client and per realm', () => {
    const { failTimes } = limiterAt(2);
    failTimes(2, '10.0.0.1', 'tenant:acme');
    expect(failTimes(1, '10.0.0.1', 'tenant:acme')).toEqual([30]);
    expect(failTimes(1, '10.0.0.2', 'tenant:acme')).toEqual([0]);
    expect(failTimes(1, '10.0.0.1', 'tenant:globex')).toEqual([0]);
    expect(failTimes(1, '10.0.0.1', 'admin')).toEqual([0]);
  });

  it('holds at most the configured number of clients, forgetting the least recently failing first', () => {
    const { limiter, failTimes } = limiterAt(1, 3);
    failTimes(1, 'a');
    failTimes(1, 'b');
    failTimes(1, 'c');
    expect(failTimes(1, 'a')).toEqual([60]); // a is now the most recent
    failTimes(1, 'd'); // evicts b
    expect(limiter.trackedClients).toBe(3);
    expect(failTimes(1, 'b')).toEqual([0]); // forgotten, so a fresh bucket; evicts c
    expect(failTimes(1, 'a')).toEqual([60]);
    expect(limiter.trackedClients).toBe(3);
  });
});

describe('failedAuthentication', () => {
  const unauthorized = new ScimError(401, 'The token is not valid');

  it('answers the 401 while failures are left, then a 429 with Retry-After and a detail saying when', () => {
    const { limiter } = limiterAt(1);
    const headers = new Map<string, string>();
    const reply = { header: (name: string, value: string) => headers.set(name, value) };
    const request = { ip: '10.0.0.1' };

    expect(failedAuthentication(limiter, request, reply, 'admin', unauthorized)).toBe(unauthorized);
    expect(headers.size).toBe(0);

    const limited = failedAuthentication(limiter, request, reply, 'admin', unauthorized);
    expect(limited.status).toBe(429);
    expect(limited.detail).toMatch(/retry in 60 s/);
    expect(headers.get('Retry-After')).toBe('60');
  });
});
