import { describe, expect, it } from '@jest/globals';
import { ScimError } from '../errors/scim-error.js';
import { document360UserSchema } from '../schema/document360-user.schema.js';
import { SchemaRegistry } from '../schema/schema-registry.js';
import { resourceType, resourceTypes } from './resource-types.js';

const baseUrl = 'https://scim.example.com/scim/v2/acme';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const DOCUMENT360 = 'urn:ietf:params:scim:schemas:extension:document360:2.0:User';

describe('resourceTypes', () => {
  it('lists User and Group with their endpoints, core schema, extensions and location', () => {
    expect(resourceTypes(new SchemaRegistry(), baseUrl)).toEqual([
      {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
        id: 'User',
        name: 'User',
        description: 'User Account',
        endpoint: '/Users',
        schema: 'urn:ietf:params:scim:schemas:core:2.0:User',
        schemaExtensions: [{ schema: ENTERPRISE, required: false }],
        meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
      },
      {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
        id: 'Group',
        name: 'Group',
        description: 'Group',
        endpoint: '/Groups',
        schema: 'urn:ietf:params:scim:schemas:core:2.0:Group',
        schemaExtensions: [],
        meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
      },
    ]);
  });

  it("adds a tenant's custom extension to the resource type it extends, with its required flag", () => {
    const registry = new SchemaRegistry({
      extensions: [{ resourceType: 'User', schema: document360UserSchema, required: true }],
    });
    const [user, group] = resourceTypes(registry, baseUrl);
    expect(user?.schemaExtensions).toEqual([
      { schema: ENTERPRISE, required: false },
      { schema: DOCUMENT360, required: true },
    ]);
    expect(group?.schemaExtensions).toEqual([]);
  });
});

describe('resourceType', () => {
  const registry = new SchemaRegistry();

  it('finds one resource type by id, in any case', () => {
    expect(resourceType(registry, baseUrl, 'Group').endpoint).toBe('/Groups');
    expect(resourceType(registry, baseUrl, 'user').id).toBe('User');
  });

  it('answers an unknown id with a SCIM 404 that names the known ones', () => {
    const lookup = () => resourceType(registry, baseUrl, 'Device');
    expect(lookup).toThrow(ScimError);
    expect(lookup).toThrow(expect.objectContaining({ status: 404 }));
    expect(lookup).toThrow(/"Device".*User and Group/);
  });
});
