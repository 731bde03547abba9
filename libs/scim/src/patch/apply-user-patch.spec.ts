import { describe, expect, it } from '@jest/globals';
import { ScimError } from '../errors/scim-error.js';
import type { JsonObject } from '../json/json.js';
import { document360UserSchema } from '../schema/document360-user.schema.js';
import { SchemaRegistry } from '../schema/schema-registry.js';
import { applyUserPatch } from './apply-patch.js';

const registry = new SchemaRegistry({
  extensions: [{ resourceType: 'User', schema: document360UserSchema }],
});
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const D360 = 'urn:ietf:params:scim:schemas:extension:document360:2.0:User';
const PATCH_OP = ['urn:ietf:params:scim:api:messages:2.0:PatchOp'];

function user(): JsonObject {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: 'u1',
    externalId: 'jdoe',
    userName: 'jdoe@contoso.com',
    active: true,
    name: { formatted: 'John Doe', familyName: 'Doe', givenName: 'John' },
    emails: [{ primary: true, type: 'work', value: 'jdoe@contoso.com' }],
    meta: { resourceType: 'User', created: '2024-01-01T00:00:00Z' },
  };
}

function patch(operations: unknown[], resource = user()): JsonObject {
  return applyUserPatch(resource, { schemas: PATCH_OP, Operations: operations }, { registry });
}

function failure(operations: unknown[], resource = user()): ScimError {
  try {
    patch(operations, resource);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('the patch applied');
}

describe('applyUserPatch with Entra request bodies', () => {
  it('applies E6, the default update body with capitalised ops', () => {
    const result = patch([
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@contoso.com' },
      { op: 'Replace', path: 'name.familyName', value: 'NewFamily' },
      { op: 'Replace', path: 'userName', value: 'new@contoso.com' },
      { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: '42' },
      { op: 'Add', path: 'nickName', value: 'Babs' },
    ]);
    expect(result).toMatchObject({
      userName: 'new@contoso.com',
      nickName: 'Babs',
      name: { formatted: 'John Doe', familyName: 'NewFamily', givenName: 'John' },
      emails: [{ primary: true, type: 'work', value: 'new@contoso.com' }],
      [ENTERPRISE]: { employeeNumber: '42' },
    });
    expect(result['schemas']).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE]);
  });

  it('creates the element when Add or Replace targets a filtered value that does not exist yet', () => {
    const result = patch([
      { op: 'Add', path: 'emails[type eq "home"].value', value: 'home@x.org' },
      { op: 'replace', path: 'emails[type eq "other"].display', value: 'Other' },
      { op: 'add', path: 'addresses[type eq "work"].formatted', value: '1 Main St' },
    ]);
    expect(result['emails']).toEqual([
      { primary: true, type: 'work', value: 'jdoe@contoso.com' },
      { type: 'home', value: 'home@x.org' },
      { type: 'other', display: 'Other' },
    ]);
    expect(result['addresses']).toEqual([{ type: 'work', formatted: '1 Main St' }]);
  });

  it('disables with the string "False" (E7) and reactivates with "True" (E8)', () => {
    const disabled = patch([{ op: 'Replace', path: 'active', value: 'False' }]);
    expect(disabled['active']).toBe(false);
    expect(patch([{ op: 'Replace', path: 'active', value: 'True' }], disabled)['active']).toBe(
      true,
    );
    expect(patch([{ op: 'replace', path: 'active', value: false }])['active']).toBe(false);
  });

  it('sets the manager from the one-element array Entra sends, then clears it', () => {
    const withManager = patch([
      { op: 'Add', path: 'manager', value: [{ $ref: 'https://x/Users/m1', value: 'm1' }] },
    ]);
    expect(withManager[ENTERPRISE]).toEqual({
      manager: { $ref: 'https://x/Users/m1', value: 'm1' },
    });
    const changed = patch(
      [{ op: 'Replace', path: `${ENTERPRISE}:manager`, value: { value: 'm2' } }],
      withManager,
    );
    expect(changed[ENTERPRISE]).toEqual({ manager: { $ref: 'https://x/Users/m1', value: 'm2' } });
    const cleared = patch([{ op: 'Replace', path: `${ENTERPRISE}:manager`, value: '' }], changed);
    expect(cleared[ENTERPRISE]).toBeUndefined();
    expect(cleared['schemas']).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User']);
  });

  it('applies the aadOptscim062020 pathless replace with dotted and URN-qualified keys', () => {
    const result = patch([
      {
        op: 'replace',
        value: {
          displayName: 'John D',
          'name.givenName': 'Johnny',
          'name.familyName': 'Doe-Smith',
          [`${ENTERPRISE}:employeeNumber`]: '7',
          [`${ENTERPRISE}:department`]: 'Sales',
        },
      },
    ]);
    expect(result).toMatchObject({
      displayName: 'John D',
      name: { givenName: 'Johnny', familyName: 'Doe-Smith' },
      [ENTERPRISE]: { employeeNumber: '7', department: 'Sales' },
    });
  });

  it('adds roles whose value is JSON-encoded (E6) as the role the JSON carries', () => {
    const role = JSON.stringify({ id: 'r1', value: 'Admin', displayName: 'Administrator' });
    const result = patch([{ op: 'Add', path: 'roles', value: [{ value: role }] }]);
    expect(result['roles']).toEqual([{ value: 'Admin', display: 'Administrator' }]);
    // Entra re-sends the same role every cycle: one role, not two.
    expect(
      patch([{ op: 'Add', path: 'roles', value: [{ value: role }] }], result)['roles'],
    ).toEqual([{ value: 'Admin', display: 'Administrator' }]);
    // And removes it in the same form.
    expect(
      patch([{ op: 'Remove', path: 'roles', value: [{ value: role }] }], result)['roles'],
    ).toBeUndefined();
  });

  it('keeps primary and type of a JSON-encoded role, and lets sub-attributes beside it win', () => {
    const role = JSON.stringify({ id: 'r1', value: 'Writer', primary: 'True', type: 'app' });
    const result = patch([
      {
        op: 'replace',
        path: 'roles',
        value: [{ value: role, type: 'WindowsAzureActiveDirectoryRole' }],
      },
    ]);
    expect(result['roles']).toEqual([
      { value: 'Writer', primary: true, type: 'WindowsAzureActiveDirectoryRole' },
    ]);
  });

  it('stores a role value that starts with "{" but is no JSON role as the plain text it is', () => {
    for (const value of ['{not json', '{"id":"r1"}', '["Admin"]', '{"value":7}']) {
      expect(patch([{ op: 'Add', path: 'roles', value: [{ value }] }])['roles']).toEqual([
        { value },
      ]);
    }
  });

  it('unpacks a JSON-encoded role sent through a value filter', () => {
    const withRole = patch([
      { op: 'Add', path: 'roles', value: [{ value: 'Reader', primary: true }] },
    ]);
    const role = JSON.stringify({ id: 'r2', value: 'Admin', displayName: 'Admin' });
    expect(
      patch(
        [{ op: 'Replace', path: 'roles[primary eq "True"]', value: { value: role } }],
        withRole,
      )['roles'],
    ).toEqual([{ value: 'Admin', display: 'Admin' }]);
  });

  it('clears values sent as null or empty strings', () => {
    const result = patch([
      { op: 'Replace', path: 'name.givenName', value: null },
      { op: 'Replace', path: 'externalId', value: '' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: '' },
    ]);
    expect(result['name']).toEqual({ formatted: 'John Doe', familyName: 'Doe' });
    expect(result['externalId']).toBeUndefined();
    expect(result['emails']).toBeUndefined();
  });

  it('accepts a custom extension attribute not listed in schemas and coerces its string boolean', () => {
    const result = patch([{ op: 'add', value: { [D360]: { isTeamAccount: 'True' } } }]);
    expect(result[D360]).toEqual({ isTeamAccount: true });
    expect(result['schemas']).toContain(D360);
  });
});

describe('applyUserPatch with Okta request bodies', () => {
  it('deactivates and reactivates with a pathless replace (O6, O7)', () => {
    const inactive = patch([{ op: 'replace', value: { active: false } }]);
    expect(inactive['active']).toBe(false);
    expect(patch([{ op: 'replace', value: { active: true } }], inactive)['active']).toBe(true);
  });
});

describe('applyUserPatch semantics (RFC 7644 §3.5.2)', () => {
  it('appends to multi-valued attributes on add, without duplicates, keeping one primary', () => {
    const result = patch([
      { op: 'add', path: 'emails', value: [{ value: 'b@x.org', type: 'home', primary: true }] },
      { op: 'add', path: 'emails', value: [{ value: 'B@X.ORG', type: 'home' }] },
    ]);
    expect(result['emails']).toEqual([
      { primary: false, type: 'work', value: 'jdoe@contoso.com' },
      { value: 'B@X.ORG', type: 'home', primary: true },
    ]);
  });

  it('replaces a whole multi-valued attribute and the matching values of a filter', () => {
    expect(
      patch([{ op: 'replace', path: 'emails', value: [{ value: 'only@x.org' }] }])['emails'],
    ).toEqual([{ value: 'only@x.org' }]);
    expect(
      patch([
        {
          op: 'replace',
          path: 'emails[type eq "work"]',
          value: { value: 'w@x.org', type: 'work' },
        },
      ])['emails'],
    ).toEqual([{ value: 'w@x.org', type: 'work' }]);
  });

  it('removes attributes, sub-attributes and filtered values; a filter matching nothing changes nothing', () => {
    const result = patch([
      { op: 'remove', path: 'name.formatted' },
      { op: 'remove', path: 'externalId' },
      { op: 'remove', path: 'emails[type eq "home"]' },
    ]);
    expect(result['name']).toEqual({ familyName: 'Doe', givenName: 'John' });
    expect(result['externalId']).toBeUndefined();
    expect(result['emails']).toHaveLength(1);
    expect(patch([{ op: 'remove', path: 'emails[value co "contoso"]' }])['emails']).toBeUndefined();
    expect(
      patch([{ op: 'remove', path: 'emails', value: [{ value: 'JDOE@contoso.com' }] }])['emails'],
    ).toBeUndefined();
  });

  it('treats replace of an absent attribute as add', () => {
    expect(patch([{ op: 'replace', path: 'title', value: 'CEO' }])['title']).toBe('CEO');
  });

  it('does not touch the input resource and applies all or nothing', () => {
    const input = user();
    expect(() =>
      patch(
        [
          { op: 'replace', path: 'title', value: 'CEO' },
          { op: 'replace', path: 'id', value: 'other' },
        ],
        input,
      ),
    ).toThrow(ScimError);
    expect(input).toEqual(user());
  });
});

describe('applyUserPatch on whole schemas', () => {
  it('adds attributes given under a bare extension URN path and removes the whole extension', () => {
    const added = patch([
      { op: 'add', path: ENTERPRISE, value: { department: 'Sales', costCenter: 'C1' } },
    ]);
    expect(added[ENTERPRISE]).toEqual({ department: 'Sales', costCenter: 'C1' });
    const removed = patch([{ op: 'remove', path: ENTERPRISE }], added);
    expect(removed[ENTERPRISE]).toBeUndefined();
    expect(removed['schemas']).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User']);
  });

  it('refuses removing the core schema and unknown attributes under a URN', () => {
    expect(
      failure([{ op: 'remove', path: 'urn:ietf:params:scim:schemas:core:2.0:User' }]).scimType,
    ).toBe('invalidPath');
    expect(failure([{ op: 'add', path: ENTERPRISE, value: { shoeSize: '42' } }]).scimType).toBe(
      'invalidPath',
    );
  });
});

describe('applyUserPatch errors', () => {
  it('answers noTarget for remove without a path', () => {
    const error = failure([{ op: 'Remove' }]);
    expect([error.status, error.scimType]).toEqual([400, 'noTarget']);
  });

  it('answers noTarget for replace on a filter that matches nothing and cannot be turned into a value', () => {
    expect(
      failure([{ op: 'replace', path: 'emails[value co "nomatch"].type', value: 'home' }]).scimType,
    ).toBe('noTarget');
  });

  it('answers invalidPath for unknown attributes and malformed paths', () => {
    expect(failure([{ op: 'replace', path: 'shoeSize', value: '42' }])).toMatchObject({
      scimType: 'invalidPath',
      detail: expect.stringContaining('"shoeSize"'),
    });
    expect(failure([{ op: 'replace', value: { shoeSize: '42' } }]).scimType).toBe('invalidPath');
    expect(failure([{ op: 'replace', path: 'emails[type eq "work"', value: 'x' }]).scimType).toBe(
      'invalidPath',
    );
    expect(failure([{ op: 'replace', path: 'userName[value eq "x"]', value: 'x' }]).scimType).toBe(
      'invalidPath',
    );
  });

  it('answers mutability for changes to readOnly attributes', () => {
    expect(failure([{ op: 'replace', path: 'id', value: 'u2' }]).scimType).toBe('mutability');
    expect(
      failure([{ op: 'replace', path: 'meta.created', value: '2020-01-01T00:00:00Z' }]).scimType,
    ).toBe('mutability');
    expect(failure([{ op: 'add', path: 'groups', value: [{ value: 'g1' }] }]).scimType).toBe(
      'mutability',
    );
    expect(failure([{ op: 'remove', path: 'id' }]).scimType).toBe('mutability');
    expect(patch([{ op: 'replace', value: { id: 'u1', title: 'x' } }])['title']).toBe('x');
  });

  it('answers invalidValue for values of the wrong type and removal of userName', () => {
    expect(failure([{ op: 'replace', path: 'active', value: 'maybe' }]).scimType).toBe(
      'invalidValue',
    );
    expect(failure([{ op: 'replace', path: 'userName', value: 42 }]).scimType).toBe('invalidValue');
    expect(failure([{ op: 'replace', path: 'name', value: 'John' }]).scimType).toBe('invalidValue');
    expect(failure([{ op: 'add', path: 'emails', value: [{ address: 'x' }] }]).scimType).toBe(
      'invalidValue',
    );
    expect(failure([{ op: 'remove', path: 'userName' }])).toMatchObject({
      scimType: 'invalidValue',
      detail: expect.stringContaining('required'),
    });
  });

  it('answers invalidSyntax for a message that is not a PatchOp', () => {
    expect(() => applyUserPatch(user(), { Operations: [] }, { registry })).toThrow(
      expect.objectContaining({ scimType: 'invalidSyntax' }),
    );
    expect(() =>
      applyUserPatch(user(), { schemas: PATCH_OP, Operations: [] }, { registry }),
    ).toThrow(expect.objectContaining({ scimType: 'invalidSyntax' }));
    expect(failure([{ op: 'move', path: 'title' }]).scimType).toBe('invalidSyntax');
  });
});
