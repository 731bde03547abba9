import { describe, expect, it } from '@jest/globals';
import { ScimError } from '../errors/scim-error.js';
import { SchemaRegistry } from '../schema/schema-registry.js';
import { parseListParams } from './list-params.js';
import { parseSearchRequest, SEARCH_REQUEST_SCHEMA } from './search-request.parse.js';

const users = new SchemaRegistry().forResource('User');

function failure(body: unknown): ScimError {
  try {
    parseSearchRequest(body);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(body)} was accepted`);
}

describe('parseSearchRequest', () => {
  it('reads the RFC 7644 §3.4.3 example into the parameters a GET carries', () => {
    const query = parseSearchRequest({
      schemas: [SEARCH_REQUEST_SCHEMA],
      attributes: ['displayName', 'userName'],
      excludedAttributes: ['emails'],
      filter: 'displayName sw "smith"',
      sortBy: 'userName',
      sortOrder: 'descending',
      startIndex: 1,
      count: 10,
    });
    expect(query).toEqual({
      attributes: 'displayName,userName',
      excludedAttributes: 'emails',
      filter: 'displayName sw "smith"',
      sortBy: 'userName',
      sortOrder: 'descending',
      startIndex: '1',
      count: '10',
    });
    expect(parseListParams(query, users)).toMatchObject({
      startIndex: 1,
      count: 10,
      sortOrder: 'descending',
      attributes: [{ attribute: 'displayName' }, { attribute: 'userName' }],
    });
  });

  it('matches member names case-insensitively and ignores null and unknown members', () => {
    expect(
      parseSearchRequest({
        Schemas: [SEARCH_REQUEST_SCHEMA.toUpperCase()],
        FILTER: 'userName pr',
        count: null,
        cursor: 'x',
      }),
    ).toEqual({ filter: 'userName pr' });
  });

  it('answers a body that is no SearchRequest with invalidSyntax', () => {
    expect(failure('filter=userName pr')).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
    expect(failure([])).toMatchObject({ scimType: 'invalidSyntax' });
    expect(failure({ filter: 'userName pr' })).toMatchObject({
      scimType: 'invalidSyntax',
      detail: `"schemas" must list ${SEARCH_REQUEST_SCHEMA}`,
    });
    expect(failure({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] }).scimType).toBe(
      'invalidSyntax',
    );
  });

  it('answers members of the wrong type with invalidValue naming them', () => {
    const search = (extra: object) => ({ schemas: [SEARCH_REQUEST_SCHEMA], ...extra });
    expect(failure(search({ count: 2.5 }))).toMatchObject({
      scimType: 'invalidValue',
      detail: 'count must be a whole number, not 2.5',
    });
    expect(failure(search({ startIndex: true })).detail).toContain('startIndex');
    expect(failure(search({ filter: 42 })).detail).toBe('filter must be a string');
    expect(failure(search({ attributes: [1, 2] })).detail).toContain('attributes must be a list');
  });
});
