import { describe, expect, it } from '@jest/globals';
import { deciderSpecification } from '../testing/decider-specification.js';
import type { IssueBearerToken } from './tenant.commands.js';
import { decideTenant } from './tenant.decide.js';
import type { BearerTokenIssued, TenantEvent } from './tenant.events.js';
import { evolveTenant } from './tenant.evolve.js';
import { isValidTenantId } from './tenant-id.js';
import { initialTenantState } from './tenant.state.js';

const given = deciderSpecification({
  decide: decideTenant,
  evolve: evolveTenant,
  initialState: initialTenantState,
});

const tenantId = 'acme';
const registered: TenantEvent = { type: 'TenantRegistered', data: { tenantId, name: 'Acme Corp' } };
const bootstrap: IssueBearerToken = {
  type: 'IssueBearerToken',
  data: { tenantId, tokenId: 't-1', tokenHash: 'sha-1', label: 'bootstrap' },
};
const issued: BearerTokenIssued = { type: 'BearerTokenIssued', data: bootstrap.data };
const revoked: TenantEvent = { type: 'BearerTokenRevoked', data: { tenantId, tokenId: 't-1' } };

describe('RegisterTenant', () => {
  it('registers a new tenant', () => {
    given([]).when({ type: 'RegisterTenant', data: registered.data }).then([registered]);
  });

  it('refuses a tenant that exists', () => {
    given([registered])
      .when({ type: 'RegisterTenant', data: registered.data })
      .thenFails('tenant_exists');
  });

  it('refuses an id that cannot appear in URLs and stream names, and a blank name', () => {
    given([])
      .when({ type: 'RegisterTenant', data: { tenantId: 'Acme:1', name: 'Acme' } })
      .thenFails('invalid_value', /Acme:1/);
    given([])
      .when({ type: 'RegisterTenant', data: { tenantId, name: ' ' } })
      .thenFails('invalid_value');
  });
});

describe('IssueBearerToken', () => {
  it('issues a token, with its expiry when it has one', () => {
    given([registered]).when(bootstrap).then([issued]);
    const expiring = { ...bootstrap.data, expiresAt: '2030-01-01T00:00:00Z' };
    given([registered])
      .when({ type: 'IssueBearerToken', data: expiring })
      .then([{ type: 'BearerTokenIssued', data: expiring }]);
  });

  it('emits nothing when the same token is issued again, as at every restart with SCIM_BOOTSTRAP_TOKEN', () => {
    given([registered, issued])
      .when({ ...bootstrap, data: { ...bootstrap.data, tokenId: 't-2' } })
      .thenNothingHappens();
  });

  it('issues a token again once it was revoked', () => {
    const again = { ...bootstrap.data, tokenId: 't-2' };
    given([registered, issued, revoked])
      .when({ type: 'IssueBearerToken', data: again })
      .then([{ type: 'BearerTokenIssued', data: again }]);
  });

  it('refuses a token id already used for another token', () => {
    given([registered, issued])
      .when({ type: 'IssueBearerToken', data: { ...bootstrap.data, tokenHash: 'sha-2' } })
      .thenFails('already_exists');
  });

  it('refuses a tenant that does not exist', () => {
    given([]).when(bootstrap).thenFails('tenant_not_found', /acme/);
  });
});

describe('RevokeBearerToken', () => {
  const revoke = { type: 'RevokeBearerToken', data: { tenantId, tokenId: 't-1' } } as const;

  it('revokes an active token', () => {
    given([registered, issued]).when(revoke).then([revoked]);
  });

  it('emits nothing for a token already revoked', () => {
    given([registered, issued, revoked]).when(revoke).thenNothingHappens();
  });

  it('refuses an unknown token or tenant', () => {
    given([registered]).when(revoke).thenFails('token_not_found', /t-1/);
    given([]).when(revoke).thenFails('tenant_not_found');
  });
});

describe('isValidTenantId', () => {
  it('accepts lower-case letters, digits, "_" and "-", 1 to 63 long, not starting with "_" or "-"', () => {
    for (const id of ['a', 'acme', 'acme-eu_2', '0', 'a'.repeat(63)])
      expect(isValidTenantId(id)).toBe(true);
    for (const id of ['', 'Acme', '-acme', '_acme', 'acme:1', 'a b', 'a'.repeat(64), 'acmé']) {
      expect(isValidTenantId(id)).toBe(false);
    }
  });
});
