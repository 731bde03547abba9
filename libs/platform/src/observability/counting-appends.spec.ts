import { describe, expect, it } from '@jest/globals';
import { countingAppends } from './counting-appends.js';
import { ServiceMetrics } from './service-metrics.js';

class FakeStore {
  readonly appended: string[] = [];
  constructor(private readonly fail: boolean) {}
  async append(requests: readonly { events: readonly { type: string }[] }[]) {
    if (this.fail) throw new Error('conflict');
    for (const { events } of requests) for (const { type } of events) this.appended.push(type);
    return { position: this.appended.length };
  }
  headPosition() {
    return this.appended.length;
  }
}

describe('countingAppends', () => {
  it('counts the events of a successful append by type and leaves the rest of the store as it is', async () => {
    const metrics = new ServiceMetrics('scim-gateway', { processMetrics: false });
    const store = countingAppends(new FakeStore(false), metrics);
    await store.append([
      { events: [{ type: 'UserProvisioned' }, { type: 'UserNameReserved' }] },
      { events: [{ type: 'UserProvisioned' }] },
    ]);
    expect(store.headPosition()).toBe(3);
    const text = await metrics.text();
    expect(text).toContain(
      'scim_events_appended_total{type="UserProvisioned",service="scim-gateway"} 2',
    );
    expect(text).toContain(
      'scim_events_appended_total{type="UserNameReserved",service="scim-gateway"} 1',
    );
  });

  it('counts nothing when the append fails', async () => {
    const metrics = new ServiceMetrics('scim-gateway', { processMetrics: false });
    const store = countingAppends(new FakeStore(true), metrics);
    await expect(store.append([{ events: [{ type: 'UserProvisioned' }] }])).rejects.toThrow(
      'conflict',
    );
    expect(await metrics.text()).not.toContain('scim_events_appended_total{');
  });
});
