import { currentSchemaVersion, type DirectoryEvent } from '../shared/upcast.js';

/**
 * A directory event as the event store takes it, with made-up request metadata: for tests and
 * benchmarks that fill a store directly instead of going through the gateway.
 */
export function storedEventOf(
  event: DirectoryEvent,
  { tenant = 'acme', caller = 'token:test' }: { tenant?: string; caller?: string } = {},
) {
  return {
    id: crypto.randomUUID(),
    type: event.type,
    data: event.data,
    metadata: {
      tenant,
      caller,
      correlationId: crypto.randomUUID(),
      occurredAt: new Date().toISOString(),
      schemaVersion: currentSchemaVersion(event.type),
    },
  };
}
