import { describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../json/json.js';
import { SchemaRegistry } from '../schema/schema-registry.js';
import { parseListParams } from './list-params.js';
import { projectAttributes } from './project-attributes.js';

const registry = new SchemaRegistry();
const users = registry.forResource('User');
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const user: JsonObject = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  id: 'u1',
  userName: 'a@x',
  password: 'secret',
  name: { givenName: 'A', familyName: 'B' },
  emails: [{ value: 'a@x', type: 'work', primary: true }],
  meta: { resourceType: 'User' },
  [ENTERPRISE]: { department: 'Sales', employeeNumber: '7' },
};

function project(query: Record<string, string>, resource = user, resolver = users): JsonObject {
  return projectAttributes(resource, parseListParams(query, resolver), resolver);
}

describe('projectAttributes', () => {
  it('never returns password, even by default', () => {
    const { password, ...rest } = user;
    expect(password).toBe('secret');
    expect(project({})).toEqual(rest);
  });

  it('keeps only the asked attributes plus id and schemas', () => {
    expect(project({ attributes: 'userName,name.givenName,emails.value' })).toEqual({
      schemas: user['schemas'],
      id: 'u1',
      userName: 'a@x',
      name: { givenName: 'A' },
      emails: [{ value: 'a@x' }],
    });
    expect(project({ attributes: `${ENTERPRISE}:department` })).toEqual({
      schemas: user['schemas'],
      id: 'u1',
      [ENTERPRISE]: { department: 'Sales' },
    });
  });

  it('drops excluded attributes and sub-attributes but never id', () => {
    const projected = project({ excludedAttributes: 'emails.type,id,meta,name' });
    expect(projected['id']).toBe('u1');
    expect(projected['emails']).toEqual([{ value: 'a@x', primary: true }]);
    expect(projected['meta']).toBeUndefined();
    expect(projected['name']).toBeUndefined();
    expect(
      project({ excludedAttributes: `${ENTERPRISE}:department,${ENTERPRISE}:employeeNumber` })[
        ENTERPRISE
      ],
    ).toBeUndefined();
  });

  it('drops members from a group for excludedAttributes=members (Entra E10, E12)', () => {
    const groups = registry.forResource('Group');
    const group = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: 'g1',
      displayName: 'Sales',
      members: [{ value: 'u1' }],
    };
    expect(project({ excludedAttributes: 'members' }, group, groups)).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: 'g1',
      displayName: 'Sales',
    });
  });
});
