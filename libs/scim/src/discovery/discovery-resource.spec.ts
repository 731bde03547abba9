import { describe, expect, it } from '@jest/globals';
import { discoveryList, rejectDiscoveryFilter } from './discovery-resource.js';

describe('discoveryList', () => {
  it('is one ListResponse page holding every resource', () => {
    expect(discoveryList(['a', 'b'])).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 2,
      startIndex: 1,
      itemsPerPage: 2,
      Resources: ['a', 'b'],
    });
  });
});

describe('rejectDiscoveryFilter', () => {
  it('refuses a filter with 403, as RFC 7644 §4 asks, so no client trusts an unapplied filter', () => {
    expect(() => rejectDiscoveryFilter({ FILTER: 'name eq "User"' })).toThrow(
      expect.objectContaining({ status: 403, detail: expect.stringMatching(/filter/) }),
    );
  });

  it('lets other parameters through: paging and sorting are ignored', () => {
    expect(() =>
      rejectDiscoveryFilter({ startIndex: '2', count: '1', sortBy: 'id' }),
    ).not.toThrow();
  });
});
