import type { EventFilter } from './event-store.port.js';

/** True when `streamId` passes `filter`; no filter (or no prefixes) passes everything. */
export function matchesFilter(filter: EventFilter | undefined, streamId: string): boolean {
  const prefixes = filter?.streamPrefixes;
  if (prefixes === undefined) return true;
  return prefixes.some((prefix) => streamId.startsWith(prefix));
}
