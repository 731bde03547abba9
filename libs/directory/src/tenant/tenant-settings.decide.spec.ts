import { describe, expect, it } from '@jest/globals';
import { deciderSpecification } from '../testing/decider-specification.js';
import { upcast } from '../shared/upcast.js';
import type { SetProvisioning, SetSeatLimit, TenantCommand } from './tenant.commands.js';
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

const adoptExistingChosen: TenantEvent = {
  type: 'TenantGroupMatchingPolicyChosen',
  data: { tenantId, policy: 'adoptExisting' },
};
const chooseGroupMatching = (policy: unknown): TenantCommand => ({
  type: 'ChooseGroupMatchingPolicy',
  data: { tenantId, policy: policy as string },
});

describe('ChooseGroupMatchingPolicy', () => {
  it('records the policy a tenant chooses, and going back to alwaysCreate', () => {
    given([registered]).when(chooseGroupMatching('adoptExisting')).then([adoptExistingChosen]);
    given([registered, adoptExistingChosen])
      .when(chooseGroupMatching('alwaysCreate'))
      .then([
        { type: 'TenantGroupMatchingPolicyChosen', data: { tenantId, policy: 'alwaysCreate' } },
      ]);
  });

  it('emits nothing when unchanged, alwaysCreate being where every tenant starts', () => {
    given([registered]).when(chooseGroupMatching('alwaysCreate')).thenNothingHappens();
    given([registered, adoptExistingChosen])
      .when(chooseGroupMatching('adoptExisting'))
      .thenNothingHappens();
  });

  it('refuses an unknown policy, naming the ones there are', () => {
    given([registered])
      .when(chooseGroupMatching('merge'))
      .thenFails('invalid_value', /"merge".*alwaysCreate, adoptExisting/);
    given([registered])
      .when(chooseGroupMatching(null))
      .thenFails('invalid_value', /null.*alwaysCreate, adoptExisting/);
  });

  it('refuses a tenant that does not exist', () => {
    given([]).when(chooseGroupMatching('adoptExisting')).thenFails('tenant_not_found');
  });
});

const seatLimitSet = (limit: number | null): TenantEvent => ({
  type: 'TenantSeatLimitSet',
  data: { tenantId, limit },
});
const setSeatLimit = (limit: unknown): SetSeatLimit => ({
  type: 'SetSeatLimit',
  data: { tenantId, limit: limit as number | null },
});

describe('SetSeatLimit', () => {
  it('sets, raises and lifts the limit', () => {
    given([registered])
      .when(setSeatLimit(5))
      .then([seatLimitSet(5)]);
    given([registered, seatLimitSet(5)])
      .when(setSeatLimit(8))
      .then([seatLimitSet(8)]);
    given([registered, seatLimitSet(5)])
      .when(setSeatLimit(null))
      .then([seatLimitSet(null)]);
  });

  it('emits nothing when unchanged, no limit being where every tenant starts', () => {
    given([registered]).when(setSeatLimit(null)).thenNothingHappens();
    given([registered, seatLimitSet(5)])
      .when(setSeatLimit(5))
      .thenNothingHappens();
  });

  it('refuses anything but a positive whole number or null', () => {
    for (const limit of [0, -1, 2.5, '5', true]) {
      given([registered])
        .when(setSeatLimit(limit))
        .thenFails('invalid_value', /positive whole number of seats, or null/);
    }
  });

  it('refuses a tenant that does not exist', () => {
    given([]).when(setSeatLimit(5)).thenFails('tenant_not_found');
  });
});

describe('tenant settings events', () => {
  it('are read back at schema version 1 as written', () => {
    for (const event of [
      disabled,
      enabled,
      keepDisabledChosen,
      adoptExistingChosen,
      seatLimitSet(5),
      seatLimitSet(null),
    ]) {
      expect(upcast(event.type, 1, event.data)).toEqual(event);
    }
  });
});
