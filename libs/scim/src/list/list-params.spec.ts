import { describe, expect, it } from '@jest/globals';
import { SchemaRegistry } from '../schema/schema-registry.js';
import { parseListParams } from './list-params.js';
import { listResponse } from './list-response.js';

const registry = new SchemaRegistry();
const users = registry.forResource('User');
const groups = registry.forResource('Group');

describe('parseListParams', () => {
  it('reads Okta paging (O15) and defaults', () => {
    expect(parseListParams({ startIndex: '101', count: '100' }, users)).toEqual({
      startIndex: 101,
      count: 100,
      sortOrder: 'ascending',
      attributes: [],
      excludedAttributes: [],
    });
    expect(parseListParams({}, users, { defaultCount: 50 })).toMatchObject({
      startIndex: 1,
      count: 50,
    });
  });

  it('treats startIndex below 1 as 1 and negative count as 0 (RFC 7644 §3.4.2.4)', () => {
    expect(parseListParams({ startIndex: '0', count: '-5' }, users)).toMatchObject({
      startIndex: 1,
      count: 0,
    });
    expect(parseListParams({ count: '0' }, users).count).toBe(0);
  });

  it('caps count and reports the cap', () => {
    expect(parseListParams({ count: '5000' }, users, { maxCount: 1000 })).toMatchObject({
      count: 1000,
      countCappedAt: 1000,
    });
    expect(
      parseListParams({ count: '1000' }, users, { maxCount: 1000 }).countCappedAt,
    ).toBeUndefined();
  });

  it('rejects non-integer paging values with invalidValue', () => {
    expect(() => parseListParams({ startIndex: 'abc' }, users)).toThrow(
      expect.objectContaining({ status: 400, scimType: 'invalidValue' }),
    );
    expect(() => parseListParams({ count: '2.5' }, users)).toThrow(
      expect.objectContaining({
        scimType: 'invalidValue',
        detail: 'count must be a whole number, not "2.5"',
      }),
    );
  });

  it('reads numbers too large to count as "past the end" and "the cap"', () => {
    expect(
      parseListParams({ startIndex: '99999999999999999999', count: '99999999999999999999' }, users),
    ).toMatchObject({ startIndex: Number.MAX_SAFE_INTEGER, count: 1000, countCappedAt: 1000 });
  });

  it("parses the filter and resolves Entra's excludedAttributes=members (E10)", () => {
    const params = parseListParams(
      { excludedAttributes: 'members', filter: 'displayName eq "Sales"' },
      groups,
    );
    expect(params.excludedAttributes).toEqual([{ attribute: 'members' }]);
    expect(params.filter).toEqual({
      kind: 'compare',
      path: { attribute: 'displayName' },
      op: 'eq',
      value: 'Sales',
    });
  });

  it('resolves attributes, sortBy and sortOrder case-insensitively', () => {
    const params = parseListParams(
      {
        attributes:
          'USERNAME, name.givenName,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
        sortby: 'userName',
        sortOrder: 'Descending',
      },
      users,
    );
    expect(params.attributes).toEqual([
      { attribute: 'userName' },
      { attribute: 'name', subAttribute: 'givenName' },
      {
        schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
        attribute: 'department',
      },
    ]);
    expect(params.sortBy).toEqual({ attribute: 'userName' });
    expect(params.sortOrder).toBe('descending');
  });

  it('sorts by singular attributes, sub-attributes and multi-valued attributes only', () => {
    expect(parseListParams({ sortBy: 'name.familyName' }, users).sortBy).toEqual({
      attribute: 'name',
      subAttribute: 'familyName',
    });
    expect(parseListParams({ sortBy: 'emails' }, users).sortBy).toEqual({ attribute: 'emails' });
    expect(parseListParams({ sortBy: 'meta.lastModified' }, users).sortBy).toEqual({
      attribute: 'meta',
      subAttribute: 'lastModified',
    });
    expect(() => parseListParams({ sortBy: 'name' }, users)).toThrow(
      expect.objectContaining({
        scimType: 'invalidValue',
        detail:
          'sortBy "name" names a complex attribute; sort by one of its sub-attributes, e.g. name.formatted',
      }),
    );
    expect(() => parseListParams({ sortBy: 'password' }, users)).toThrow(
      expect.objectContaining({ scimType: 'invalidValue' }),
    );
    expect(() => parseListParams({ sortBy: 'shoeSize' }, users)).toThrow(
      expect.objectContaining({ detail: 'Unknown attribute "shoeSize" in sortBy' }),
    );
  });

  it('rejects unknown attributes, bad sortOrder and bad filters', () => {
    expect(() => parseListParams({ attributes: 'shoeSize' }, users)).toThrow(
      expect.objectContaining({ scimType: 'invalidValue' }),
    );
    expect(() => parseListParams({ sortOrder: 'up' }, users)).toThrow(
      expect.objectContaining({ scimType: 'invalidValue' }),
    );
    expect(() => parseListParams({ filter: 'userName eq' }, users)).toThrow(
      expect.objectContaining({ scimType: 'invalidFilter' }),
    );
  });

  it('ignores empty values and takes the first of repeated ones', () => {
    expect(parseListParams({ filter: '', count: ['2', '3'] }, users)).toMatchObject({ count: 2 });
    expect(parseListParams({ filter: '' }, users).filter).toBeUndefined();
  });
});

describe('listResponse', () => {
  it('builds the empty ListResponse Entra and Okta expect for a filter without hits', () => {
    expect(listResponse([], 0, 1)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  it('counts the page in itemsPerPage and the whole result in totalResults', () => {
    expect(listResponse([{ id: 'a' }, { id: 'b' }], 7, 3)).toMatchObject({
      totalResults: 7,
      startIndex: 3,
      itemsPerPage: 2,
    });
  });
});
