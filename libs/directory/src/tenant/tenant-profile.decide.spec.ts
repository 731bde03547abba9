import { describe, it } from '@jest/globals';
import { deciderSpecification } from '../testing/decider-specification.js';
import type { ExtensionSchema } from './schema-extension.js';
import type { RegisterSchemaExtension } from './tenant.commands.js';
import { decideTenant } from './tenant.decide.js';
import type { TenantEvent } from './tenant.events.js';
import { evolveTenant } from './tenant.evolve.js';
import { maxSchemaExtensionsPerTenant } from './tenant-profile.decide.js';
import { initialTenantState } from './tenant.state.js';

const given = deciderSpecification({
  decide: decideTenant,
  evolve: evolveTenant,
  initialState: initialTenantState,
});

const tenantId = 'acme';
const document360 = 'urn:ietf:params:scim:schemas:extension:document360:2.0:User';
const registered: TenantEvent = { type: 'TenantRegistered', data: { tenantId, name: 'Acme Corp' } };
const oktaChosen: TenantEvent = {
  type: 'TenantIdpPresetChosen',
  data: { tenantId, preset: 'okta' },
};

const register = (
  schema: RegisterSchemaExtension['data']['schema'],
  extra: Partial<RegisterSchemaExtension['data']> = {},
): RegisterSchemaExtension => ({
  type: 'RegisterSchemaExtension',
  data: { tenantId, resourceType: 'User', schema, ...extra },
});
const teamAccount = register({
  id: document360,
  name: 'Document360User',
  attributes: [{ name: 'isTeamAccount', type: 'boolean' }],
});
/** The same schema as the decider stores it: every characteristic filled in. */
const normalised: ExtensionSchema = {
  id: document360,
  name: 'Document360User',
  attributes: [
    {
      name: 'isTeamAccount',
      type: 'boolean',
      multiValued: false,
      required: false,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
    },
  ],
};
const teamAccountRegistered: TenantEvent = {
  type: 'TenantSchemaExtensionRegistered',
  data: { tenantId, resourceType: 'User', schema: normalised, required: false },
};

describe('ChooseIdpPreset', () => {
  it('records the preset a tenant chooses', () => {
    given([registered])
      .when({ type: 'ChooseIdpPreset', data: { tenantId, preset: 'okta' } })
      .then([oktaChosen]);
    given([registered, oktaChosen])
      .when({ type: 'ChooseIdpPreset', data: { tenantId, preset: 'generic' } })
      .then([{ type: 'TenantIdpPresetChosen', data: { tenantId, preset: 'generic' } }]);
  });

  it('emits nothing when the preset does not change, generic being where every tenant starts', () => {
    given([registered, oktaChosen])
      .when({ type: 'ChooseIdpPreset', data: { tenantId, preset: 'okta' } })
      .thenNothingHappens();
    given([registered])
      .when({ type: 'ChooseIdpPreset', data: { tenantId, preset: 'generic' } })
      .thenNothingHappens();
  });

  it('refuses an unknown preset, naming the ones there are', () => {
    given([registered])
      .when({ type: 'ChooseIdpPreset', data: { tenantId, preset: 'Okta' } })
      .thenFails('invalid_value', /"Okta".*okta, entra, ping, generic/);
  });

  it('refuses a tenant that does not exist', () => {
    given([])
      .when({ type: 'ChooseIdpPreset', data: { tenantId, preset: 'entra' } })
      .thenFails('tenant_not_found');
  });
});

describe('RegisterSchemaExtension', () => {
  it('registers an extension with the RFC 7643 defaults filled in', () => {
    given([registered]).when(teamAccount).then([teamAccountRegistered]);
  });

  it('keeps what the admin set, and required for the resource type', () => {
    const costCenter = {
      name: 'costCenter',
      description: 'Where the bill goes',
      required: true,
      caseExact: true,
      mutability: 'immutable',
      returned: 'always',
      uniqueness: 'server',
      canonicalValues: ['A', 'B'],
    } as const;
    const schema = {
      id: 'urn:example:scim:acme:1.0:Group',
      name: 'AcmeGroup',
      description: 'Acme group settings',
      attributes: [
        costCenter,
        {
          name: 'owners',
          type: 'complex' as const,
          multiValued: true,
          subAttributes: [
            { name: 'value' },
            { name: '$ref', type: 'reference' as const, referenceTypes: ['User'] },
          ],
        },
      ],
    };
    const defaults = {
      multiValued: false,
      required: false,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
    } as const;
    given([registered])
      .when(register(schema, { resourceType: 'Group', required: true }))
      .then([
        {
          type: 'TenantSchemaExtensionRegistered',
          data: {
            tenantId,
            resourceType: 'Group',
            required: true,
            schema: {
              ...schema,
              attributes: [
                { ...defaults, ...costCenter, type: 'string' },
                {
                  ...defaults,
                  name: 'owners',
                  type: 'complex',
                  multiValued: true,
                  subAttributes: [
                    { ...defaults, name: 'value', type: 'string' },
                    { ...defaults, name: '$ref', type: 'reference', referenceTypes: ['User'] },
                  ],
                },
              ],
            },
          },
        },
      ]);
  });

  it('emits nothing when the same definition is registered again', () => {
    given([registered, teamAccountRegistered]).when(teamAccount).thenNothingHappens();
  });

  it('refuses another definition under a schema id the tenant has, in any case', () => {
    const changed = register({
      id: document360.toUpperCase(),
      name: 'Document360User',
      attributes: [{ name: 'isTeamAccount', type: 'string' }],
    });
    given([registered, teamAccountRegistered])
      .when(changed)
      .thenFails('already_exists', /remove it first/);
    given([registered, teamAccountRegistered])
      .when({ ...teamAccount, data: { ...teamAccount.data, resourceType: 'Group' } })
      .thenFails('already_exists');
  });

  it('refuses schemas RFC 7643 defines, and ids that are not URNs', () => {
    for (const id of [
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      'URN:IETF:PARAMS:SCIM:API:MESSAGES:2.0:PatchOp',
    ]) {
      given([registered])
        .when(register({ id, name: 'X', attributes: [{ name: 'a' }] }))
        .thenFails('invalid_value', /choose a URN of your own/);
    }
    given([registered])
      .when(register({ id: 'document360', name: 'X', attributes: [{ name: 'a' }] }))
      .thenFails('invalid_value', /"document360" is not a URN/);
  });

  it('refuses an invalid attribute definition, saying which one and what to use', () => {
    given([registered])
      .when(
        register({
          ...teamAccount.data.schema,
          attributes: [{ name: 'a', type: 'bool' as never }],
        }),
      )
      .thenFails(
        'invalid_value',
        /attributes\[0\] \("a"\) has type "bool"; use one of string, boolean/,
      );
  });

  it(`refuses more than ${maxSchemaExtensionsPerTenant} extensions`, () => {
    const many: TenantEvent[] = Array.from({ length: maxSchemaExtensionsPerTenant }, (_, i) => ({
      type: 'TenantSchemaExtensionRegistered',
      data: {
        ...teamAccountRegistered.data,
        schema: { ...normalised, id: `urn:example:ext:${i}` },
      } as never,
    }));
    given([registered, ...many])
      .when(teamAccount)
      .thenFails('invalid_value', /remove one first/);
  });

  it('refuses a tenant that does not exist', () => {
    given([]).when(teamAccount).thenFails('tenant_not_found');
  });
});

describe('RemoveSchemaExtension', () => {
  const remove = (schemaId: string) =>
    ({ type: 'RemoveSchemaExtension', data: { tenantId, schemaId } }) as const;
  const removed: TenantEvent = {
    type: 'TenantSchemaExtensionRemoved',
    data: { tenantId, schemaId: document360 },
  };

  it('removes a registered extension, found by its id in any case', () => {
    given([registered, teamAccountRegistered])
      .when(remove(document360.toLowerCase()))
      .then([removed]);
  });

  it('lets the id be registered again, with another definition, once removed', () => {
    const changed = register({
      id: document360,
      name: 'Document360User',
      attributes: [{ name: 'seat', type: 'integer' }],
    });
    given([registered, teamAccountRegistered, removed])
      .when(changed)
      .then([
        {
          type: 'TenantSchemaExtensionRegistered',
          data: {
            ...teamAccountRegistered.data,
            schema: {
              ...normalised,
              attributes: [{ ...normalised.attributes[0]!, name: 'seat', type: 'integer' }],
            },
          } as never,
        },
      ]);
  });

  it('refuses a schema the tenant does not have', () => {
    given([registered, teamAccountRegistered, removed])
      .when(remove(document360))
      .thenFails('schema_extension_not_found', /no schema extension urn:/);
  });
});
