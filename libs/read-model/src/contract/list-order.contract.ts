import { beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidSortError } from '../read-model.errors.js';
import type { ListQuery, SortOrder } from '../read-model.port.js';
import { type OpenReadModel, useReadModel } from './contract-setup.js';
import {
  CUSTOM,
  groupQuery,
  path,
  seedDirectory,
  userFilter,
  userQuery,
  userSort,
} from './list.fixture.js';
import { users } from './recorded-events.fixture.js';

/** RFC 7644 §3.4.2.3 sorting and §3.4.2.4 paging, done by the adapter, not in memory. */
export function describeListOrder(open: OpenReadModel): void {
  const ctx = useReadModel(open);

  const userIds = async (extra: Partial<ListQuery>) =>
    (await ctx().model.listUsers('acme', userQuery(extra))).rows.map((row) => row.id);
  const sortedIds = (sortBy: string, sortOrder?: SortOrder) =>
    userIds({ sortBy: userSort(sortBy), ...(sortOrder === undefined ? {} : { sortOrder }) });

  describe('paging', () => {
    beforeEach(async () => seedDirectory(ctx()));

    it('pages in creation order with a 1-based startIndex', async () => {
      const page = (startIndex: number, count: number) =>
        ctx().model.listUsers('acme', userQuery({ startIndex, count }));
      expect(await page(1, 2)).toMatchObject({
        totalResults: 3,
        rows: [{ id: 'u1' }, { id: 'u2' }],
      });
      expect(await page(3, 2)).toMatchObject({ totalResults: 3, rows: [{ id: 'u3' }] });
      expect((await page(0, 1)).rows.map((r) => r.id)).toEqual(['u1']);
      expect(await page(9, 5)).toEqual({ totalResults: 3, rows: [] });
      expect(await page(1, 0)).toEqual({ totalResults: 3, rows: [] });
    });

    it('counts the matches of a filter across pages', async () => {
      const result = await ctx().model.listUsers(
        'acme',
        userQuery({ filter: userFilter('userName co "example"'), startIndex: 2, count: 1 }),
      );
      expect(result).toMatchObject({ totalResults: 2, rows: [{ id: 'u2' }] });
    });
  });

  describe('sorting', () => {
    beforeEach(async () => seedDirectory(ctx()));

    it('sorts by userName ignoring case, and by caseExact attributes exactly', async () => {
      expect(await sortedIds('userName', 'descending')).toEqual(['u3', 'u2', 'u1']);
      expect(await sortedIds('USERNAME')).toEqual(['u1', 'u2', 'u3']);
      // "AB-1" < "ab-1" byte-wise; u3 has no badge and comes last.
      expect(await sortedIds(`${CUSTOM}:badge`)).toEqual(['u1', 'u2', 'u3']);
      expect(await sortedIds('externalId', 'descending')).toEqual(['u2', 'u1', 'u3']);
    });

    it('sorts by sub-attributes, missing values last in both directions', async () => {
      expect(await sortedIds('name.familyName')).toEqual(['u2', 'u1', 'u3']);
      expect(await sortedIds('name.familyName', 'descending')).toEqual(['u1', 'u2', 'u3']);
    });

    it('sorts a multi-valued attribute by its primary value, else its first', async () => {
      // u1: primary Alice@X.example; u2: first bob@x.example.
      expect(await sortedIds('emails', 'descending')).toEqual(['u2', 'u1', 'u3']);
      expect(await sortedIds('emails.value')).toEqual(['u1', 'u2', 'u3']);
      expect(await sortedIds('emails.type')).toEqual(['u2', 'u1', 'u3']);
    });

    it('sorts numbers, booleans and times by value, dateTimes as instants', async () => {
      expect(await sortedIds(`${CUSTOM}:level`, 'descending')).toEqual(['u1', 'u2', 'u3']);
      expect(await sortedIds('active')).toEqual(['u2', 'u1', 'u3']);
      expect(await sortedIds('meta.lastModified', 'descending')).toEqual(['u3', 'u2', 'u1']);
      // 08:00Z (written 10:00+02:00) before 08:30Z.
      expect(await sortedIds(`${CUSTOM}:hired`)).toEqual(['u1', 'u2', 'u3']);
    });

    it('sorts by membership through the first id', async () => {
      expect(await sortedIds('groups.value', 'descending')).toEqual(['u2', 'u1', 'u3']);
      const groups = await ctx().model.listGroups(
        'acme',
        groupQuery({ sortBy: path('displayName'), sortOrder: 'descending' }),
      );
      expect(groups.rows.map((row) => row.id)).toEqual(['g2', 'g1']);
    });

    it('refuses what cannot be sorted, with InvalidSortError', async () => {
      await expect(userIds({ sortBy: path('name') })).rejects.toBeInstanceOf(InvalidSortError);
      await expect(userIds({ sortBy: path('groups', 'display') })).rejects.toBeInstanceOf(
        InvalidSortError,
      );
      await expect(userIds({ sortBy: path('meta', 'shoeSize') })).rejects.toBeInstanceOf(
        InvalidSortError,
      );
    });
  });

  describe('a paged walk', () => {
    it('sees every user once, with ties in the sort key broken the same way on every page', async () => {
      const { log, apply } = ctx();
      const ids = Array.from({ length: 25 }, (_, i) => `w${String(i).padStart(2, '0')}`);
      // Three titles only, so most users tie on the sort key.
      await apply(
        ...ids.map((id, i) => log.provision('acme', id, `${id}@x`, { title: `T${i % 3}` })),
        log.createGroup('acme', 'g', 'All'),
        log.addMembers('acme', 'g', users(...ids)),
      );
      for (const sortOrder of ['ascending', 'descending'] as const) {
        const walk: string[] = [];
        for (let startIndex = 1; startIndex <= 25; startIndex += 4) {
          const page = await ctx().model.listUsers(
            'acme',
            userQuery({ startIndex, count: 4, sortBy: userSort('title'), sortOrder }),
          );
          expect(page.totalResults).toBe(25);
          walk.push(...page.rows.map((row) => row.id));
        }
        expect(walk).toHaveLength(25);
        expect(new Set(walk).size).toBe(25);
        const titles = walk.map((id) => Number(id.slice(1)) % 3);
        const expected = [...titles].sort((a, b) => (sortOrder === 'ascending' ? a - b : b - a));
        expect(titles).toEqual(expected);
      }
    });
  });
}
