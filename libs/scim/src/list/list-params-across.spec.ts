import { describe, expect, it } from '@jest/globals';
import { SchemaRegistry } from '../schema/schema-registry.js';
import { parseListParamsAcross } from './list-params.js';

const registry = new SchemaRegistry();
const both = [registry.forResource('User'), registry.forResource('Group')] as const;

describe('parseListParamsAcross (the root /.search)', () => {
  it('reads an attribute one type lacks as absent there (RFC 7644 §3.4.2.2)', () => {
    const [user, group] = parseListParamsAcross(
      { filter: 'userName eq "a" or displayName eq "Sales"' },
      both,
    );
    expect(user.filter).toMatchObject({
      kind: 'or',
      left: { kind: 'compare', path: { attribute: 'userName' } },
      right: { kind: 'compare', path: { attribute: 'displayName' } },
    });
    // For groups the userName comparison can never hold.
    expect(group.filter).toEqual({
      kind: 'or',
      left: { kind: 'not', filter: { kind: 'present', path: { attribute: 'id' } } },
      right: { kind: 'compare', path: { attribute: 'displayName' }, op: 'eq', value: 'Sales' },
    });
  });

  it('still names an attribute that no resource type has', () => {
    expect(() =>
      parseListParamsAcross({ filter: 'userName eq "a" and shoeSize gt 3' }, both),
    ).toThrow(
      expect.objectContaining({
        scimType: 'invalidFilter',
        detail: 'Unknown attribute "shoeSize" at character 21 of the filter',
      }),
    );
    expect(() => parseListParamsAcross({ attributes: 'userName,shoeSize' }, both)).toThrow(
      expect.objectContaining({ detail: 'Unknown attribute "shoeSize" in attributes' }),
    );
    expect(() => parseListParamsAcross({ sortBy: 'shoeSize' }, both)).toThrow(
      expect.objectContaining({ detail: 'Unknown attribute "shoeSize" in sortBy' }),
    );
  });

  it('keeps attributes one type lacks from widening that type to every attribute', () => {
    const [user, group] = parseListParamsAcross(
      { attributes: 'userName', excludedAttributes: 'members', sortBy: 'userName' },
      both,
    );
    expect(user).toMatchObject({
      attributes: [{ attribute: 'userName' }],
      sortBy: { attribute: 'userName' },
    });
    expect(group.attributes).toHaveLength(1);
    expect(group.sortBy).toBeUndefined();
    expect(user.excludedAttributes).toEqual([]);
    expect(group.excludedAttributes).toEqual([{ attribute: 'members' }]);
  });

  it('applies the same paging to both', () => {
    const params = parseListParamsAcross({ startIndex: '3', count: '2' }, both);
    expect(params.map((p) => [p.startIndex, p.count])).toEqual([
      [3, 2],
      [3, 2],
    ]);
  });
});
