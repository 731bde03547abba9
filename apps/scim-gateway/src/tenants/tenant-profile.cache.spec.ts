import { describe, expect, it } from '@jest/globals';
import { TenantProfileCache } from './tenant-profile.cache.js';

interface Stored {
  readonly revision: number;
  readonly preset: string;
}

/** A cache over an in-memory store and a hand-moved clock, counting reads and builds. */
function setup(maxTenants = 100) {
  const store = new Map<string, Stored>([['acme', { revision: 1, preset: 'okta' }]]);
  let clock = 0;
  let reads = 0;
  let builds = 0;
  const cache = new TenantProfileCache<Stored, { preset: string }>(
    async (tenant) => {
      reads++;
      return store.get(tenant);
    },
    (record) => {
      builds++;
      return { preset: record?.preset ?? 'default' };
    },
    { ttlMs: 1000, maxTenants, now: () => clock },
  );
  return {
    cache,
    store,
    advance: (ms: number) => (clock += ms),
    counts: () => ({ reads, builds }),
  };
}

describe('TenantProfileCache', () => {
  it('answers from memory within the TTL, so a request costs no read', async () => {
    const { cache, advance, counts } = setup();
    expect(await cache.get('acme')).toEqual({ preset: 'okta' });
    advance(999);
    expect(await cache.get('acme')).toEqual({ preset: 'okta' });
    expect(counts()).toEqual({ reads: 1, builds: 1 });
  });

  it('reads again after the TTL, and rebuilds only when the revision moved', async () => {
    const { cache, store, advance, counts } = setup();
    const first = await cache.get('acme');
    advance(1000);
    expect(await cache.get('acme')).toBe(first);
    expect(counts()).toEqual({ reads: 2, builds: 1 });

    store.set('acme', { revision: 2, preset: 'entra' });
    expect(await cache.get('acme')).toBe(first);
    advance(1000);
    expect(await cache.get('acme')).toEqual({ preset: 'entra' });
    expect(counts()).toEqual({ reads: 3, builds: 2 });
  });

  it('sees a change at once after forget', async () => {
    const { cache, store } = setup();
    await cache.get('acme');
    store.set('acme', { revision: 2, preset: 'ping' });
    cache.forget('acme');
    expect(await cache.get('acme')).toEqual({ preset: 'ping' });
  });

  it('shares one read among concurrent misses of a tenant', async () => {
    const { cache, counts } = setup();
    const profiles = await Promise.all([cache.get('acme'), cache.get('acme'), cache.get('acme')]);
    expect(new Set(profiles).size).toBe(1);
    expect(counts()).toEqual({ reads: 1, builds: 1 });
  });

  it('does not keep a read that was in flight when forget was called', async () => {
    const { cache, store } = setup();
    const stale = cache.get('acme');
    cache.forget('acme');
    store.set('acme', { revision: 2, preset: 'entra' });
    expect(await stale).toEqual({ preset: 'okta' });
    expect(await cache.get('acme')).toEqual({ preset: 'entra' });
  });

  it('builds the default for an unknown tenant, and the real profile once it exists', async () => {
    const { cache, store, advance } = setup();
    expect(await cache.get('globex')).toEqual({ preset: 'default' });
    store.set('globex', { revision: 0, preset: 'generic' });
    advance(1000);
    expect(await cache.get('globex')).toEqual({ preset: 'generic' });
  });

  it('keeps at most maxTenants, dropping the one read longest ago', async () => {
    const { cache, store, counts } = setup(2);
    store.set('b', { revision: 0, preset: 'b' });
    store.set('c', { revision: 0, preset: 'c' });
    await cache.get('acme');
    await cache.get('b');
    await cache.get('c');
    expect(cache.size).toBe(2);
    await cache.get('c');
    await cache.get('b');
    expect(counts().reads).toBe(3);
    await cache.get('acme');
    expect(counts().reads).toBe(4);
  });

  it('answers a failed read to its callers and tries again on the next request', async () => {
    let fail = true;
    const cache = new TenantProfileCache<Stored, string>(
      async () => {
        if (fail) throw new Error('database is locked');
        return { revision: 0, preset: 'okta' };
      },
      (record) => record?.preset ?? 'default',
      { ttlMs: 1000, maxTenants: 10, now: () => 0 },
    );
    await expect(cache.get('acme')).rejects.toThrow('database is locked');
    fail = false;
    expect(await cache.get('acme')).toBe('okta');
  });
});
