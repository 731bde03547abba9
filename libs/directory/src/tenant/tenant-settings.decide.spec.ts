import { describe, expect, it } from '@jest/globals';
import { deciderSpecification } from '../testing/decider-specification.js';
import { upcast } from '../shared/upcast.js';
import type { SetProvisioning } from './tenant.commands.js';
import { decideTenant } from './tenant.decide.js';
import type { TenantEvent } from './tenant.events.js';
import { evolveTenant } from './tenant.evolve.js';
import { initialTenantState } from './tenant.state.js';

const given = deciderSpecification({
  decide: decideTenant,
  evolve: evolveTenant,
  initialState: initialTenantState,
});

const tenantId = 'acme';
const registered: TenantEvent = { type: 'TenantRegistered', data: { tenantId, name: 'Acme Corp' } };
const disabled: TenantEvent = { type: 'TenantProvisioningDisabled', data: { tenantId } };
const enabled: TenantEvent = { type: 'TenantProvisioningEnabled', data: { tenantId } };
const keepDisabledChosen: TenantEvent = {
  type: 'TenantDeletionPolicyChosen',
  data: { tenantId, policy: 'keepDisabled' },
};
const setProvisioning = (enabled: unknown): SetProvisioning => ({
  type: 'SetProvisioning',
  data: { tenantId, enabled: enabled as boolean },
});

describe('SetProvisioning', () => {
  it('disables and enables provisioning again', () => {
    given([registered]).when(setProvisioning(false)).then([disabled]);
    given([registered, disabled]).when(setProvisioning(true)).then([enabled]);
    given([registered, disabled, enabled]).when(setProvisioning(false)).then([disabled]);
  });

  it('emits nothing when unchanged, enabled being where every tenant starts', () => {
    given([registered]).when(setProvisioning(true)).thenNothingHappens();
    given([registered, disabled]).when(setProvisioning(false)).thenNothingHappens();
  });

  it('refuses a value that is not a boolean, rather than guessing', () => {
    given([registered])
      .when(setProvisioning('false'))
      .thenFails('invalid_value', /true or false/);
  });

  it('refuses a tenant that does not exist', () => {
    given([]).when(setProvisioning(false)).thenFails('tenant_not_found');
  });
});

describe('ChooseDeletionPolicy', () => {
  it('records the policy a tenant chooses, and going back to hardDelete', () => {
    given([registered])
      .when({ type: 'ChooseDeletionPolicy', data: { tenantId, policy: 'keepDisabled' } })
      .then([keepDisabledChosen]);
    given([registered, keepDisabledChosen])
      .when({ type: 'ChooseDeletionPolicy', data: { tenantId, policy: 'hardDelete' } })
      .then([{ type: 'TenantDeletionPolicyChosen', data: { tenantId, policy: 'hardDelete' } }]);
  });

  it('emits nothing when unchanged, hardDelete being where every tenant starts', () => {
    given([registered])
      .when({ type: 'ChooseDeletionPolicy', data: { tenantId, policy: 'hardDelete' } })
      .thenNothingHappens();
    given([registered, keepDisabledChosen])
      .when({ type: 'ChooseDeletionPolicy', data: { tenantId, policy: 'keepDisabled' } })
      .thenNothingHappens();
  });

  it('refuses an unknown policy, naming the ones there are', () => {
    given([registered])
      .when({ type: 'ChooseDeletionPolicy', data: { tenantId, policy: 'softDelete' } })
      .thenFails('invalid_value', /"softDelete".*hardDelete, keepDisabled/);
  });

  it('refuses a tenant that does not exist', () => {
    given([])
      .when({ type: 'ChooseDeletionPolicy', data: { tenantId, policy: 'keepDisabled' } })
      .thenFails('tenant_not_found');
  });
});

describe('tenant settings events', () => {
  it('are read back at schema version 1 as written', () => {
    for (const event of [disabled, enabled, keepDisabledChosen]) {
      expect(upcast(event.type, 1, event.data)).toEqual(event);
    }
  });
});
