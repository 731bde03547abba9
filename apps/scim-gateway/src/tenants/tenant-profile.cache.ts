/** What the cache keeps per tenant. */
interface Entry<Profile> {
  readonly profile: Profile;
  /** The stored profile's revision the entry was built from (-1: the tenant did not exist). */
  readonly revision: number;
  readonly checkedAt: number;
}

export interface TenantProfileCacheOptions {
  /** How long an entry is used before the stored revision is read again. */
  readonly ttlMs: number;
  /**
   * Beyond this many tenants, the one read longest ago is dropped. Active tenants are read again
   * every `ttlMs`, so it is the idle ones that go.
   */
  readonly maxTenants: number;
  readonly now: () => number;
}

/**
 * A per-tenant cache for something built from a stored, revisioned record, read on every request.
 * Within `ttlMs` an entry is answered from memory; after it, the record is read again (one indexed
 * read per tenant and TTL) and the profile rebuilt only if the revision moved. Concurrent misses
 * of one tenant share one read. `forget` drops an entry at once, for writes made in this process.
 */
export class TenantProfileCache<Record extends { readonly revision: number }, Profile> {
  private readonly entries = new Map<string, Entry<Profile>>();
  private readonly loading = new Map<string, Promise<Profile>>();

  constructor(
    private readonly load: (tenant: string) => Promise<Record | undefined>,
    private readonly build: (record: Record | undefined) => Profile,
    private readonly options: TenantProfileCacheOptions,
  ) {}

  async get(tenant: string): Promise<Profile> {
    const entry = this.entries.get(tenant);
    if (entry !== undefined && this.options.now() - entry.checkedAt < this.options.ttlMs) {
      return entry.profile;
    }
    const inFlight = this.loading.get(tenant);
    if (inFlight !== undefined) return inFlight;
    const pending = this.read(tenant, entry)
      .then((fresh) => {
        // A `forget` while this read was in flight means a newer write: do not keep what was read.
        if (this.loading.get(tenant) === pending) this.remember(tenant, fresh);
        return fresh.profile;
      })
      .finally(() => {
        if (this.loading.get(tenant) === pending) this.loading.delete(tenant);
      });
    this.loading.set(tenant, pending);
    return pending;
  }

  forget(tenant: string): void {
    this.entries.delete(tenant);
    this.loading.delete(tenant);
  }

  get size(): number {
    return this.entries.size;
  }

  private async read(
    tenant: string,
    previous: Entry<Profile> | undefined,
  ): Promise<Entry<Profile>> {
    const checkedAt = this.options.now();
    const record = await this.load(tenant);
    const revision = record?.revision ?? -1;
    const unchanged = previous !== undefined && previous.revision === revision;
    return { profile: unchanged ? previous.profile : this.build(record), revision, checkedAt };
  }

  private remember(tenant: string, entry: Entry<Profile>): void {
    // Map keeps insertion order: re-inserting makes the tenant the most recently read.
    this.entries.delete(tenant);
    this.entries.set(tenant, entry);
    if (this.entries.size > this.options.maxTenants) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
