import { describe, expect, it } from '@jest/globals';
import { DOCUMENT360_USER_SCHEMA, document360UserSchema } from './document360-user.schema.js';
import { ENTERPRISE_USER_SCHEMA } from './enterprise-user.schema.js';
import { SchemaRegistry } from './schema-registry.js';

const registry = new SchemaRegistry({
  extensions: [{ resourceType: 'User', schema: document360UserSchema }],
});

describe('SchemaRegistry.resolve', () => {
  it('resolves core attributes case-insensitively to their canonical names', () => {
    expect(registry.resolve('User', 'USERNAME')).toMatchObject({
      attribute: 'userName',
      definition: { type: 'string', caseExact: false },
    });
    expect(registry.resolve('User', 'userName')?.schema).toBeUndefined();
    expect(registry.resolve('User', 'name.FAMILYNAME')).toMatchObject({
      attribute: 'name',
      subAttribute: 'familyName',
    });
    expect(registry.resolve('User', 'emails.value')).toMatchObject({
      attribute: 'emails',
      subAttribute: 'value',
      attributeDefinition: { multiValued: true },
    });
  });

  it('knows the common attributes id, externalId and meta on both resource types', () => {
    expect(registry.resolve('User', 'id')?.definition).toMatchObject({
      mutability: 'readOnly',
      returned: 'always',
      caseExact: true,
    });
    expect(registry.resolve('Group', 'externalId')?.definition).toMatchObject({
      caseExact: true,
      mutability: 'readWrite',
    });
    expect(registry.resolve('Group', 'meta.lastModified')?.definition).toMatchObject({
      type: 'dateTime',
      mutability: 'readOnly',
    });
  });

  it('splits a URN prefix into the schema of an extension attribute', () => {
    expect(registry.resolve('User', `${ENTERPRISE_USER_SCHEMA}:employeeNumber`)).toMatchObject({
      schema: ENTERPRISE_USER_SCHEMA,
      attribute: 'employeeNumber',
    });
    expect(
      registry.resolve(
        'User',
        'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:manager.VALUE',
      ),
    ).toMatchObject({
      schema: ENTERPRISE_USER_SCHEMA,
      attribute: 'manager',
      subAttribute: 'value',
    });
    expect(registry.resolve('User', `${DOCUMENT360_USER_SCHEMA}:isteamaccount`)).toMatchObject({
      schema: DOCUMENT360_USER_SCHEMA,
      attribute: 'isTeamAccount',
      definition: { type: 'boolean' },
    });
  });

  it('drops the core URN, so both spellings of a core attribute are equal', () => {
    const qualified = registry.resolve(
      'User',
      'urn:ietf:params:scim:schemas:core:2.0:User:userName',
    );
    expect(qualified?.schema).toBeUndefined();
    expect(qualified?.attribute).toBe('userName');
  });

  it('resolves an unqualified extension attribute when only one schema has it (Entra `manager eq`)', () => {
    expect(registry.resolve('User', 'manager')).toMatchObject({
      schema: ENTERPRISE_USER_SCHEMA,
      attribute: 'manager',
    });
  });

  it('answers undefined for unknown attributes, sub-attributes, schemas and deeper paths', () => {
    expect(registry.resolve('User', 'shoeSize')).toBeUndefined();
    expect(registry.resolve('User', 'name.nickname')).toBeUndefined();
    expect(registry.resolve('User', 'urn:example:unknown:attr')).toBeUndefined();
    expect(registry.resolve('User', 'name.givenName.x')).toBeUndefined();
    expect(registry.resolve('User', 'userName.value')).toBeUndefined();
    expect(registry.resolve('Group', 'userName')).toBeUndefined();
    expect(registry.resolve('Group', `${ENTERPRISE_USER_SCHEMA}:department`)).toBeUndefined();
  });

  it('publishes RFC 7643 characteristics', () => {
    expect(registry.resolve('User', 'password')?.definition).toMatchObject({
      mutability: 'writeOnly',
      returned: 'never',
    });
    expect(registry.resolve('User', 'groups')?.definition).toMatchObject({
      mutability: 'readOnly',
      multiValued: true,
    });
    expect(registry.resolve('User', 'userName')?.definition).toMatchObject({
      required: true,
      uniqueness: 'server',
    });
    expect(registry.resolve('User', 'emails.type')?.definition.canonicalValues).toEqual([
      'work',
      'home',
      'other',
    ]);
    expect(registry.resolve('Group', 'members.value')?.definition.mutability).toBe('immutable');
  });

  it('lists every schema once and refuses a duplicate extension', () => {
    expect(registry.schemas().map((schema) => schema.id)).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:User',
      ENTERPRISE_USER_SCHEMA,
      DOCUMENT360_USER_SCHEMA,
      'urn:ietf:params:scim:schemas:core:2.0:Group',
    ]);
    expect(
      () =>
        new SchemaRegistry({
          extensions: [
            {
              resourceType: 'User',
              schema: { ...document360UserSchema, id: ENTERPRISE_USER_SCHEMA },
            },
          ],
        }),
    ).toThrow(/already registered/);
  });

  it('lists the resource types it serves, User first', () => {
    expect(registry.resourceTypes()).toEqual(['User', 'Group']);
  });

  it('binds a resolver to one resource type', () => {
    const groups = registry.forResource('Group');
    expect(groups.resolve('DISPLAYNAME')?.attribute).toBe('displayName');
    const members = groups.resolve('members');
    expect(members && groups.resolveSubAttribute(members, 'VALUE')?.subAttribute).toBe('value');
    expect(groups.findSchema('urn:ietf:params:scim:schemas:core:2.0:group')?.name).toBe('Group');
  });
});
