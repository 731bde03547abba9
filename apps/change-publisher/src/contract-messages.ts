import {
  contractEventsV1,
  type ContractMessage,
  type ContractTopics,
  toContractMessage,
} from '#contracts';
import { streamPrefixes, upcast } from '#directory';
import type { RecordedEvent } from '#event-store';

/** The streams whose events become contracts: users and groups. */
export const contractStreamPrefixes = [streamPrefixes.user, streamPrefixes.group];

/** The contract messages of one recorded event (none for a type without a contract). */
export function contractMessagesOf(
  recorded: RecordedEvent,
  topics: ContractTopics,
): ContractMessage[] {
  const event = upcast(recorded.type, recorded.metadata.schemaVersion, recorded.data);
  if (event === undefined) return [];
  return contractEventsV1({
    id: recorded.id,
    position: recorded.position,
    event,
    metadata: recorded.metadata,
  }).map((contract) => toContractMessage(contract, topics));
}
