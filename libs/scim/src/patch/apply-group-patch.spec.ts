import { describe, expect, it } from '@jest/globals';
import { ScimError } from '../errors/scim-error.js';
import type { JsonObject } from '../json/json.js';
import { SchemaRegistry } from '../schema/schema-registry.js';
import { applyGroupPatch, applyPatch } from './apply-patch.js';

const registry = new SchemaRegistry();
const PATCH_OP = ['urn:ietf:params:scim:api:messages:2.0:PatchOp'];

function group(): JsonObject {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    id: 'g1',
    displayName: 'Sales',
    meta: { resourceType: 'Group' },
  };
}

function patch(operations: unknown[]) {
  return applyGroupPatch(group(), { schemas: PATCH_OP, Operations: operations }, { registry });
}

describe('applyGroupPatch', () => {
  it('renames with Entra E13 and Okta O12, which repeats the group id', () => {
    expect(
      patch([{ op: 'Replace', path: 'displayName', value: 'New' }]).resource['displayName'],
    ).toBe('New');
    const okta = patch([{ op: 'replace', value: { id: 'g1', displayName: 'New name' } }]);
    expect(okta.resource).toEqual({ ...group(), displayName: 'New name' });
    expect(okta.memberChanges).toEqual({ add: [], remove: [] });
  });

  it('refuses a rename that changes the id', () => {
    expect(() => patch([{ op: 'replace', value: { id: 'g2', displayName: 'x' } }])).toThrow(
      expect.objectContaining({ scimType: 'mutability' }),
    );
  });

  it('collects Entra E14 adds and E15 removals without loading members, ignoring "$ref": null', () => {
    expect(
      patch([
        {
          op: 'Add',
          path: 'members',
          value: [
            { $ref: null, value: 'u1' },
            { value: 'u2', type: 'user' },
          ],
        },
      ]).memberChanges,
    ).toEqual({
      add: [{ value: 'u1' }, { value: 'u2', type: 'User' }],
      remove: [],
    });
    expect(
      patch([{ op: 'Remove', path: 'members', value: [{ $ref: null, value: 'u1' }] }])
        .memberChanges,
    ).toEqual({ add: [], remove: ['u1'] });
  });

  it('collects Okta O13: remove by filter then add with display', () => {
    const result = patch([
      { op: 'remove', path: 'members[value eq "userA"]' },
      { op: 'add', path: 'members', value: [{ value: 'userB', display: 'b@okta.local' }] },
    ]);
    expect(result.memberChanges).toEqual({
      add: [{ value: 'userB', display: 'b@okta.local' }],
      remove: ['userA'],
    });
    expect(result.resource).toEqual(group());
  });

  it('reduces an add followed by a remove of the same id to a removal, and the reverse to an add', () => {
    expect(
      patch([
        { op: 'add', path: 'members', value: [{ value: 'u1' }] },
        { op: 'remove', path: 'members[value eq "u1"]' },
      ]).memberChanges,
    ).toEqual({ add: [], remove: ['u1'] });
    expect(
      patch([
        { op: 'remove', path: 'members[value eq "u1" or value eq "u2"]' },
        { op: 'add', path: 'members', value: [{ value: 'u1' }] },
      ]).memberChanges,
    ).toEqual({ add: [{ value: 'u1' }], remove: ['u2'] });
  });

  it('turns replace of members into replaceAll and remove of all members into an empty replaceAll', () => {
    expect(
      patch([{ op: 'replace', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] }])
        .memberChanges,
    ).toEqual({
      add: [],
      remove: [],
      replaceAll: [{ value: 'u1' }, { value: 'u2' }],
    });
    expect(
      patch([
        { op: 'remove', path: 'members' },
        { op: 'add', path: 'members', value: [{ value: 'u3' }] },
      ]).memberChanges,
    ).toEqual({ add: [], remove: [], replaceAll: [{ value: 'u3' }] });
  });

  it('handles pathless add and replace of members', () => {
    expect(patch([{ op: 'add', value: { members: [{ value: 'u1' }] } }]).memberChanges.add).toEqual(
      [{ value: 'u1' }],
    );
    expect(
      patch([{ op: 'replace', value: { displayName: 'X', members: [] } }]).memberChanges,
    ).toEqual({ add: [], remove: [], replaceAll: [] });
  });

  it('refuses member filters it cannot answer without the member list, and members without a value', () => {
    const error = (operations: unknown[]): ScimError => {
      try {
        patch(operations);
      } catch (caught) {
        if (caught instanceof ScimError) return caught;
      }
      throw new Error('the patch applied');
    };
    expect(error([{ op: 'remove', path: 'members[display co "a"]' }]).scimType).toBe(
      'invalidFilter',
    );
    expect(error([{ op: 'add', path: 'members', value: [{ display: 'x' }] }]).scimType).toBe(
      'invalidValue',
    );
    expect(
      error([{ op: 'add', path: 'members[value eq "x"]', value: { value: 'x' } }]).scimType,
    ).toBe('invalidPath');
    expect(error([{ op: 'remove', path: 'displayName' }]).scimType).toBe('invalidValue');
  });

  it('never returns members, even when the caller passed them', () => {
    const result = applyGroupPatch(
      { ...group(), members: [{ value: 'u9' }] },
      { schemas: PATCH_OP, Operations: [{ op: 'replace', path: 'displayName', value: 'Y' }] },
      { registry },
    );
    expect(result.resource['members']).toBeUndefined();
  });
});

describe('applyPatch on a group document', () => {
  it('patches members inline when the caller holds the whole document', () => {
    const result = applyPatch(
      { ...group(), members: [{ value: 'u1' }, { value: 'u2' }] },
      {
        schemas: PATCH_OP,
        Operations: [
          { op: 'remove', path: 'members[value eq "u1"]' },
          { op: 'add', path: 'members', value: [{ value: 'u3' }] },
        ],
      },
      { registry, resourceType: 'Group' },
    );
    expect(result['members']).toEqual([{ value: 'u2' }, { value: 'u3' }]);
  });
});
