import { describe, expect, it } from '@jest/globals';
import { document360UserSchema } from '../schema/document360-user.schema.js';
import { SchemaRegistry } from '../schema/schema-registry.js';
import { type AttributeResource, schemaResource, schemaResources } from './schema-resources.js';

const baseUrl = 'https://scim.example.com/scim/v2/acme';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const DOCUMENT360 = 'urn:ietf:params:scim:schemas:extension:document360:2.0:User';

const registry = new SchemaRegistry();
const user = schemaResource(registry, baseUrl, USER);
const group = schemaResource(registry, baseUrl, GROUP);
const enterprise = schemaResource(registry, baseUrl, ENTERPRISE);

function attributeAt(attributes: readonly AttributeResource[], path: string): AttributeResource {
  const [name, sub] = path.split('.');
  const top = attributes.find((a) => a.name === name);
  const found = sub === undefined ? top : top?.subAttributes?.find((a) => a.name === sub);
  if (found === undefined) throw new Error(`No attribute ${path}`);
  return found;
}

function everyAttribute(attributes: readonly AttributeResource[]): AttributeResource[] {
  return attributes.flatMap((a) => [a, ...everyAttribute(a.subAttributes ?? [])]);
}

describe('schemaResources', () => {
  it('lists the core User, Enterprise User and Group schemas with their location', () => {
    const schemas = schemaResources(registry, baseUrl);
    expect(schemas.map((s) => [s.id, s.name])).toEqual([
      [USER, 'User'],
      [ENTERPRISE, 'EnterpriseUser'],
      [GROUP, 'Group'],
    ]);
    expect(schemas[0]).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      description: 'User Account',
      meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${USER}` },
    });
  });

  it("includes a tenant's custom extension", () => {
    const withExtension = new SchemaRegistry({
      extensions: [{ resourceType: 'User', schema: document360UserSchema }],
    });
    const custom = schemaResource(withExtension, baseUrl, DOCUMENT360);
    expect(schemaResources(withExtension, baseUrl).map((s) => s.id)).toContain(DOCUMENT360);
    expect(custom.attributes).toEqual([
      expect.objectContaining({ name: 'isTeamAccount', type: 'boolean', mutability: 'readWrite' }),
    ]);
  });

  it('spells out every characteristic of every attribute and sub-attribute, and no nulls', () => {
    const all = schemaResources(registry, baseUrl).flatMap((s) => everyAttribute(s.attributes));
    expect(all.length).toBeGreaterThan(80);
    for (const attribute of all) {
      expect(attribute).toEqual(
        expect.objectContaining({
          name: expect.any(String),
          type: expect.any(String),
          multiValued: expect.any(Boolean),
          required: expect.any(Boolean),
          caseExact: expect.any(Boolean),
          mutability: expect.any(String),
          returned: expect.any(String),
          uniqueness: expect.any(String),
        }),
      );
      expect('subAttributes' in attribute).toBe(attribute.type === 'complex');
    }
    expect(JSON.stringify(schemaResources(registry, baseUrl))).not.toMatch(/null/);
  });

  it('leaves the common attributes id, externalId and meta out, as RFC 7643 §8.7.1 does', () => {
    for (const schema of [user, group]) {
      const names = schema.attributes.map((a) => a.name);
      expect(names).not.toContain('id');
      expect(names).not.toContain('externalId');
      expect(names).not.toContain('meta');
    }
  });
});

describe('the published User schema (RFC 7643 §4.1)', () => {
  it('has userName required, unique on the server and not case-exact', () => {
    expect(attributeAt(user.attributes, 'userName')).toMatchObject({
      type: 'string',
      required: true,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'server',
    });
  });

  it('never returns password and only accepts it', () => {
    expect(attributeAt(user.attributes, 'password')).toMatchObject({
      mutability: 'writeOnly',
      returned: 'never',
    });
  });

  it('has groups and every sub-attribute of it readOnly', () => {
    const groups = attributeAt(user.attributes, 'groups');
    expect(groups).toMatchObject({ multiValued: true, mutability: 'readOnly' });
    expect(groups.subAttributes?.map((a) => a.mutability)).toEqual([
      'readOnly',
      'readOnly',
      'readOnly',
      'readOnly',
    ]);
    expect(attributeAt(user.attributes, 'groups.type').canonicalValues).toEqual([
      'direct',
      'indirect',
    ]);
  });

  it('publishes the canonical types of emails, phone numbers, addresses and photos', () => {
    expect(attributeAt(user.attributes, 'emails.type').canonicalValues).toEqual([
      'work',
      'home',
      'other',
    ]);
    expect(attributeAt(user.attributes, 'phoneNumbers.type').canonicalValues).toContain('mobile');
    expect(attributeAt(user.attributes, 'addresses.type').canonicalValues).toContain('work');
    expect(attributeAt(user.attributes, 'photos.type').canonicalValues).toEqual([
      'photo',
      'thumbnail',
    ]);
    // No canonical values the RFC does not give: clients may send any role type.
    expect(attributeAt(user.attributes, 'roles.type')).not.toHaveProperty('canonicalValues');
  });

  it('types references and binaries', () => {
    expect(attributeAt(user.attributes, 'profileUrl')).toMatchObject({
      type: 'reference',
      referenceTypes: ['external'],
    });
    expect(attributeAt(user.attributes, 'photos.value').type).toBe('reference');
    expect(attributeAt(user.attributes, 'x509Certificates.value').type).toBe('binary');
    expect(attributeAt(user.attributes, 'active').type).toBe('boolean');
  });
});

describe('the published Enterprise User and Group schemas (RFC 7643 §4.2, §4.3)', () => {
  it('has manager with value, a User $ref and a readOnly displayName', () => {
    expect(attributeAt(enterprise.attributes, 'manager.$ref')).toMatchObject({
      type: 'reference',
      referenceTypes: ['User'],
    });
    expect(attributeAt(enterprise.attributes, 'manager.displayName').mutability).toBe('readOnly');
  });

  it('requires displayName, since a group without one is refused', () => {
    expect(attributeAt(group.attributes, 'displayName')).toMatchObject({ required: true });
  });

  it('has members with value, $ref, type and a server-kept display', () => {
    const members = attributeAt(group.attributes, 'members');
    expect(members).toMatchObject({ multiValued: true, mutability: 'readWrite' });
    expect(members.subAttributes?.map((a) => [a.name, a.mutability])).toEqual([
      ['value', 'immutable'],
      ['$ref', 'immutable'],
      ['type', 'immutable'],
      ['display', 'readOnly'],
    ]);
    expect(attributeAt(group.attributes, 'members.$ref').referenceTypes).toEqual(['User', 'Group']);
    expect(attributeAt(group.attributes, 'members.type').canonicalValues).toEqual([
      'User',
      'Group',
    ]);
  });
});

describe('schemaResource', () => {
  it('finds a schema by URN in any case', () => {
    expect(schemaResource(registry, baseUrl, ENTERPRISE.toUpperCase()).id).toBe(ENTERPRISE);
  });

  it('answers an unknown URN, or a schema the tenant has not registered, with a SCIM 404', () => {
    for (const id of ['urn:example:nothing', DOCUMENT360]) {
      expect(() => schemaResource(registry, baseUrl, id)).toThrow(
        expect.objectContaining({ status: 404, detail: expect.stringContaining(id) }),
      );
    }
  });
});
