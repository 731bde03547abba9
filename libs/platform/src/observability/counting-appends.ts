import type { ServiceMetrics } from './service-metrics.js';

/** The part of an event store the counter needs (platform depends on no event-store types). */
interface Appending {
  append(
    requests: readonly { readonly events: readonly { readonly type: string }[] }[],
  ): Promise<unknown>;
}

/**
 * The same event store, counting each appended event in `scim_events_appended_total{type}` once
 * its append succeeded. Every other member is the store's own.
 */
export function countingAppends<T extends Appending>(
  store: T,
  metrics: Pick<ServiceMetrics, 'countAppended'>,
): T {
  const append: Appending['append'] = async (requests) => {
    const result = await store.append(requests);
    for (const { events } of requests) for (const { type } of events) metrics.countAppended(type);
    return result;
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'append') return append;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
