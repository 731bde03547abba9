import { randomUUID } from 'node:crypto';
import type { NewEvent } from '#event-store';

/** A directory event of tenant `acme`, with the metadata a gateway gives it. */
export function acmeEvent(
  type: string,
  data: Record<string, unknown>,
  caller = 'token:t1',
): NewEvent {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: {
      tenant: 'acme',
      caller,
      correlationId: randomUUID(),
      occurredAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  };
}
