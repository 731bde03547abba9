import { describe, expect, it } from '@jest/globals';
import { deciderSpecification } from '../testing/decider-specification.js';
import { upcast } from '../shared/upcast.js';
import type { RoleRule } from './role-rule.js';
import type { ExtensionAttribute } from './schema-extension.js';
import type { SetRoleRule } from './tenant.commands.js';
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
const schemaId = 'urn:ietf:params:scim:schemas:extension:document360:2.0:User';
const registered: TenantEvent = { type: 'TenantRegistered', data: { tenantId, name: 'Acme Corp' } };
const attribute = (name: string, type: ExtensionAttribute['type'], multiValued = false) => ({
  name,
  type,
  multiValued,
  required: false,
  caseExact: false,
  mutability: 'readWrite' as const,
  returned: 'default' as const,
  uniqueness: 'none' as const,
});
const extensionRegistered: TenantEvent = {
  type: 'TenantSchemaExtensionRegistered',
  data: {
    tenantId,
    resourceType: 'User',
    required: false,
    schema: {
      id: schemaId,
      name: 'Document360User',
      attributes: [
        attribute('isTeamAccount', 'boolean'),
        attribute('team', 'string'),
        attribute('flags', 'boolean', true),
      ],
    },
  },
};
const rule: RoleRule = {
  attribute: `${schemaId}:isTeamAccount`,
  whenTrue: 'team',
  whenFalse: 'member',
};
const ruleSet = (value: RoleRule | null): TenantEvent => ({
  type: 'TenantRoleRuleSet',
  data: { tenantId, rule: value },
});
const setRoleRule = (value: unknown): SetRoleRule => ({
  type: 'SetRoleRule',
  data: { tenantId, rule: value as RoleRule | null },
});

describe('SetRoleRule', () => {
  it('records a rule over a boolean extension attribute, spelled as registered', () => {
    given([registered, extensionRegistered])
      .when(setRoleRule(rule))
      .then([ruleSet(rule)]);
    given([registered, extensionRegistered])
      .when(setRoleRule({ ...rule, attribute: `${schemaId.toLowerCase()}:ISTEAMACCOUNT` }))
      .then([ruleSet(rule)]);
  });

  it('changes and removes the rule, and emits nothing when unchanged', () => {
    const swapped = { ...rule, whenTrue: 'admin' };
    given([registered, extensionRegistered, ruleSet(rule)])
      .when(setRoleRule(swapped))
      .then([ruleSet(swapped)]);
    given([registered, extensionRegistered, ruleSet(rule)])
      .when(setRoleRule(null))
      .then([ruleSet(null)]);
    given([registered, extensionRegistered, ruleSet(rule)])
      .when(setRoleRule(rule))
      .thenNothingHappens();
    given([registered]).when(setRoleRule(null)).thenNothingHappens();
  });

  it('refuses an attribute of no registered User extension', () => {
    given([registered])
      .when(setRoleRule(rule))
      .thenFails('invalid_value', /is not an attribute of a User extension of tenant acme/);
  });

  it('refuses an attribute the extension does not have, naming the ones it has', () => {
    given([registered, extensionRegistered])
      .when(setRoleRule({ ...rule, attribute: `${schemaId}:isAdmin` }))
      .thenFails('invalid_value', /no attribute "isAdmin"; name one of isTeamAccount, team, flags/);
  });

  it('refuses an attribute that is not a single-valued boolean', () => {
    given([registered, extensionRegistered])
      .when(setRoleRule({ ...rule, attribute: `${schemaId}:team` }))
      .thenFails('invalid_value', /single-valued boolean attribute; .*:team is string/);
    given([registered, extensionRegistered])
      .when(setRoleRule({ ...rule, attribute: `${schemaId}:flags` }))
      .thenFails('invalid_value', /:flags is multi-valued boolean/);
  });

  it('refuses missing or blank roles', () => {
    given([registered, extensionRegistered])
      .when(setRoleRule({ attribute: rule.attribute, whenTrue: 'team' }))
      .thenFails('invalid_value', /"whenFalse" of the role rule must be a non-empty string/);
    given([registered, extensionRegistered])
      .when(setRoleRule({ ...rule, whenTrue: ' ' }))
      .thenFails('invalid_value', /"whenTrue"/);
  });

  it('keeps the extension a rule reads from being removed', () => {
    given([registered, extensionRegistered, ruleSet(rule)])
      .when({ type: 'RemoveSchemaExtension', data: { tenantId, schemaId } })
      .thenFails('invalid_value', /change or remove the rule .* before removing its schema/);
  });

  it('refuses a tenant that does not exist', () => {
    given([]).when(setRoleRule(rule)).thenFails('tenant_not_found');
  });

  it('is read back at schema version 1 as written', () => {
    expect(upcast('TenantRoleRuleSet', 1, ruleSet(rule).data)).toEqual(ruleSet(rule));
  });
});
