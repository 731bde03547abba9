import {
  type Contract,
  type ContractEvent,
  defaultTopics,
  parseContractMessage,
  toContractMessage,
} from '#contracts';

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
