import { describe, expect, it } from '@jest/globals';
import { groupsPageAfterUsers } from './across-types.page.js';

describe('groupsPageAfterUsers', () => {
  it('fills the rest of a page that starts among the users with the first groups', () => {
    expect(
      groupsPageAfterUsers({ startIndex: 2, count: 5 }, { totalResults: 3, onPage: 2 }),
    ).toEqual({ startIndex: 1, count: 3 });
  });

  it('continues among the groups once the users are used up', () => {
    expect(
      groupsPageAfterUsers({ startIndex: 4, count: 2 }, { totalResults: 3, onPage: 0 }),
    ).toEqual({ startIndex: 1, count: 2 });
    expect(
      groupsPageAfterUsers({ startIndex: 7, count: 2 }, { totalResults: 3, onPage: 0 }),
    ).toEqual({ startIndex: 4, count: 2 });
  });

  it('asks the groups for their total only when the users fill the page', () => {
    expect(
      groupsPageAfterUsers({ startIndex: 1, count: 2 }, { totalResults: 10, onPage: 2 }),
    ).toEqual({ startIndex: 1, count: 0 });
    expect(
      groupsPageAfterUsers({ startIndex: 1, count: 0 }, { totalResults: 10, onPage: 0 }),
    ).toEqual({ startIndex: 1, count: 0 });
  });
});
