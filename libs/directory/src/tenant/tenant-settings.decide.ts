import { DomainError } from '../shared/domain-error.js';
import { deletionPolicies, isDeletionPolicy } from './deletion-policy.js';
import { groupMatchingPolicies, isGroupMatchingPolicy } from './group-matching-policy.js';
import type {
  ChooseDeletionPolicy,
  ChooseGroupMatchingPolicy,
  SetProvisioning,
  SetSeatLimit,
} from './tenant.commands.js';
import type { TenantEvent } from './tenant.events.js';
import type { RegisteredTenant } from './tenant.state.js';

export function setProvisioning(
  { data }: SetProvisioning,
  tenant: RegisteredTenant,
): TenantEvent[] {
  // The data usually comes straight from an admin's JSON body: `"false"` must not count as true.
  if (typeof data.enabled !== 'boolean') {
    throw new DomainError(
      'invalid_value',
      `"enabled" must be true or false, not ${JSON.stringify(data.enabled)}.`,
    );
  }
  if (data.enabled === tenant.provisioningEnabled) return [];
  const tenantId = tenant.tenantId;
  return [
    data.enabled
      ? { type: 'TenantProvisioningEnabled', data: { tenantId } }
      : { type: 'TenantProvisioningDisabled', data: { tenantId } },
  ];
}

export function chooseDeletionPolicy(
  { data }: ChooseDeletionPolicy,
  tenant: RegisteredTenant,
): TenantEvent[] {
  if (!isDeletionPolicy(data.policy)) {
    throw new DomainError(
      'invalid_value',
      `Deletion policy ${JSON.stringify(data.policy)} is not known; use one of ${deletionPolicies.join(', ')}.`,
    );
  }
  if (data.policy === tenant.deletionPolicy) return [];
  return [
    {
      type: 'TenantDeletionPolicyChosen',
      data: { tenantId: tenant.tenantId, policy: data.policy },
    },
  ];
}

export function chooseGroupMatchingPolicy(
  { data }: ChooseGroupMatchingPolicy,
  tenant: RegisteredTenant,
): TenantEvent[] {
  if (!isGroupMatchingPolicy(data.policy)) {
    throw new DomainError(
      'invalid_value',
      `Group matching policy ${JSON.stringify(data.policy)} is not known; use one of ${groupMatchingPolicies.join(', ')}.`,
    );
  }
  if (data.policy === tenant.groupMatching) return [];
  return [
    {
      type: 'TenantGroupMatchingPolicyChosen',
      data: { tenantId: tenant.tenantId, policy: data.policy },
    },
  ];
}

export function setSeatLimit({ data }: SetSeatLimit, tenant: RegisteredTenant): TenantEvent[] {
  const { limit } = data;
  // From a JSON body: `"5"`, 2.5, 0 and -1 are all mistakes an admin should hear about.
  if (limit !== null && !(Number.isSafeInteger(limit) && limit > 0)) {
    throw new DomainError(
      'invalid_value',
      `"limit" must be a positive whole number of seats, or null for no limit, not ${JSON.stringify(limit)}.`,
    );
  }
  if (limit === tenant.seatLimit) return [];
  return [{ type: 'TenantSeatLimitSet', data: { tenantId: tenant.tenantId, limit } }];
}
