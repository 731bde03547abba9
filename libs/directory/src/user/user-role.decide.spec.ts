import { describe, it } from '@jest/globals';
import type { Attributes } from '../shared/json.js';
import type { RoleRule } from '../tenant/role-rule.js';
import { deciderSpecification } from '../testing/decider-specification.js';
import type { ChangeUser, ProvisionUser } from './user.commands.js';
import { decideUser } from './user.decide.js';
import type { UserEvent } from './user.events.js';
import { evolveUser } from './user.evolve.js';
import { initialUserState } from './user.state.js';

const given = deciderSpecification({
  decide: decideUser,
  evolve: evolveUser,
  initialState: initialUserState,
});

const userId = 'u-1';
const userName = 'alice@example.com';
const schemaId = 'urn:ietf:params:scim:schemas:extension:document360:2.0:User';
const roleRule: RoleRule = {
  attribute: `${schemaId}:isTeamAccount`,
  whenTrue: 'team',
  whenFalse: 'member',
};
const team = (isTeamAccount: boolean): Attributes => ({ [schemaId]: { isTeamAccount } });

const provision = (attributes: Attributes, rule?: RoleRule): ProvisionUser => ({
  type: 'ProvisionUser',
  data: { userId, userName, active: true, attributes, ...(rule ? { roleRule: rule } : {}) },
});
const provisioned = (attributes: Attributes, role?: string): UserEvent => ({
  type: 'UserProvisioned',
  data: { userId, userName, active: true, attributes, ...(role ? { role } : {}) },
});
const change = (attributes: Attributes, rule?: RoleRule): ChangeUser => ({
  type: 'ChangeUser',
  data: { userId, userName, active: true, attributes, ...(rule ? { roleRule: rule } : {}) },
});
const attributesChanged = (isTeamAccount: boolean): UserEvent => ({
  type: 'UserAttributesChanged',
  data: { userId, set: team(isTeamAccount), unset: [] },
});

describe('roles from the tenant role rule', () => {
  it('gives a provisioned user the role of its attribute, an absent one counting as false', () => {
    given([])
      .when(provision(team(true), roleRule))
      .then([provisioned(team(true), 'team')]);
    given([])
      .when(provision(team(false), roleRule))
      .then([provisioned(team(false), 'member')]);
    given([])
      .when(provision({}, roleRule))
      .then([provisioned({}, 'member')]);
  });

  it('matches the extension URN and attribute name ignoring case', () => {
    const attributes = { [schemaId.toUpperCase()]: { isteamaccount: true } };
    given([])
      .when(provision(attributes, roleRule))
      .then([provisioned(attributes, 'team')]);
  });

  it('records no role without a rule', () => {
    given([])
      .when(provision(team(true)))
      .then([provisioned(team(true))]);
  });

  it('changes the role when the attribute flips, and only then', () => {
    given([provisioned(team(false), 'member')])
      .when(change(team(true), roleRule))
      .then([
        attributesChanged(true),
        { type: 'UserRoleChanged', data: { userId, from: 'member', to: 'team' } },
      ]);
    given([provisioned(team(true), 'team')])
      .when(change({ ...team(true), title: 'Lead' }, roleRule))
      .then([
        { type: 'UserAttributesChanged', data: { userId, set: { title: 'Lead' }, unset: [] } },
      ]);
  });

  it('gives a user provisioned before the rule its role on its next change', () => {
    given([provisioned(team(true))])
      .when(change(team(true), roleRule))
      .then([{ type: 'UserRoleChanged', data: { userId, to: 'team' } }]);
  });

  it('keeps the role when the rule is removed', () => {
    given([provisioned(team(false), 'member')])
      .when(change(team(true)))
      .then([attributesChanged(true)]);
  });
});
