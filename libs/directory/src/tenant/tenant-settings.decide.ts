import { DomainError } from '../shared/domain-error.js';
import { deletionPolicies, isDeletionPolicy } from './deletion-policy.js';
import type { ChooseDeletionPolicy, SetProvisioning } from './tenant.commands.js';
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
