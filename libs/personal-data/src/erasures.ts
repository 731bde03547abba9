import { streamPrefixes } from '#directory';
import type { EventStore } from '#event-store';
import type { PersonalDataKeyStore } from './key-store.js';
import { userSubject } from './personal-data-policy.js';

/** One erasure as the history records it (`UserErased`). */
export interface ErasureRecord {
  readonly tenant: string;
  readonly userId: string;
  readonly position: number;
  /** When it was decided (RFC 3339). */
  readonly time: string;
  /** The admin who asked for it. */
  readonly caller: string;
  readonly correlationId: string;
  readonly requestReference?: string;
}

/** Every erasure in the event store, oldest first, streamed: the register a DPO reports from. */
export async function* erasuresIn(store: EventStore): AsyncGenerator<ErasureRecord> {
  const filter = { streamPrefixes: [streamPrefixes.user] };
  for await (const event of store.readAll({ filter })) {
    if (event.type !== 'UserErased') continue;
    const { userId, requestReference } = event.data as {
      userId: string;
      requestReference?: string;
    };
    const { tenant, occurredAt, caller, correlationId } = event.metadata;
    yield {
      tenant,
      userId,
      position: event.position,
      time: occurredAt,
      caller,
      correlationId,
      ...(requestReference === undefined ? {} : { requestReference }),
    };
  }
}

/**
 * Destroys the key of every user the history says was erased, where the key store still has it:
 * after the key store was restored from a backup older than some erasures. Answers the erasures
 * made good again.
 */
export async function reapplyErasures(
  store: EventStore,
  keys: PersonalDataKeyStore,
): Promise<ErasureRecord[]> {
  const redone: ErasureRecord[] = [];
  for await (const erasure of erasuresIn(store)) {
    const { destroyedNow } = await keys.erase(userSubject(erasure.tenant, erasure.userId));
    if (destroyedNow) redone.push(erasure);
  }
  return redone;
}
