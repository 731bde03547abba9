import type { Contract } from '../contract.js';
import type { ContractEvent } from '../contract-event.js';
import { parseContractMessage, toContractMessage } from '../kafka-binding.js';
import { defaultTopics } from '../topics.js';
import { userDeactivatedV1 } from '../users/user-deactivated.v1.js';

// Test helpers for consumers of the contracts (this project's and others'): events built
// exactly as a transport delivers them.

type Envelope = Partial<ContractEvent> & { readonly id: string; readonly position: number };

/**
 * A contract event as a consumer receives it: put through the Kafka binding and parsed back,
 * so tests feed the handler only what the real transport can deliver.
 */
export function delivered<Data extends { readonly tenant: string }>(
  contract: Contract<Data>,
  data: Data,
  envelope: Envelope,
): ContractEvent {
  const { userId, groupId } = data as { userId?: string; groupId?: string };
  const resourceId = groupId ?? userId ?? '';
  const event: ContractEvent<Data> = {
    type: contract.type,
    source: `/tenants/${data.tenant}`,
    subject: `${contract.resource}s/${resourceId}`,
    time: '2026-11-23T10:00:00Z',
    tenant: data.tenant,
    resource: contract.resource,
    resourceId,
    caller: 'token:okta',
    correlationId: `request-${envelope.position}`,
    ...envelope,
    data,
  };
  return parseContractMessage(toContractMessage(event, defaultTopics));
}

/** `scim.user.deactivated.v1` for the user, with id `e<position>` at 10:00:0<position>Z. */
export function userDeactivated(tenant: string, userId: string, position: number): ContractEvent {
  return delivered(
    userDeactivatedV1,
    { tenant, userId },
    { id: `e${position}`, position, time: `2026-11-23T10:00:0${position % 10}Z` },
  );
}
